import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SnykSimulator, startSnykSimulator } from './server.ts';
import { type ApiResponse, get, handmadeTenant, VERSION } from './test-support.ts';

const tenant = handmadeTenant();
const { orgA, orgB, projects } = tenant;
let sim: SnykSimulator;

beforeAll(async () => {
  sim = await startSnykSimulator({
    dataset: tenant.dataset,
    tokens: [{ token: 'group-token' }, { token: 'org-a-token', orgIds: [orgA.id] }],
  });
});

afterAll(async () => {
  await sim.close();
});

function expectSnykError(response: ApiResponse, status: number, code: string | undefined) {
  expect(response.status).toBe(status);
  expect(response.body.jsonapi).toEqual({ version: '1.0' });
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors;
  expect(error.status).toBe(String(status));
  expect(error.detail).toEqual(expect.any(String));
  if (code === undefined) expect(error).not.toHaveProperty('code');
  else expect(error.code).toBe(code);
  return error;
}

describe('startSnykSimulator', () => {
  it('listens on 127.0.0.1 on a free port', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.url).not.toMatch(/:0$/);
  });

  it('rejects bad options naming the field', async () => {
    await expect(startSnykSimulator({ tokens: [] })).rejects.toThrow(/field "tokens"/);
    await expect(startSnykSimulator({ faults: { rate5xx: 2 } })).rejects.toThrow(/field "faults.rate5xx"/);
  });
});

describe('authentication', () => {
  it('answers 401 SNYK-0005 without an Authorization header', async () => {
    const response = await get(sim, `/self?version=${VERSION}`, { token: null });
    const error = expectSnykError(response, 401, 'SNYK-0005');
    expect(error.links.about).toContain('snyk-0005');
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(response.headers.get('snyk-request-id')).toBe(error.id);
  });

  it('answers 401 for an unknown token or an unknown scheme', async () => {
    expectSnykError(await get(sim, `/orgs?version=${VERSION}`, { token: 'wrong' }), 401, 'SNYK-0005');
    expectSnykError(
      await get(sim, `/orgs?version=${VERSION}`, { token: 'group-token', scheme: 'Basic' }),
      401,
      'SNYK-0005',
    );
  });

  it('accepts "token" and "bearer" in any case and returns the token user from /self', async () => {
    for (const scheme of ['token', 'Token', 'TOKEN', 'bearer', 'Bearer']) {
      const response = await get(sim, `/self?version=${VERSION}`, { token: 'group-token', scheme });
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({
        type: 'user',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        attributes: {
          name: expect.any(String),
          username: expect.any(String),
          email: expect.stringContaining('@'),
        },
      });
    }
    const a = await get(sim, `/self?version=${VERSION}`, { token: 'group-token' });
    const b = await get(sim, `/self?version=${VERSION}`, { token: 'org-a-token' });
    expect(a.body.data.id).not.toBe(b.body.data.id);
  });
});

