import { afterEach, describe, expect, it } from 'vitest';
import { generateSnykDataset } from './generate.ts';
import { type SnykSimulator, type SnykSimulatorOptions, startSnykSimulator } from './server.ts';
import { get, post, VERSION, walk } from './test-support.ts';

const dataset = () => generateSnykDataset({ seed: 4, orgs: 1, projects: 10, issues: 300 });
const running: SnykSimulator[] = [];

async function start(options: SnykSimulatorOptions = {}): Promise<SnykSimulator> {
  const sim = await startSnykSimulator({ dataset: dataset(), ...options });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('rate limit', () => {
  it('answers 429 SNYK-0001 with Retry-After and X-RateLimit-Reset once a token used its minute', async () => {
    const sim = await start({ rateLimitPerMinute: 3, tokens: [{ token: 'a' }, { token: 'b' }] });
    for (let i = 0; i < 3; i++)
      expect((await get(sim, `/orgs?version=${VERSION}`, { token: 'a' })).status).toBe(200);
    const limited = await get(sim, `/orgs?version=${VERSION}`, { token: 'a' });
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]).toMatchObject({ status: '429', code: 'SNYK-0001' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(58);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(retryAfter));
    expect((await get(sim, `/orgs?version=${VERSION}`, { token: 'b' })).status).toBe(200);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('does not let rejected requests take slots, and applies a raised limit at once', async () => {
    const sim = await start({ rateLimitPerMinute: 2 });
    await get(sim, `/self?version=${VERSION}`);
    await get(sim, `/self?version=${VERSION}`);
    for (let i = 0; i < 4; i++) expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(429);
    sim.setRateLimit(4);
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(200);
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(200);
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(429);
  });

  it('is not applied to unauthenticated requests or the admin API', async () => {
    const sim = await start({ rateLimitPerMinute: 1 });
    for (let i = 0; i < 3; i++)
      expect((await get(sim, `/self?version=${VERSION}`, { token: null })).status).toBe(401);
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await fetch(`${sim.url}/_sim/stats`)).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('rate429 = 1: every API call is a 429 with Retry-After: 1', async () => {
    const sim = await start({ faults: { rate429: 1 } });
    for (let i = 0; i < 5; i++) {
      const response = await get(sim, `/orgs?version=${VERSION}`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.body.errors[0].code).toBe('SNYK-0001');
    }
    expect(sim.stats()).toMatchObject({ requests: 5, rateLimited: 5 });
  });

  it('rate5xx = 1: every API call is a 500/502/503/504 with the matching catalog code', async () => {
    const sim = await start({ faults: { rate5xx: 1, seed: 99 } });
    const codes = { 500: 'SNYK-9999', 502: 'SNYK-0008', 503: 'SNYK-0009', 504: 'SNYK-0004' } as Record<
      number,
      string
    >;
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const response = await get(sim, `/orgs?version=${VERSION}`);
      expect(codes[response.status]).toBeDefined();
      expect(response.body.errors[0]).toMatchObject({
        status: String(response.status),
        code: codes[response.status],
      });
      statuses.add(response.status);
    }
    expect(statuses).toEqual(new Set([500, 502, 503, 504]));
    expect(sim.stats().injected5xx).toBe(30);
  });

  it('rateDrop = 1: the connection closes without an answer; /_sim keeps working', async () => {
    const sim = await start({ faults: { rateDrop: 1 } });
    await expect(get(sim, `/orgs?version=${VERSION}`)).rejects.toThrow();
    await expect(get(sim, `/self?version=${VERSION}`)).rejects.toThrow();
    const stats = await fetch(`${sim.url}/_sim/stats`);
    expect(await stats.json()).toMatchObject({ dropped: 2, requests: 2 });
  });

  it('faults hit authenticated calls only: a bad token still gets its 401', async () => {
    const sim = await start({ faults: { rate5xx: 1 } });
    expect((await get(sim, `/orgs?version=${VERSION}`, { token: 'nope' })).status).toBe(401);
    expect(sim.stats().injected5xx).toBe(0);
  });

  it('the same seed replays the same fault sequence; setFaults turns faults off', async () => {
    const sequence = async () => {
      const sim = await start({ faults: { rate5xx: 0.5, seed: 7 } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await get(sim, `/self?version=${VERSION}`)).status);
      sim.setFaults({ rate5xx: 0 });
      expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(200);
      return statuses;
    };
    const first = await sequence();
    expect(first).toContain(200);
    expect(first.some((status) => status >= 500)).toBe(true);
    expect(await sequence()).toEqual(first);
  });

  it('duplicateRate = 1: each issues page serves one issue twice, and a deduplicating walk still sees all', async () => {
    const sim = await start({ faults: { duplicateRate: 1 } });
    const orgId = sim.dataset.orgs[0]!.id;
    const page = await get(sim, `/orgs/${orgId}/issues?version=${VERSION}&limit=20`);
    const ids: string[] = page.body.data.map((i: { id: string }) => i.id);
    expect(ids).toHaveLength(21);
    expect(new Set(ids).size).toBe(20);
    const result = await walk(sim, `/orgs/${orgId}/issues?version=${VERSION}&limit=50`);
    const expected = sim.dataset.issuesOfOrg(orgId).map((i) => i.id);
    expect(result.ids.length).toBe(expected.length + result.pages.length);
    expect([...new Set(result.ids)]).toEqual(expected);
    expect(sim.stats().duplicatesServed).toBe(1 + result.pages.length);
    const projects = await get(sim, `/orgs/${orgId}/projects?version=${VERSION}&limit=10`);
    expect(new Set(projects.body.data.map((p: { id: string }) => p.id)).size).toBe(projects.body.data.length);
  });

  it('faults can be set over the admin API', async () => {
    const sim = await start();
    expect((await post(sim, '/_sim/faults', { rate429: 1 })).body).toMatchObject({ rate429: 1, rate5xx: 0 });
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(429);
    await post(sim, '/_sim/faults', { rate429: 0 });
    expect((await get(sim, `/self?version=${VERSION}`)).status).toBe(200);
  });
});
