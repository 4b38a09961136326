import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SnykSimulator, startSnykSimulator } from './server.ts';
import { get, handmadeTenant, post, VERSION } from './test-support.ts';

const tenant = handmadeTenant();
const { orgA, projects, issues, time } = tenant;
let sim: SnykSimulator;

beforeAll(async () => {
  sim = await startSnykSimulator({ dataset: tenant.dataset });
});

afterAll(async () => {
  await sim.close();
});

async function issueIds(query: string): Promise<string[]> {
  const response = await get(sim, `/orgs/${orgA.id}/issues?version=${VERSION}&limit=100${query}`);
  expect(response.status).toBe(200);
  return response.body.data.map((issue: { id: string }) => issue.id);
}

describe('GET /orgs/{org_id}/issues', () => {
  it('lists the org issues in insertion order exactly as stored, and no other org issue', async () => {
    const response = await get(sim, `/orgs/${orgA.id}/issues?version=${VERSION}&limit=100`);
    expect(response.body.data).toEqual(
      [
        issues.openHigh,
        issues.resolvedCritical,
        issues.license,
        issues.ignoredLow,
        issues.openMedium,
        issues.code,
      ].map((issue) => JSON.parse(JSON.stringify(issue))),
    );
    expect(response.body.data[0].relationships.scan_item.data).toEqual({
      id: projects.npm.id,
      type: 'project',
    });
  });

  it('type=package_vulnerability excludes license and code issues', async () => {
    expect(await issueIds('&type=package_vulnerability')).toEqual([
      issues.openHigh.id,
      issues.resolvedCritical.id,
      issues.ignoredLow.id,
      issues.openMedium.id,
    ]);
    expect(await issueIds('&type=license')).toEqual([issues.license.id]);
  });

  it('scan_item.id with scan_item.type narrows to one project; without the type it is a 400', async () => {
    expect(await issueIds(`&scan_item.type=project&scan_item.id=${projects.maven.id}`)).toEqual([
      issues.ignoredLow.id,
      issues.openMedium.id,
    ]);
    expect(await issueIds(`&scan_item.type=project&scan_item.id=${projects.mobile.id}`)).toEqual([]);
    expect(await issueIds('&scan_item.type=environment')).toEqual([]);
    const response = await get(
      sim,
      `/orgs/${orgA.id}/issues?version=${VERSION}&scan_item.id=${projects.maven.id}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({
      code: 'SNYK-0003',
      source: { parameter: 'scan_item.type' },
    });
  });

  it('status, effective_severity_level (comma lists) and ignored filter', async () => {
    expect(await issueIds('&status=resolved')).toEqual([issues.resolvedCritical.id]);
    expect(await issueIds('&status=open,resolved')).toHaveLength(6);
    expect(await issueIds('&effective_severity_level=high,critical')).toEqual([
      issues.openHigh.id,
      issues.resolvedCritical.id,
    ]);
    expect(await issueIds('&effective_severity_level=info')).toEqual([issues.code.id]);
    expect(await issueIds('&ignored=true')).toEqual([issues.ignoredLow.id]);
    expect(await issueIds('&ignored=false')).not.toContain(issues.ignoredLow.id);
  });

  it('created_after/before and updated_after/before are strict bounds', async () => {
    expect(await issueIds('&created_after=2025-03-01T00:00:00Z')).toEqual([issues.code.id]);
    expect(await issueIds('&created_before=2025-01-10T00:00:00Z')).toEqual([issues.openHigh.id]);
    expect(await issueIds('&updated_after=2025-03-01T00:00:00.000Z')).toEqual([
      issues.ignoredLow.id,
      issues.openMedium.id,
      issues.code.id,
    ]);
    expect(await issueIds('&updated_before=2025-02-01T00:00:00Z')).toEqual([issues.license.id]);
    expect(
      await issueIds('&updated_after=2025-01-31T23:00:00-01:00&updated_before=2025-03-01T00:00:01Z'),
    ).toEqual([issues.resolvedCritical.id]);
  });

  it('combines filters', async () => {
    expect(await issueIds('&type=package_vulnerability&status=open&ignored=false')).toEqual([
      issues.openHigh.id,
      issues.openMedium.id,
    ]);
  });
});

describe('mutations are visible through the API with updated_at bumped', () => {
  /** The watermark a connector would keep: the newest updated_at it has seen. */
  async function watermark(): Promise<string> {
    const all = await get(sim, `/orgs/${orgA.id}/issues?version=${VERSION}&limit=100`);
    return all.body.data
      .map((i: { attributes: { updated_at: string } }) => i.attributes.updated_at)
      .sort()
      .pop();
  }

  async function changedSince(mark: string) {
    const response = await get(
      sim,
      `/orgs/${orgA.id}/issues?version=${VERSION}&limit=100&updated_after=${mark}`,
    );
    return response.body.data;
  }

  it('resolve-issue: status resolved with a resolution, picked up by updated_after', async () => {
    const mark = await watermark();
    time.advance(60_000);
    expect(
      (await post(sim, '/_sim/mutate', { action: 'resolve-issue', id: issues.openMedium.id })).status,
    ).toBe(200);
    const changed = await changedSince(mark);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      id: issues.openMedium.id,
      attributes: {
        status: 'resolved',
        resolution: { type: 'fixed', resolved_at: time.iso() },
        updated_at: time.iso(),
      },
    });
  });

  it('reopen-issue: open again without a resolution', async () => {
    const mark = await watermark();
    time.advance(60_000);
    await post(sim, '/_sim/mutate', { action: 'reopen-issue', id: issues.openMedium.id });
    const [changed] = await changedSince(mark);
    expect(changed.id).toBe(issues.openMedium.id);
    expect(changed.attributes.status).toBe('open');
    expect(changed.attributes).not.toHaveProperty('resolution');
    expect(changed.attributes.updated_at).toBe(time.iso());
  });

  it('ignore-issue / unignore-issue flip ignored', async () => {
    let mark = await watermark();
    time.advance(60_000);
    await post(sim, '/_sim/mutate', { action: 'ignore-issue', id: issues.openHigh.id });
    expect(
      (await changedSince(mark)).map((i: { id: string; attributes: { ignored: boolean } }) => [
        i.id,
        i.attributes.ignored,
      ]),
    ).toEqual([[issues.openHigh.id, true]]);
    expect(await issueIds('&ignored=true')).toContain(issues.openHigh.id);
    mark = await watermark();
    time.advance(60_000);
    await post(sim, '/_sim/mutate', { action: 'unignore-issue', id: issues.openHigh.id });
    expect((await changedSince(mark))[0].attributes.ignored).toBe(false);
  });

  it('set-severity changes effective_severity_level', async () => {
    const mark = await watermark();
    time.advance(60_000);
    await post(sim, '/_sim/mutate', { action: 'set-severity', id: issues.license.id, level: 'critical' });
    const [changed] = await changedSince(mark);
    expect(changed).toMatchObject({
      id: issues.license.id,
      attributes: { effective_severity_level: 'critical' },
    });
  });

  it('deactivate-project / activate-project change the project status', async () => {
    const status = async () =>
      (await get(sim, `/orgs/${orgA.id}/projects?version=${VERSION}&ids=${projects.maven.id}`)).body.data[0]
        .attributes.status;
    await post(sim, '/_sim/mutate', { action: 'deactivate-project', id: projects.maven.id });
    expect(await status()).toBe('inactive');
    await post(sim, '/_sim/mutate', { action: 'activate-project', id: projects.maven.id });
    expect(await status()).toBe('active');
  });

  it('delete-project removes the project and its issues from every listing', async () => {
    await post(sim, '/_sim/mutate', { action: 'delete-project', id: projects.sast.id });
    const listed = await get(sim, `/orgs/${orgA.id}/projects?version=${VERSION}`);
    expect(listed.body.data.map((p: { id: string }) => p.id)).toEqual([projects.npm.id, projects.maven.id]);
    expect(await issueIds('')).not.toContain(issues.code.id);
    expect(await issueIds(`&scan_item.type=project&scan_item.id=${projects.sast.id}`)).toEqual([]);
  });

  it('unknown ids are a 404 naming the id', async () => {
    const response = await post(sim, '/_sim/mutate', { action: 'resolve-issue', id: 'no-such-issue' });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      code: 'SIM_UNKNOWN_ISSUE',
      message: 'unknown issue no-such-issue',
    });
  });
});
