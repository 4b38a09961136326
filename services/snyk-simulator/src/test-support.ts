/** Helpers for this package's tests: a hand-made tenant and a minimal client that follows `links`. */
import { SnykDataset } from './dataset.ts';
import type { SnykIssue } from './resources.ts';
import { DEFAULT_TOKEN, type SnykSimulator } from './server.ts';

export const VERSION = '2024-10-15';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely and asserted field by field
  body: any;
}

/** A settable clock, so tests can move "now" forward between mutations. */
export function manualClock(start = '2025-06-01T12:00:00.000Z') {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
    iso: () => new Date(now).toISOString(),
  };
}

/** GET a path (`/orgs?…`, `/rest/orgs?…` or a full URL) with a token, as a Snyk client would. */
export async function get(
  sim: SnykSimulator,
  link: string,
  options: { token?: string | null; scheme?: string } = {},
): Promise<ApiResponse> {
  const url = resolveLink(sim, link);
  const token = options.token === undefined ? DEFAULT_TOKEN : options.token;
  const headers: Record<string, string> = { accept: 'application/vnd.api+json' };
  if (token !== null) headers.authorization = `${options.scheme ?? 'token'} ${token}`;
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The robust rule from the reference: absolute as is, `/rest/…` against the host, else the REST base. */
export function resolveLink(sim: SnykSimulator, link: string): string {
  if (link.startsWith('http')) return link;
  if (link.startsWith('/rest/')) return `${sim.url}${link}`;
  return `${sim.url}/rest${link}`;
}

export async function post(sim: SnykSimulator, path: string, body: unknown): Promise<ApiResponse> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Follows `links.next` verbatim until it is absent; returns every page's body and the links used. */
export async function walk(sim: SnykSimulator, first: string, token?: string) {
  const pages: ApiResponse['body'][] = [];
  const links: string[] = [];
  let link: string | undefined = first;
  while (link !== undefined) {
    const response = await get(sim, link, token === undefined ? {} : { token });
    if (response.status !== 200)
      throw new Error(`${link}: ${response.status} ${JSON.stringify(response.body)}`);
    pages.push(response.body);
    link = response.body.links.next;
    if (link !== undefined) links.push(link);
    if (pages.length > 10_000) throw new Error('pagination does not end');
  }
  const data = pages.flatMap((page) => page.data as Array<{ id: string }>);
  return { pages, links, data, ids: data.map((item) => item.id) };
}

/**
 * Two orgs; org A holds an npm GitHub project, a Maven CLI project without URL and a SAST project;
 * org B one project. Issues cover every filterable field with known dates.
 */
export function handmadeTenant() {
  const time = manualClock();
  const dataset = new SnykDataset({ clock: time.clock });
  const orgA = dataset.addOrg({ attributes: { name: 'Payments Team', group_id: 'group-1' } });
  const orgB = dataset.addOrg({
    attributes: { name: 'Mobile Apps', group_id: 'group-2', is_personal: true },
  });
  const npm = dataset.addProject(orgA.id, {
    attributes: {
      name: 'acme/pay:package.json',
      type: 'npm',
      origin: 'github',
      tags: [{ key: 'team', value: 'payments' }],
      business_criticality: ['high'],
    },
    target: { url: 'https://github.com/acme/pay', owner: 'acme', display_name: 'acme/pay' },
  });
  const maven = dataset.addProject(orgA.id, {
    attributes: {
      name: 'ledger',
      type: 'maven',
      origin: 'cli',
      target_file: 'pom.xml',
      target_reference: null,
    },
    target: { url: null },
  });
  const sast = dataset.addProject(orgA.id, {
    attributes: { type: 'sast', origin: 'github', target_file: '' },
  });
  const mobile = dataset.addProject(orgB.id, {
    attributes: { type: 'cocoapods', origin: 'github', target_file: 'Podfile' },
  });
  const issue = (projectId: string, attributes: Partial<SnykIssue['attributes']>) =>
    dataset.addIssue(projectId, { attributes });
  const issues = {
    openHigh: issue(npm.id, {
      effective_severity_level: 'high',
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-02-01T00:00:00.000Z',
    }),
    resolvedCritical: issue(npm.id, {
      status: 'resolved',
      effective_severity_level: 'critical',
      created_at: '2025-01-10T00:00:00.000Z',
      updated_at: '2025-03-01T00:00:00.000Z',
    }),
    license: issue(npm.id, {
      type: 'license',
      key: 'snyk:lic:npm:left-pad:GPL-3.0',
      title: 'GPL-3.0 license',
      effective_severity_level: 'medium',
      created_at: '2025-01-20T00:00:00.000Z',
      updated_at: '2025-01-20T00:00:00.000Z',
    }),
    ignoredLow: issue(maven.id, {
      ignored: true,
      effective_severity_level: 'low',
      created_at: '2025-02-10T00:00:00.000Z',
      updated_at: '2025-04-01T00:00:00.000Z',
    }),
    openMedium: issue(maven.id, {
      effective_severity_level: 'medium',
      created_at: '2025-03-01T00:00:00.000Z',
      updated_at: '2025-03-05T00:00:00.000Z',
    }),
    code: issue(sast.id, {
      type: 'code',
      effective_severity_level: 'info',
      created_at: '2025-03-10T00:00:00.000Z',
      updated_at: '2025-03-10T00:00:00.000Z',
    }),
    otherOrg: issue(mobile.id, {
      created_at: '2025-01-05T00:00:00.000Z',
      updated_at: '2025-01-05T00:00:00.000Z',
    }),
  };
  return { dataset, time, orgA, orgB, projects: { npm, maven, sast, mobile }, issues };
}
