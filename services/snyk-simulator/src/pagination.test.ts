import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSnykDataset } from './generate.ts';
import { type SnykSimulator, startSnykSimulator } from './server.ts';
import { get, manualClock, VERSION, walk } from './test-support.ts';

const time = manualClock();
const dataset = generateSnykDataset({ seed: 21, orgs: 2, projects: 40, issues: 1200, clock: time.clock });
const org = dataset.orgs[0]!;
let sim: SnykSimulator;

beforeAll(async () => {
  sim = await startSnykSimulator({ dataset });
});

afterAll(async () => {
  await sim.close();
});

describe('cursor pagination', () => {
  it('follows links.next verbatim to the end: every issue once, in insertion order', async () => {
    const expected = dataset.issuesOfOrg(org.id).map((i) => i.id);
    const result = await walk(sim, `/orgs/${org.id}/issues?version=${VERSION}&limit=50`);
    expect(result.ids).toEqual(expected);
    expect(result.pages).toHaveLength(Math.ceil(expected.length / 50));
    expect(result.pages.at(-1).links).not.toHaveProperty('next');
    expect(result.pages.slice(0, -1).every((page) => page.data.length === 50)).toBe(true);
  });

  it('alternates next links with and without the /rest prefix, both resolvable', async () => {
    const { links } = await walk(sim, `/orgs/${org.id}/issues?version=${VERSION}&limit=20`);
    expect(links.length).toBeGreaterThan(3);
    const withPrefix = links.filter((link) => link.startsWith('/rest/orgs/'));
    const without = links.filter((link) => link.startsWith('/orgs/'));
    expect(withPrefix.length + without.length).toBe(links.length);
    expect(Math.abs(withPrefix.length - without.length)).toBeLessThanOrEqual(1);
    expect(links[0]!.startsWith('/rest/')).toBe(true);
    expect(links[1]!.startsWith('/orgs/')).toBe(true);
  });

  it('puts every query parameter in next exactly once, keeping the filters', async () => {
    const first = await get(
      sim,
      `/orgs/${org.id}/issues?version=${VERSION}&type=package_vulnerability&status=open,resolved&limit=10`,
    );
    const next = new URL(first.body.links.next, 'http://x');
    const names = [...next.searchParams.keys()];
    expect(names).toEqual(['version', 'type', 'status', 'limit', 'starting_after']);
    expect(next.searchParams.get('status')).toBe('open,resolved');
    expect(next.searchParams.get('starting_after')).toMatch(/^v1\./);
    expect(first.body.links.self).toBe(
      `/rest/orgs/${org.id}/issues?version=${VERSION}&type=package_vulnerability&status=open,resolved&limit=10`,
    );
    const withoutLimit = await get(sim, `/orgs/${org.id}/issues?version=${VERSION}`);
    expect(withoutLimit.body.data).toHaveLength(10);
    expect(withoutLimit.body.links.next).toMatch(/\?version=2024-10-15&limit=10&starting_after=v1\./);
  });

  it('a client that joins an unprefixed link to the host instead of the REST base gets a 404', async () => {
    const first = await get(sim, `/orgs/${org.id}/issues?version=${VERSION}&limit=10`);
    const second = await get(sim, first.body.links.next);
    const unprefixed: string = second.body.links.next;
    expect(unprefixed.startsWith('/orgs/')).toBe(true);
    expect(
      (await fetch(`${sim.url}${unprefixed}`, { headers: { authorization: 'token snyk-sim-token' } })).status,
    ).toBe(404);
    expect((await get(sim, unprefixed)).status).toBe(200);
  });

  it('walks filtered collections and projects and orgs the same way', async () => {
    const open = await walk(
      sim,
      `/orgs/${org.id}/issues?version=${VERSION}&limit=30&status=open&ignored=false`,
    );
    expect(open.ids).toEqual(
      dataset
        .issuesOfOrg(org.id)
        .filter((i) => i.attributes.status === 'open' && !i.attributes.ignored)
        .map((i) => i.id),
    );
    const projectsWalk = await walk(
      sim,
      `/orgs/${org.id}/projects?version=${VERSION}&limit=10&expand=target`,
    );
    expect(projectsWalk.ids).toEqual(dataset.projectsOfOrg(org.id).map((p) => p.id));
    const orgsWalk = await walk(sim, `/orgs?version=${VERSION}&limit=10`);
    expect(orgsWalk.ids).toEqual(dataset.orgs.map((o) => o.id));
  });

  it('offers prev links that page backwards with ending_before', async () => {
    const first = await get(sim, `/orgs/${org.id}/issues?version=${VERSION}&limit=10`);
    expect(first.body.links).not.toHaveProperty('prev');
    const second = await get(sim, first.body.links.next);
    expect(second.body.links.prev).toContain('ending_before=v1.');
    const back = await get(sim, second.body.links.prev);
    expect(back.body.data.map((i: { id: string }) => i.id)).toEqual(
      first.body.data.map((i: { id: string }) => i.id),
    );
  });

  it('keeps cursors valid while data changes between pages', async () => {
    const issues = dataset.issuesOfOrg(org.id);
    const before = issues.map((i) => i.id);
    const page1 = await get(sim, `/orgs/${org.id}/issues?version=${VERSION}&limit=100`);
    const lastOnPage1 = page1.body.data.at(-1);

    // Delete the project of the cursor's own item, resolve an issue further on, add a new issue.
    const deletedProject = lastOnPage1.relationships.scan_item.data.id as string;
    const deletedIssues = new Set(dataset.issuesOfProject(deletedProject).map((i) => i.id));
    dataset.deleteProject(deletedProject);
    const later = dataset.issuesOfOrg(org.id).at(-5)!;
    time.advance(60_000);
    dataset.resolveIssue(later.id);
    const target = dataset.projectsOfOrg(org.id)[0]!;
    const added = dataset.addIssue(target.id);

    const rest = await walk(sim, page1.body.links.next);
    const seen = [...page1.body.data.map((i: { id: string }) => i.id), ...rest.ids];
    expect(new Set(seen).size).toBe(seen.length);
    const stillThere = before.slice(100).filter((id) => !deletedIssues.has(id));
    expect(rest.ids).toEqual([...stillThere, added.id]);
    expect(rest.data.find((i) => i.id === later.id)).toMatchObject({ attributes: { status: 'resolved' } });
  });
});
