import { afterEach, describe, expect, it } from 'vitest';
import { QualysDataset } from './dataset.ts';
import { generateQualysDataset } from './generate.ts';
import { type QualysSimulator, type QualysSimulatorOptions, startQualysSimulator } from './server.ts';
import { type GavResponse, gavSearch, jsonBody, jwt, login, pullAll } from './testing.ts';

const fixedClock = () => new Date('2025-06-01T08:15:00.000Z');
const running: QualysSimulator[] = [];

async function start(options: QualysSimulatorOptions = {}): Promise<QualysSimulator> {
  const sim = await startQualysSimulator({
    dataset: generateQualysDataset({ seed: 4, assets: 120, clock: fixedClock }),
    ...options,
  });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('POST /auth', () => {
  it('answers 201 with a raw JWT for good credentials, 401 for bad ones', async () => {
    const sim = await start();
    const ok = await login(sim);
    expect(ok.status).toBe(201);
    const token = await ok.text();
    const [header, payload, signature] = token.split('.');
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims.sub).toBe('qualys-sim');
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(4 * 3600 - 1);
    expect(ok.headers.get('x-ratelimit-limit')).toBeNull();

    expect((await login(sim, 'qualys-sim', 'wrong')).status).toBe(401);
    expect((await login(sim, 'nobody', 'qualys-sim-password')).status).toBe(401);
    const noTokenFlag = await fetch(`${sim.url}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=qualys-sim&password=qualys-sim-password',
    });
    expect(noTokenFlag.status).toBe(400);
    expect(sim.stats().auth).toBe(4);
  });

  it('accepts configured users and is exempt from the gateway rate limit', async () => {
    const sim = await start({
      users: [{ username: 'u1', password: 'p1' }],
      gatewayRateLimit: { limit: 1, windowSec: 60 },
    });
    expect((await login(sim, 'u1', 'p1')).status).toBe(201);
    expect((await login(sim, 'u1', 'p1')).status).toBe(201);
    expect((await login(sim)).status).toBe(401);
  });

  it('rejects a missing, foreign, expired or revoked token with 401', async () => {
    let now = Date.parse('2025-06-01T08:15:00.000Z');
    const sim = await start({ clock: () => new Date(now), jwtTtlMs: 60_000 });
    const token = await jwt(sim);
    expect((await gavSearch(sim, token, { pageSize: 1 })).status).toBe(200);
    expect((await fetch(`${sim.url}/rest/2.0/search/am/asset`, { method: 'POST' })).status).toBe(401);
    const forged = `${token.split('.').slice(0, 2).join('.')}.AAAA`;
    expect((await gavSearch(sim, forged, { pageSize: 1 })).status).toBe(401);

    now += 61_000;
    expect((await gavSearch(sim, token, { pageSize: 1 })).status).toBe(401);

    const fresh = await jwt(sim);
    expect((await gavSearch(sim, fresh, { pageSize: 1 })).status).toBe(200);
    sim.expireTokens();
    const revoked = await gavSearch(sim, fresh, { pageSize: 1 });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ responseCode: 'FAILED' });
    expect((await gavSearch(sim, await jwt(sim), { pageSize: 1 })).status).toBe(200);
  });
});

describe('POST /rest/2.0/search/am/asset', () => {
  it('pages to the end with the lastSeenAssetId keyset cursor', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const first = await gavSearch(sim, token, { pageSize: 50 });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/application\/json/);
    const page = (await first.json()) as GavResponse;
    expect(page).toMatchObject({
      responseCode: 'SUCCESS',
      responseMessage: 'Valid API Access',
      count: 50,
      hasMore: 1,
    });
    const ids = sim.dataset.assets.map((a) => a.assetId);
    expect(page.assetListData.asset.map((a) => a.assetId)).toEqual(ids.slice(0, 50));
    expect(page.lastSeenAssetId).toBe(ids[49]);

    const second = (await (
      await gavSearch(sim, token, { pageSize: 50, lastSeenAssetId: page.lastSeenAssetId })
    ).json()) as GavResponse;
    expect(second.assetListData.asset.map((a) => a.assetId)).toEqual(ids.slice(50, 100));
    const third = (await (
      await gavSearch(sim, token, { pageSize: 50, lastSeenAssetId: second.lastSeenAssetId })
    ).json()) as GavResponse;
    expect(third).toMatchObject({ count: 20, hasMore: 0, lastSeenAssetId: ids[119] });

    const after = await gavSearch(sim, token, { pageSize: 50, lastSeenAssetId: third.lastSeenAssetId });
    expect(after.status).toBe(204);
    expect(await after.text()).toBe('');

    const all = await pullAll(sim, token, { pageSize: 300 });
    expect(all.assets.map((a) => a.assetId)).toEqual(ids);
    expect(all.pages).toBe(1);
    // A cursor inside a gap of the ids (a deleted asset) continues with the next larger id.
    const gap = ids.findIndex((id, i) => (ids[i + 1] ?? id) - id > 1);
    expect(gap).toBeGreaterThanOrEqual(0);
    const between = (await (
      await gavSearch(sim, token, { pageSize: 1, lastSeenAssetId: (ids[gap] as number) + 1 })
    ).json()) as GavResponse;
    expect(between.assetListData.asset[0]?.assetId).toBe(ids[gap + 1]);
  });

  it('serves the full GAV record shape', async () => {
    const sim = await start();
    const page = (await (await gavSearch(sim, await jwt(sim), { pageSize: 5 })).json()) as GavResponse;
    const asset = page.assetListData.asset[0] as Record<string, unknown>;
    for (const field of [
      'assetId',
      'assetUUID',
      'hostId',
      'assetName',
      'dnsName',
      'netbiosName',
      'fqdn',
      'address',
      'domain',
      'biosSerialNumber',
      'biosAssetTag',
      'totalMemory',
      'createdDate',
      'lastModifiedDate',
      'sensorLastUpdatedDate',
      'operatingSystem',
      'hardware',
      'processor',
      'volumeListData',
      'networkInterfaceListData',
      'softwareListData',
      'provider',
      'cloudProvider',
      'tagList',
    ]) {
      expect(asset, field).toHaveProperty(field);
    }
    expect(asset).toEqual(JSON.parse(JSON.stringify(sim.dataset.assets[0])));
  });

  it('refuses pageSize above 300 with 400 (no clamping) and accepts 300', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const tooBig = await gavSearch(sim, token, { pageSize: 301 });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.json()).toMatchObject({
      responseCode: 'FAILED',
      responseMessage: expect.stringContaining('pageSize'),
    });
    expect((await gavSearch(sim, token, { pageSize: 0 })).status).toBe(400);
    expect((await gavSearch(sim, token, { pageSize: 300 })).status).toBe(200);
    const defaulted = await fetch(`${sim.url}/rest/2.0/search/am/asset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await defaulted.json()) as GavResponse).count).toBe(100);
  });

  it('filters on OS and hardware categories, id, tag and name, with AND and OR', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const assets = sim.dataset.assets;
    const search = async (body: unknown) => pullAll(sim, token, { pageSize: 300, body });

    const windows = await search({
      filters: [{ field: 'operatingSystem.category1', operator: 'EQUALS', value: 'Windows' }],
    });
    expect(windows.assets.map((a) => a.assetId)).toEqual(
      assets.filter((a) => a.operatingSystem?.category1 === 'Windows').map((a) => a.assetId),
    );
    expect(windows.assets.length).toBeGreaterThan(0);

    const computersAndLinux = await search({
      filters: [
        { field: 'hardware.category1', operator: 'EQUALS', value: 'computers' },
        { field: 'operatingSystem.category1', operator: 'EQUALS', value: 'Linux' },
      ],
      operation: 'AND',
    });
    expect(computersAndLinux.assets.map((a) => a.assetId)).toEqual(
      assets
        .filter((a) => a.hardware?.category1 === 'Computers' && a.operatingSystem?.category1 === 'Linux')
        .map((a) => a.assetId),
    );

    const printersOrMobile = await search({
      filters: [
        { field: 'hardware.category1', operator: 'EQUALS', value: 'Printers' },
        { field: 'hardware.category1', operator: 'EQUALS', value: 'Mobile' },
      ],
      operation: 'OR',
    });
    expect(printersOrMobile.assets.map((a) => a.assetId)).toEqual(
      assets
        .filter((a) => ['Printers', 'Mobile'].includes(a.hardware?.category1 ?? ''))
        .map((a) => a.assetId),
    );

    const target = assets[17]!;
    const byId = await search({
      filters: [{ field: 'asset.id', operator: 'EQUALS', value: target.assetId }],
    });
    expect(byId.assets.map((a) => a.assetId)).toEqual([target.assetId]);

    const production = await search({
      filters: [{ field: 'asset.tags.name', operator: 'EQUALS', value: 'Production' }],
    });
    expect(production.assets.map((a) => a.assetId)).toEqual(
      assets.filter((a) => a.tagList?.tag.some((t) => t.tagName === 'Production')).map((a) => a.assetId),
    );

    const named = await search({ filters: [{ field: 'asset.name', operator: 'CONTAINS', value: 'web' }] });
    expect(named.assets.length).toBe(assets.filter((a) => a.assetName.toLowerCase().includes('web')).length);
  });

  it('answers 400 naming an unsupported filter field or operator', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const badField = await gavSearch(sim, token, {
      body: { filters: [{ field: 'nope', operator: 'EQUALS', value: 'x' }] },
    });
    expect(badField.status).toBe(400);
    expect((await jsonBody(badField)).responseMessage).toContain('filters.0.field');
    const badOperator = await gavSearch(sim, token, {
      body: { filters: [{ field: 'asset.name', operator: 'LIKE', value: 'x' }] },
    });
    expect(badOperator.status).toBe(400);
    expect((await jsonBody(badOperator)).responseMessage).toContain('filters.0.operator');
  });

  it('answers 204 with an empty body when nothing matches', async () => {
    const sim = await start();
    const response = await gavSearch(sim, await jwt(sim), {
      body: { filters: [{ field: 'hardware.category1', operator: 'EQUALS', value: 'Toasters' }] },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('applies includeFields and excludeFields to top-level groups, always keeping assetId', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const included = (await (
      await gavSearch(sim, token, { pageSize: 3, includeFields: 'operatingSystem,hardware,tags' })
    ).json()) as GavResponse;
    for (const asset of included.assetListData.asset) {
      expect(Object.keys(asset).sort()).toEqual(['assetId', 'hardware', 'operatingSystem', 'tagList']);
    }
    const excluded = (await (
      await gavSearch(sim, token, { pageSize: 3, excludeFields: 'software,openPort,asset.agent' })
    ).json()) as GavResponse;
    for (const asset of excluded.assetListData.asset) {
      expect(asset).not.toHaveProperty('softwareListData');
      expect(asset).not.toHaveProperty('openPortListData');
      expect(asset).not.toHaveProperty('agent');
      expect(asset).toHaveProperty('hardware');
      expect(asset).toHaveProperty('assetName');
    }
    const unknown = await gavSearch(sim, token, { includeFields: 'hardware,bogus' });
    expect(unknown.status).toBe(400);
    expect((await jsonBody(unknown)).responseMessage).toContain('bogus');
  });

  it('emptyPageWithHasMore: the last real page says hasMore, then an empty page with hasMore 1, then 204', async () => {
    const sim = await start({ faults: { emptyPageWithHasMore: true } });
    const token = await jwt(sim);
    const ids = sim.dataset.assets.map((a) => a.assetId);
    const last = (await (await gavSearch(sim, token, { pageSize: 300 })).json()) as GavResponse;
    expect(last).toMatchObject({ count: 120, hasMore: 1, lastSeenAssetId: ids.at(-1) });
    const empty = await gavSearch(sim, token, { pageSize: 300, lastSeenAssetId: last.lastSeenAssetId });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({
      responseCode: 'SUCCESS',
      responseMessage: 'Valid API Access',
      count: 0,
      hasMore: 1,
      lastSeenAssetId: ids.at(-1),
      assetListData: { asset: [] },
    });
    const then = await gavSearch(sim, token, { pageSize: 300, lastSeenAssetId: last.lastSeenAssetId });
    expect(then.status).toBe(204);

    // A client that stops on an empty page gets everything once; the next pull sees the quirk again.
    const pulled = await pullAll(sim, token, { pageSize: 100 });
    expect(pulled.assets.map((a) => a.assetId)).toEqual(ids);
    expect(pulled.statuses).toEqual([200, 200, 200]);
    const again = await pullAll(sim, token, { pageSize: 100 });
    expect(again.statuses).toEqual([200, 200, 200]);

    sim.setFaults({ emptyPageWithHasMore: false });
    expect((await pullAll(sim, token, { pageSize: 100 })).statuses).toEqual([200, 200]);
  });

  it('commaJoinedIps and emptySerial change what is served, not what is stored', async () => {
    const sim = await start();
    const token = await jwt(sim);
    sim.setFaults({ commaJoinedIps: true, emptySerial: true });
    const { assets } = await pullAll(sim, token, { pageSize: 300 });
    const nics = assets.flatMap(
      (a) =>
        (a.networkInterfaceListData as { networkInterface: Array<{ addressIpV4: string | null }> } | null)
          ?.networkInterface ?? [],
    );
    const withIp = nics.filter((n) => n.addressIpV4 !== null);
    expect(withIp.length).toBeGreaterThan(0);
    for (const nic of withIp) expect(nic.addressIpV4).toMatch(/^\d+\.\d+\.\d+\.\d+,\d+\.\d+\.\d+\.\d+$/);
    expect(assets.every((a) => a.biosSerialNumber === '')).toBe(true);
    expect(sim.dataset.assets.some((a) => (a.biosSerialNumber ?? '').length > 7)).toBe(true);
  });
});

describe('POST /rest/2.0/count/am/asset', () => {
  it('counts all assets or those matching the filter', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const count = (body: unknown) =>
      fetch(`${sim.url}/rest/2.0/count/am/asset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const all = await count({});
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual({ responseCode: 'SUCCESS', count: 120 });
    const linux = await count({
      filters: [{ field: 'operatingSystem.category1', operator: 'EQUALS', value: 'Linux' }],
    });
    expect(await linux.json()).toEqual({
      responseCode: 'SUCCESS',
      count: sim.dataset.assets.filter((a) => a.operatingSystem?.category1 === 'Linux').length,
    });
    const unauthorized = await fetch(`${sim.url}/rest/2.0/count/am/asset`, { method: 'POST' });
    expect(unauthorized.status).toBe(401);
  });
});

describe('gateway throttling', () => {
  it('sends rate headers and answers 429 with ToWait-Sec once the window is used up', async () => {
    let now = Date.parse('2025-06-01T08:15:00.000Z');
    const sim = await start({ clock: () => new Date(now), gatewayRateLimit: { limit: 3, windowSec: 60 } });
    const token = await jwt(sim);
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const ok = await gavSearch(sim, token, { pageSize: 1 });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
      expect(ok.headers.get('x-ratelimit-window-sec')).toBe('60');
      remaining.push(ok.headers.get('x-ratelimit-remaining'));
      now += 10_000;
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await gavSearch(sim, token, { pageSize: 1 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-window-sec')).toBe('60');
    expect(limited.headers.get('x-ratelimit-towait-sec')).toBe('30');
    // The count endpoint has its own window.
    const count = await fetch(`${sim.url}/rest/2.0/count/am/asset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(count.status).toBe(200);

    now += 30_000;
    expect((await gavSearch(sim, token, { pageSize: 1 })).status).toBe(200);
    expect(sim.stats()).toMatchObject({ rateLimited429: 1 });
  });

  it('rate429 answers that share of calls 429 with ToWait-Sec 1', async () => {
    const sim = await start({ faults: { rate429: 1 } });
    const token = await jwt(sim);
    const response = await gavSearch(sim, token, { pageSize: 1 });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-ratelimit-towait-sec')).toBe('1');
    expect(response.headers.get('x-ratelimit-limit')).toBe('1000');

    sim.setFaults({ rate429: 0.5, seed: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await gavSearch(sim, token, { pageSize: 1 })).status);
    const throttled = statuses.filter((s) => s === 429).length;
    expect(throttled).toBeGreaterThan(8);
    expect(throttled).toBeLessThan(32);
    expect(sim.stats().rateLimited429).toBe(1 + throttled);
  });

  it('answers 429 over the gateway concurrency limit when one is configured', async () => {
    const sim = await start({
      gatewayRateLimit: { limit: 100, windowSec: 60, concurrency: 1 },
      faults: { latencyMs: 150 },
    });
    const token = await jwt(sim);
    const statuses = await Promise.all(
      [1, 2, 3].map(() => gavSearch(sim, token, { pageSize: 1 }).then((r) => r.status)),
    );
    expect(statuses.sort()).toEqual([200, 429, 429]);
  });
});

describe('an empty source', () => {
  it('answers 204 at once and counts 0', async () => {
    const sim = await start({ dataset: new QualysDataset() });
    const token = await jwt(sim);
    expect((await gavSearch(sim, token)).status).toBe(204);
  });
});
