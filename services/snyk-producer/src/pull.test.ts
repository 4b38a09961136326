import { SecretRef } from '@sluice/config';
import { silentLogger } from '@sluice/logging';
import type { RawWriter } from '@sluice/pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { SnykDataset, type SnykSimulator, startSnykSimulator } from '../../snyk-simulator/src/index.ts';
import { pullSnyk } from './pull.ts';
import { SnykApi } from './snyk-api.ts';

const TOKEN = 'pull-test-token-0123';
let sim: SnykSimulator;
afterEach(() => sim?.close());

class CapturingWriter implements RawWriter {
  readonly written: Record<string, number> = {};
  readonly records: Array<{ topic: string; entity: string; id: string; parentId?: string }> = [];
  async write(topic: string, entity: string, id: string | number, _data: unknown, parentId?: string) {
    this.records.push({ topic, entity, id: String(id), ...(parentId ? { parentId } : {}) });
    this.written[entity] = (this.written[entity] ?? 0) + 1;
  }
  async flush() {}
  ids(entity: string) {
    return this.records.filter((r) => r.entity === entity).map((r) => r.id);
  }
}

function dataset(issues: number): SnykDataset {
  const d = new SnykDataset();
  const a = d.addOrg({ attributes: { name: 'A', slug: 'a' } });
  const b = d.addOrg({ attributes: { name: 'B', slug: 'b' } });
  const p1 = d.addProject(a.id, { attributes: { type: 'npm', origin: 'github' } });
  const p2 = d.addProject(b.id, { attributes: { type: 'pip', origin: 'cli' } });
  for (let i = 0; i < issues; i++)
    d.addIssue(i % 3 === 0 ? p2.id : p1.id, { attributes: { type: 'package_vulnerability' } });
  return d;
}

function api(url: string, waits: number[] = [], token = TOKEN) {
  return new SnykApi({
    apiUrl: url,
    token: SecretRef.parse('${T}', { T: token })!,
    apiVersion: '2024-10-15',
    pageSize: 10,
    rateLimitPerMinute: 100_000,
    timeoutMs: 5000,
    sleep: async (ms) => void waits.push(ms),
  });
}

describe('pullSnyk', () => {
  it('follows links.next with and without /rest to the end and writes each record once', async () => {
    const data = dataset(95);
    sim = await startSnykSimulator({ dataset: data, tokens: [{ token: TOKEN }] });
    const writer = new CapturingWriter();
    const result = await pullSnyk({
      api: api(sim.url),
      writer,
      mode: 'full',
      watermark: () => undefined,
      overlapMs: 0,
      logger: silentLogger(),
    });
    expect(result.pulled).toEqual({ orgs: 2, projects: 2, issues: 95, duplicates: 0 });
    expect(new Set(writer.ids('issue'))).toEqual(new Set(data.issues.map((i) => i.id)));
    expect(writer.ids('issue')).toHaveLength(95);
    expect(result.completeEntities).toEqual(['orgs', 'projects', 'issues']);
    expect(writer.records.find((r) => r.entity === 'project')?.parentId).toBe(data.orgs[0]?.id);
    // Projects of an org are written before its issues, for the transformer's join.
    const firstIssue = writer.records.findIndex((r) => r.entity === 'issue');
    expect(writer.records.findIndex((r) => r.entity === 'project')).toBeLessThan(firstIssue);
  });

  it('writes an issue Snyk returns twice once, and counts the duplicate', async () => {
    sim = await startSnykSimulator({
      dataset: dataset(60),
      tokens: [{ token: TOKEN }],
      faults: { duplicateRate: 1, seed: 3 },
    });
    const writer = new CapturingWriter();
    const result = await pullSnyk({
      api: api(sim.url),
      writer,
      mode: 'full',
      watermark: () => undefined,
      overlapMs: 0,
      logger: silentLogger(),
    });
    expect(result.pulled.issues).toBe(60);
    expect(result.pulled.duplicates).toBeGreaterThan(0);
    expect(new Set(writer.ids('issue')).size).toBe(60);
  });

  it('loses no page to 429s, 5xx answers and dropped connections', async () => {
    const data = dataset(120);
    sim = await startSnykSimulator({
      dataset: data,
      tokens: [{ token: TOKEN }],
      faults: { rate429: 0.2, rate5xx: 0.15, rateDrop: 0.05, seed: 9 },
    });
    const waits: number[] = [];
    const client = api(sim.url, waits);
    const writer = new CapturingWriter();
    await pullSnyk({
      api: client,
      writer,
      mode: 'full',
      watermark: () => undefined,
      overlapMs: 0,
      logger: silentLogger(),
    });
    expect(new Set(writer.ids('issue'))).toEqual(new Set(data.issues.map((i) => i.id)));
    const stats = sim.stats();
    expect(stats.rateLimited + stats.injected5xx + stats.dropped).toBeGreaterThan(0);
    expect(client.http.stats.rateLimited).toBe(stats.rateLimited);
    // Every 429 of the simulator says Retry-After: 1.
    expect(waits.filter((w) => w === 1000).length).toBeGreaterThanOrEqual(stats.rateLimited);
  });

  it('asks only for issues updated after the watermark, minus the overlap, on a delta run', async () => {
    const data = dataset(30);
    sim = await startSnykSimulator({ dataset: data, tokens: [{ token: TOKEN }] });
    const first = new CapturingWriter();
    const full = await pullSnyk({
      api: api(sim.url),
      writer: first,
      mode: 'full',
      watermark: () => undefined,
      overlapMs: 0,
      logger: silentLogger(),
    });
    const changed = data.issues[4]!.id;
    data.resolveIssue(changed);
    const second = new CapturingWriter();
    const delta = await pullSnyk({
      api: api(sim.url),
      writer: second,
      mode: 'delta',
      watermark: (orgId) => full.watermarks[orgId],
      overlapMs: 0,
      logger: silentLogger(),
    });
    expect(second.ids('issue')).toEqual([changed]);
    expect(delta.completeEntities).toEqual(['orgs', 'projects']);
    expect(Object.values(delta.watermarks).some((w) => w === data.issues[4]!.attributes.updated_at)).toBe(
      true,
    );
  });

  it('skips an org the token cannot read and then sweeps nothing', async () => {
    const data = dataset(10);
    sim = await startSnykSimulator({ dataset: data, tokens: [{ token: TOKEN, orgIds: [data.orgs[0]!.id] }] });
    const writer = new CapturingWriter();
    const result = await pullSnyk({
      api: api(sim.url),
      writer,
      mode: 'full',
      orgIds: data.orgs.map((o) => o.id),
      watermark: () => undefined,
      overlapMs: 0,
      logger: silentLogger(),
    });
    expect(result.skippedOrgs).toEqual([{ orgId: data.orgs[1]!.id, code: 'ORG_NOT_VISIBLE' }]);
    expect(result.completeEntities).toEqual([]);
    expect(result.pulled.orgs).toBe(1);
  });

  it('gives up on a bad token with a coded, non-retriable error', async () => {
    sim = await startSnykSimulator({ dataset: dataset(1), tokens: [{ token: TOKEN }] });
    const error = await pullSnyk({
      api: api(sim.url, [], 'wrong-token'),
      writer: new CapturingWriter(),
      mode: 'full',
      watermark: () => undefined,
      overlapMs: 0,
      logger: silentLogger(),
    }).catch((e) => e);
    expect(error.code).toBe('HTTP_UNAUTHORIZED');
    expect(error.retriable).toBe(false);
    expect(String(error.message)).not.toContain('wrong-token');
  });
});
