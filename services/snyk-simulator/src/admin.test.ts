import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetSummary } from './dataset.ts';
import { generateSnykDataset } from './generate.ts';
import { type SnykSimulator, startSnykSimulator } from './server.ts';
import { get, post, VERSION } from './test-support.ts';

const running: SnykSimulator[] = [];

async function start(): Promise<SnykSimulator> {
  const sim = await startSnykSimulator({
    dataset: generateSnykDataset({ seed: 8, orgs: 2, projects: 12, issues: 150 }),
  });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('/_sim admin API', () => {
  it('GET /_sim/stats counts API requests per route; POST /_sim/stats/reset clears them', async () => {
    const sim = await start();
    const orgId = sim.dataset.orgs[0]!.id;
    await get(sim, `/orgs?version=${VERSION}`);
    await get(sim, `/orgs/${orgId}/issues?version=${VERSION}`);
    await get(sim, `/orgs/${orgId}/issues?version=${VERSION}&limit=20`);
    await get(sim, `/orgs?version=${VERSION}`, { token: null });
    const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
    expect(stats).toEqual({
      requests: 4,
      rateLimited: 0,
      injected5xx: 0,
      dropped: 0,
      duplicatesServed: 0,
      byRoute: { 'GET /rest/orgs': 2, 'GET /rest/orgs/:org_id/issues': 2 },
    });
    expect(sim.stats()).toEqual(stats);
    expect((await post(sim, '/_sim/stats/reset', {})).body.requests).toBe(0);
    sim.resetStats();
    expect(sim.stats().requests).toBe(0);
  });

  it('POST /_sim/faults validates the body and names the bad field', async () => {
    const sim = await start();
    const tooHigh = await post(sim, '/_sim/faults', { rate5xx: 1.5 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.error).toMatchObject({ code: 'SIM_INVALID_INPUT', field: 'rate5xx' });
    const unknown = await post(sim, '/_sim/faults', { rate500: 0.1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('rate500');
    const ok = await post(sim, '/_sim/faults', { duplicateRate: 0.25, seed: 3 });
    expect(ok.body).toEqual({ rate429: 0, rate5xx: 0, rateDrop: 0, duplicateRate: 0.25, seed: 3 });
  });

  it('POST /_sim/rate-limit sets the per-token limit', async () => {
    const sim = await start();
    expect((await post(sim, '/_sim/rate-limit', { perMinute: 0 })).body.error.field).toBe('perMinute');
    expect((await post(sim, '/_sim/rate-limit', { perMinute: 1 })).body).toEqual({ perMinute: 1 });
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(200);
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(429);
  });

  it('POST /_sim/mutate applies random changes reproducibly and validates actions', async () => {
    const a = await start();
    const b = await start();
    const first = await post(a, '/_sim/mutate', { random: 25, seed: 5 });
    const second = await post(b, '/_sim/mutate', { random: 25, seed: 5 });
    expect(first.status).toBe(200);
    expect(first.body.applied).toHaveLength(25);
    expect(second.body.applied).toEqual(first.body.applied);
    const bad = await post(a, '/_sim/mutate', { action: 'explode-issue', id: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('action');
    const noLevel = await post(a, '/_sim/mutate', { action: 'set-severity', id: a.dataset.issues[0]!.id });
    expect(noLevel.body.error.field).toBe('level');
    const missingSeed = await post(a, '/_sim/mutate', { random: 3 });
    expect(missingSeed.body.error.field).toBe('seed');
  });

  it('POST /_sim/generate replaces the dataset; GET /_sim/dataset/summary counts it', async () => {
    const sim = await start();
    const before = sim.dataset;
    const generated = await post(sim, '/_sim/generate', { seed: 2, orgs: 3, projects: 30, issues: 500 });
    expect(generated.body).toMatchObject({ orgs: 3, projects: 30, issues: 500 });
    expect(sim.dataset).not.toBe(before);
    expect(sim.dataset.issues).toHaveLength(500);
    const summary = (await (await fetch(`${sim.url}/_sim/dataset/summary`)).json()) as DatasetSummary;
    expect(summary).toMatchObject({ orgs: 3, projects: 30, issues: 500 });
    expect(summary.openIssues + summary.resolvedIssues).toBe(500);
    expect(summary.byOrg.reduce((n: number, org: { issues: number }) => n + org.issues, 0)).toBe(500);
    const orgs = await get(sim, `/orgs?version=${VERSION}`);
    expect(orgs.body.data.map((o: { id: string }) => o.id)).toEqual(sim.dataset.orgs.map((o) => o.id));
    const bad = await post(sim, '/_sim/generate', { seed: 2, orgs: 0, projects: 5, issues: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('orgs');
    const unknown = await post(sim, '/_sim/generate', { seed: 2, orgs: 1, projects: 1, issues: 1, users: 3 });
    expect(unknown.body.error.field).toBe('users');
  });

  it('answers malformed JSON with a 400', async () => {
    const sim = await start();
    const response = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"rate429":',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toMatch(/^FST_/);
  });
});

describe('main.ts', () => {
  it('prints one JSON line with the URL, serves the API with the given token and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        main,
        '--port',
        '0',
        '--seed',
        '7',
        '--orgs',
        '2',
        '--projects',
        '10',
        '--issues',
        '100',
        '--token',
        'demo',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const lines = createInterface({ input: child.stdout! });
      const [line] = (await once(lines, 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/rest/orgs?version=${VERSION}`, {
        headers: { authorization: 'token demo' },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(2);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);
});
