import { inspect } from 'node:util';
import { silentLogger } from '@sluice/logging';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateQualysDataset,
  type QualysAsset,
  type QualysSimulator,
  type QualysSimulatorOptions,
  startQualysSimulator,
} from '../../qualys-simulator/src/index.ts';
import { GAV_INCLUDE_FIELDS, type GavApi } from './gav-api.ts';
import { pullQualys } from './pull.ts';
import {
  CapturingWriter,
  type FakeClock,
  fakeClock,
  gavApi,
  secret,
  statusRecorder,
  stubServer,
} from './testing.ts';

const SEARCH = 'POST /rest/2.0/search/am/asset';
const COUNT = 'POST /rest/2.0/count/am/asset';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function simulator(
  clock: FakeClock,
  assets: number,
  options: Partial<QualysSimulatorOptions> = {},
): Promise<QualysSimulator> {
  const sim = await startQualysSimulator({
    dataset: generateQualysDataset({ seed: 7, assets, clock: clock.date }),
    clock: clock.date,
    ...options,
  });
  cleanups.push(() => sim.close());
  return sim;
}

function client(api: GavApi): GavApi {
  cleanups.push(() => api.close());
  return api;
}

/** What the gateway sends for an asset: the selected fields, through JSON. */
function asSent(asset: QualysAsset): unknown {
  const record = asset as unknown as Record<string, unknown>;
  return JSON.parse(JSON.stringify(Object.fromEntries(GAV_INCLUDE_FIELDS.map((f) => [f, record[f]]))));
}

describe('Global AssetView pull', () => {
  it('pages 650 assets as 300, 300 and 50 and writes each one as received', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 650);
    const writer = new CapturingWriter();
    const progress: number[] = [];
    const result = await pullQualys({
      api: client(gavApi(sim.url, clock)),
      writer,
      logger: silentLogger(),
      onProgress: (pulled) => progress.push(pulled.assets ?? -1),
    });

    expect(result).toEqual({
      pulled: { expected: 650, assets: 650, pages: 3, emptyPages: 0, duplicates: 0 },
      completeEntities: ['assets'],
    });
    expect(progress).toEqual([0, 300, 600, 650]);
    expect(writer.records.map((r) => r.id)).toEqual(sim.dataset.assets.map((a) => String(a.assetId)));
    expect(writer.records.map((r) => r.data)).toEqual(sim.dataset.assets.map(asSent));
    expect(new Set(writer.records.map((r) => `${r.topic} ${r.entity}`))).toEqual(
      new Set(['qualys.raw.assets gav-asset']),
    );
    expect(sim.stats().byRoute).toEqual({ 'POST /auth': 1, [COUNT]: 1, [SEARCH]: 3 });
  });

  it('asks only for the fields the mapping reads, and the gateway honours every name', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 40);
    const writer = new CapturingWriter();
    await pullQualys({ api: client(gavApi(sim.url, clock)), writer, logger: silentLogger() });

    for (const record of writer.records)
      expect(Object.keys(record.data as object).sort()).toEqual([...GAV_INCLUDE_FIELDS].sort());
    const assets = writer.records.map((r) => r.data as Record<string, unknown>);
    // Each group the CMDB mapping reads arrives filled on some asset.
    for (const group of ['hardware', 'operatingSystem', 'processor', 'volumeListData', 'cloudProvider'])
      expect(assets.some((a) => a[group] !== null)).toBe(true);
  });

  it('never asks for more than 300 assets a page, whatever the connection says', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 650);
    const large = client(gavApi(sim.url, clock, { pageSize: 1000 }));
    expect(large.pageSize).toBe(300);
    const small = client(gavApi(sim.url, clock, { pageSize: 100 }));
    const result = await pullQualys({ api: small, writer: new CapturingWriter(), logger: silentLogger() });
    expect(result.pulled).toMatchObject({ assets: 650, pages: 7 });
  });

  it('ends on an empty page that still says hasMore=1, with every asset once', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 650, { faults: { emptyPageWithHasMore: true } });
    const writer = new CapturingWriter();
    const result = await pullQualys({ api: client(gavApi(sim.url, clock)), writer, logger: silentLogger() });

    expect(result).toEqual({
      pulled: { expected: 650, assets: 650, pages: 4, emptyPages: 1, duplicates: 0 },
      completeEntities: ['assets'],
    });
    expect(new Set(writer.records.map((r) => r.id)).size).toBe(650);
    expect(sim.stats().byRoute[SEARCH]).toBe(4);
  });

  it('reads 204 as "no assets": a complete, empty pull', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 5);
    sim.dataset.clear();
    const recorder = statusRecorder();
    const writer = new CapturingWriter();
    const result = await pullQualys({
      api: client(gavApi(sim.url, clock, { onEvent: recorder.onEvent })),
      writer,
      logger: silentLogger(),
    });

    expect(result).toEqual({
      pulled: { expected: 0, assets: 0, pages: 1, emptyPages: 1, duplicates: 0 },
      completeEntities: ['assets'],
    });
    expect(recorder.statuses.at(-1)).toEqual({ path: '/rest/2.0/search/am/asset', status: 204 });
    expect(writer.records).toEqual([]);
  });

  it('fails on a 200 that says responseCode FAILED, with the reason and no retry', async () => {
    const stub = await stubServer((req, res) => {
      if (req.url === '/auth') return res.writeHead(201).end('not.a.jwt');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"responseCode":"FAILED","responseMessage":"User does not have CSAM API access"}');
    });
    cleanups.push(stub.close);
    const clock = fakeClock();
    const error = await pullQualys({
      api: client(gavApi(stub.url, clock)),
      writer: new CapturingWriter(),
      logger: silentLogger(),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'QUALYS_REQUEST_FAILED', retriable: false });
    expect((error as Error).message).toContain('User does not have CSAM API access');
    expect(stub.hits['/rest/2.0/count/am/asset']).toBe(1);
    expect(clock.waits).toEqual([]);
  });
});