describe('version and query validation', () => {
  it('sets the version and request-id headers on success', async () => {
    const response = await get(sim, `/orgs?version=2024-11-30`, { token: 'group-token' });
    expect(response.status).toBe(200);
    expect(response.headers.get('snyk-version-requested')).toBe('2024-11-30');
    expect(response.headers.get('snyk-version-served')).toBe('2024-10-15');
    expect(response.headers.get('snyk-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
  });

  it('serves a beta date from the newest GA release on or before it', async () => {
    const response = await get(sim, `/orgs?version=2024-02-01~beta`, { token: 'group-token' });
    expect(response.status).toBe(200);
    expect(response.headers.get('snyk-version-served')).toBe('2024-01-23');
  });

  it('answers 400 SNYK-0003 when version is missing or invalid', async () => {
    for (const query of [
      '',
      '?version=',
      '?version=2024-13-01',
      '?version=yesterday',
      '?version=2020-01-01',
    ]) {
      const error = expectSnykError(
        await get(sim, `/orgs${query}`, { token: 'group-token' }),
        400,
        'SNYK-0003',
      );
      expect(error.source).toEqual({ parameter: 'version' });
    }
  });

  it('answers 400 for an unknown query parameter, naming it', async () => {
    const response = await get(sim, `/orgs/${orgA.id}/issues?version=${VERSION}&project_id=x`, {
      token: 'group-token',
    });
    const error = expectSnykError(response, 400, 'SNYK-0003');
    expect(error.detail).toBe("Unknown query parameter 'project_id'");
    expect(error.source).toEqual({ parameter: 'project_id' });
    const severity = await get(sim, `/orgs/${orgA.id}/issues?version=${VERSION}&severity=high`, {
      token: 'group-token',
    });
    expect(expectSnykError(severity, 400, 'SNYK-0003').source).toEqual({ parameter: 'severity' });
  });

  it('answers 400 when a parameter is repeated, as happens when a client re-adds params to links.next', async () => {
    const response = await get(sim, `/orgs?version=${VERSION}&limit=10&limit=10`, { token: 'group-token' });
    expect(expectSnykError(response, 400, 'SNYK-0003').source).toEqual({ parameter: 'limit' });
  });

  it('accepts limit 10..100 in steps of 10 only', async () => {
    for (const limit of ['10', '50', '100']) {
      expect(
        (await get(sim, `/orgs?version=${VERSION}&limit=${limit}`, { token: 'group-token' })).status,
      ).toBe(200);
    }
    for (const limit of ['0', '5', '15', '110', '-10', 'ten', '']) {
      const error = expectSnykError(
        await get(sim, `/orgs?version=${VERSION}&limit=${limit}`, { token: 'group-token' }),
        400,
        'SNYK-0003',
      );
      expect(error.source).toEqual({ parameter: 'limit' });
    }
  });

  it('answers 400 for invalid enum, boolean and date values and for a bad cursor', async () => {
    const base = `/orgs/${orgA.id}/issues?version=${VERSION}`;
    for (const [query, parameter] of [
      ['&status=closed', 'status'],
      ['&effective_severity_level=high,urgent', 'effective_severity_level'],
      ['&ignored=TRUE', 'ignored'],
      ['&updated_after=2025-01-01', 'updated_after'],
      ['&type=vulnerability', 'type'],
      ['&starting_after=v1.bogus', 'starting_after'],
      ['&ending_before=abc', 'ending_before'],
    ] as const) {
      const error = expectSnykError(await get(sim, base + query, { token: 'group-token' }), 400, 'SNYK-0003');
      expect(error.source).toEqual({ parameter });
    }
  });

  it('answers a JSON:API 404 for unknown routes', async () => {
    expectSnykError(
      await get(sim, `/orgs/${orgA.id}/widgets?version=${VERSION}`, { token: 'group-token' }),
      404,
      undefined,
    );
  });
});

describe('GET /orgs', () => {
  it('lists every org for a group token and only its org for an org-scoped token', async () => {
    const all = await get(sim, `/orgs?version=${VERSION}`, { token: 'group-token' });
    expect(all.body.data.map((o: { id: string }) => o.id)).toEqual([orgA.id, orgB.id]);
    expect(all.body.data[0]).toEqual(orgA);
    expect(all.body.links).not.toHaveProperty('next');
    const scoped = await get(sim, `/orgs?version=${VERSION}`, { token: 'org-a-token' });
    expect(scoped.body.data.map((o: { id: string }) => o.id)).toEqual([orgA.id]);
  });

  it('filters by group_id, is_personal, slug and name', async () => {
    const ids = async (query: string) =>
      (await get(sim, `/orgs?version=${VERSION}&${query}`, { token: 'group-token' })).body.data.map(
        (o: { id: string }) => o.id,
      );
    expect(await ids('group_id=group-2')).toEqual([orgB.id]);
    expect(await ids('is_personal=false')).toEqual([orgA.id]);
    expect(await ids('slug=payments-team')).toEqual([orgA.id]);
    expect(await ids('slug=payments')).toEqual([]);
    expect(await ids('name=mobile')).toEqual([orgB.id]);
  });

  it('hides an org the token cannot see: its projects and issues are 404', async () => {
    for (const path of [`/orgs/${orgB.id}/projects`, `/orgs/${orgB.id}/issues`]) {
      expectSnykError(await get(sim, `${path}?version=${VERSION}`, { token: 'org-a-token' }), 404, undefined);
    }
    expectSnykError(
      await get(sim, `/orgs/no-such-org/projects?version=${VERSION}`, { token: 'group-token' }),
      404,
      undefined,
    );
    expect(
      (await get(sim, `/orgs/${orgB.id}/projects?version=${VERSION}`, { token: 'group-token' })).status,
    ).toBe(200);
  });
});

describe('GET /orgs/{org_id}/projects', () => {
  it('returns the target as a bare reference unless expand=target', async () => {
    const plain = await get(sim, `/orgs/${orgA.id}/projects?version=${VERSION}`, { token: 'group-token' });
    expect(plain.body.data.map((p: { id: string }) => p.id)).toEqual([
      projects.npm.id,
      projects.maven.id,
      projects.sast.id,
    ]);
    const [first] = plain.body.data;
    expect(first.attributes).toEqual(projects.npm.attributes);
    expect(first.relationships.target).toEqual({
      data: { id: projects.npm.relationships.target.data.id, type: 'target' },
      links: projects.npm.relationships.target.links,
    });
    expect(first.meta).toEqual({ cli_monitored_at: null });

    const expanded = await get(sim, `/orgs/${orgA.id}/projects?version=${VERSION}&expand=target`, {
      token: 'group-token',
    });
    const target = expanded.body.data[0].relationships.target.data;
    expect(target).toEqual({
      id: projects.npm.relationships.target.data.id,
      type: 'target',
      attributes: { display_name: 'acme/pay', url: 'https://github.com/acme/pay' },
      meta: { integration_data: { owner: 'acme' } },
    });
    expect(expanded.body.data[1].relationships.target.data.attributes.url).toBeNull();
  });

  it('adds latest issue counts and dependency totals on request', async () => {
    const response = await get(
      sim,
      `/orgs/${orgA.id}/projects?version=${VERSION}&meta.latest_issue_counts=true&meta.latest_dependency_total=true`,
      { token: 'group-token' },
    );
    // npm: one open high; the resolved critical and the license issue (medium, open) count as below.
    expect(response.body.data[0].meta.latest_issue_counts).toMatchObject({
      critical: 0,
      high: 1,
      medium: 1,
      low: 0,
    });
    expect(response.body.data[1].meta.latest_issue_counts).toMatchObject({ medium: 1, low: 0 });
    expect(response.body.data[0].meta.latest_dependency_total).toEqual({
      total: 0,
      updated_at: expect.any(String),
    });
  });

  it('filters by origins, types, ids, names, target_reference, target_file, tags and criticality', async () => {
    const ids = async (query: string) =>
      (
        await get(sim, `/orgs/${orgA.id}/projects?version=${VERSION}&${query}`, { token: 'group-token' })
      ).body.data.map((p: { id: string }) => p.id);
    expect(await ids('origins=cli')).toEqual([projects.maven.id]);
    expect(await ids('origins=github,cli')).toEqual([projects.npm.id, projects.maven.id, projects.sast.id]);
    expect(await ids('types=npm,maven')).toEqual([projects.npm.id, projects.maven.id]);
    expect(await ids(`ids=${projects.sast.id}`)).toEqual([projects.sast.id]);
    expect(await ids('names=ledger')).toEqual([projects.maven.id]);
    expect(await ids('names_start_with=acme/')).toEqual([projects.npm.id]);
    expect(await ids('target_reference=main')).toEqual([projects.npm.id, projects.sast.id]);
    expect(await ids('target_file=pom.xml')).toEqual([projects.maven.id]);
    expect(await ids('tags=team:payments')).toEqual([projects.npm.id]);
    expect(await ids('business_criticality=high,critical')).toEqual([projects.npm.id]);
    expect(await ids(`target_id=${projects.maven.relationships.target.data.id}`)).toEqual([
      projects.maven.id,
    ]);
  });

  it('answers meta_count=only with the number of matching projects', async () => {
    const response = await get(
      sim,
      `/orgs/${orgA.id}/projects?version=${VERSION}&meta_count=only&origins=github`,
      {
        token: 'group-token',
      },
    );
    expect(response.body.meta).toEqual({ count: 2 });
    expect(response.body).not.toHaveProperty('data');
  });
});