describe('Global AssetView authentication', () => {
  it('renews the JWT before it expires, not on every call and not after a 401', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 650, { jwtTtlMs: 4 * 3600_000 });
    const recorder = statusRecorder();
    const api = client(gavApi(sim.url, clock, { onEvent: recorder.onEvent }));
    const pages = api.assetPages();

    expect((await pages.next()).value).toHaveLength(300);
    clock.advance(3 * 3600_000 + 20 * 60_000); // 40 minutes left: still good
    expect((await pages.next()).value).toHaveLength(300);
    expect(sim.stats().auth).toBe(1);
    clock.advance(15 * 60_000); // 25 minutes left: renew first
    expect((await pages.next()).value).toHaveLength(50);
    expect(sim.stats().auth).toBe(2);
    expect(recorder.statuses.filter((s) => s.status === 401)).toEqual([]);
    await pages.return(undefined);
  });

  it('logs in again once when the gateway answers 401, and carries on', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 650);
    const recorder = statusRecorder();
    const writer = new CapturingWriter();
    const result = await pullQualys({
      api: client(gavApi(sim.url, clock, { onEvent: recorder.onEvent })),
      writer,
      logger: silentLogger(),
      onProgress: (pulled) => {
        if (pulled.assets === 300) sim.expireTokens();
      },
    });

    expect(result.pulled).toMatchObject({ assets: 650, pages: 3 });
    expect(sim.stats().auth).toBe(2);
    expect(recorder.statuses.filter((s) => s.status === 401)).toHaveLength(1);
    expect(new Set(writer.records.map((r) => r.id)).size).toBe(650);
  });

  it('fails with a coded, non-retriable error when the fresh token is refused too', async () => {
    // Every token the simulator issues has lapsed by its next call; the client's clock thinks it fresh.
    let simTime = Date.parse('2026-03-02T08:00:00Z');
    const sim = await startQualysSimulator({
      dataset: generateQualysDataset({ seed: 7, assets: 10, clock: () => new Date(simTime) }),
      clock: () => {
        simTime += 1000;
        return new Date(simTime);
      },
      jwtTtlMs: 1000,
    });
    cleanups.push(() => sim.close());
    const clock = fakeClock(Date.parse('2026-03-02T07:00:00Z'));
    const error = await pullQualys({
      api: client(gavApi(sim.url, clock)),
      writer: new CapturingWriter(),
      logger: silentLogger(),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'HTTP_UNAUTHORIZED', retriable: false });
    expect(sim.stats().auth).toBe(2);
    expect(sim.stats().byRoute[COUNT]).toBe(2);
  });

  it('fails on a wrong password at once, without retries and without the password in the error', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 10);
    const password = 'wrong-Password-0451';
    const api = client(gavApi(sim.url, clock, { password: secret(password) }));
    const error = await pullQualys({ api, writer: new CapturingWriter(), logger: silentLogger() }).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'HTTP_UNAUTHORIZED', retriable: false });
    expect(api.http.stats.calls).toBe(1);
    expect(sim.stats()).toMatchObject({ requests: 1, auth: 1 });
    expect(clock.waits).toEqual([]);
    const shown = [
      (error as Error).message,
      JSON.stringify(error),
      String((error as Error).stack),
      inspect(error, { depth: 8 }),
    ].join('\n');
    expect(shown).not.toContain(password);
  });
});

describe('Global AssetView rate limits', () => {
  it('waits the X-RateLimit-ToWait-Sec of a 429 and then goes on', async () => {
    const clock = fakeClock();
    // Two searches a 30 s window: the third page is refused until the window has moved on.
    const sim = await simulator(clock, 650, { gatewayRateLimit: { limit: 2, windowSec: 30 } });
    const api = client(gavApi(sim.url, clock));
    const writer = new CapturingWriter();
    const result = await pullQualys({ api, writer, logger: silentLogger() });

    expect(clock.waits).toEqual([30_000]);
    expect(api.http.stats).toMatchObject({ rateLimited: 1, retries: 1 });
    expect(sim.stats().rateLimited429).toBe(1);
    expect(result.pulled).toMatchObject({ assets: 650, pages: 3 });
  });

  it('waits out injected 429s one ToWait-Sec at a time', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 650, { faults: { rate429: 0.4, seed: 11 } });
    const api = client(gavApi(sim.url, clock, { pageSize: 50 }));
    const result = await pullQualys({ api, writer: new CapturingWriter(), logger: silentLogger() });

    const throttled = sim.stats().rateLimited429;
    expect(throttled).toBeGreaterThan(0);
    expect(clock.waits).toEqual(Array.from({ length: throttled }, () => 1000));
    expect(api.http.stats.rateLimited).toBe(throttled);
    expect(result.pulled).toMatchObject({ assets: 650, pages: 13 });
  });
});
