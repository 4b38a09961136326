import { afterEach, describe, expect, it } from 'vitest';
import { generateQualysDataset } from './generate.ts';
import { type QualysSimulator, type QualysSimulatorOptions, startQualysSimulator } from './server.ts';
import {
  gavSearch,
  jsonBody,
  jwt,
  parseXml,
  pullAll,
  qpsSearch,
  serviceRequest,
  simPost,
  toArray,
} from './testing.ts';

let now = Date.parse('2025-06-01T08:15:00.000Z');
const clock = () => new Date(now);
const running: QualysSimulator[] = [];

async function start(options: QualysSimulatorOptions = {}): Promise<QualysSimulator> {
  const sim = await startQualysSimulator({
    dataset: generateQualysDataset({ seed: 6, assets: 40, clock }),
    clock,
    ...options,
  });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

function simCall(sim: QualysSimulator, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

describe('/_sim admin routes', () => {
  it('GET /_sim/stats counts API calls by route, not admin calls; reset-stats clears them', async () => {
    const sim = await start();
    const token = await jwt(sim);
    await gavSearch(sim, token, { pageSize: 5 });
    await qpsSearch(sim, serviceRequest({ limit: 1 }));
    await simPost(sim, '/_sim/faults', {});
    const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
    expect(stats).toEqual({
      requests: 3,
      auth: 1,
      rateLimited429: 0,
      conflicts409: 0,
      byRoute: {
        'POST /auth': 1,
        'POST /rest/2.0/search/am/asset': 1,
        'POST /qps/rest/2.0/search/am/hostasset': 1,
      },
    });
    expect(sim.stats()).toEqual(stats);
    expect((await simPost(sim, '/_sim/reset-stats')).status).toBe(204);
    expect(sim.stats().requests).toBe(0);
    await gavSearch(sim, token, { pageSize: 5 });
    sim.resetStats();
    expect(sim.stats()).toMatchObject({ requests: 0, byRoute: {} });
  });

  it('POST /_sim/faults switches faults and refuses bad values naming the field', async () => {
    const sim = await start();
    const response = await simPost(sim, '/_sim/faults', { emptySerial: true, rate429: 0 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ emptySerial: true, rate429: 0, commaJoinedIps: false });
    const page = await pullAll(sim, await jwt(sim), { pageSize: 300 });
    expect(page.assets.every((a) => a.biosSerialNumber === '')).toBe(true);

    const bad = await simPost(sim, '/_sim/faults', { rate429: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'QUALYS_SIM_INVALID_REQUEST', field: 'rate429' });
    const unknown = await simPost(sim, '/_sim/faults', { explode: true });
    expect(unknown.status).toBe(400);
    expect((await jsonBody(unknown)).message).toContain('explode');
    expect(await (await fetch(`${sim.url}/_sim/faults`)).json()).toMatchObject({
      emptySerial: true,
      rate429: 0,
    });
  });

  it('POST /_sim/expire-tokens makes every issued JWT answer 401', async () => {
    const sim = await start();
    const token = await jwt(sim);
    expect((await gavSearch(sim, token)).status).toBe(200);
    expect((await simPost(sim, '/_sim/expire-tokens')).status).toBe(204);
    expect((await gavSearch(sim, token)).status).toBe(401);
  });

  it('POST /_sim/generate replaces the dataset deterministically', async () => {
    const sim = await start();
    const response = await simPost(sim, '/_sim/generate', { seed: 21, assets: 75 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ assets: 75 });
    const pulled = await pullAll(sim, await jwt(sim), { pageSize: 300 });
    expect(pulled.assets).toEqual(
      JSON.parse(JSON.stringify(generateQualysDataset({ seed: 21, assets: 75, clock }).assets)),
    );
    const bad = await simPost(sim, '/_sim/generate', { seed: 1, assets: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'assets' });
    expect((await simPost(sim, '/_sim/generate', { seed: 'x', assets: 1 })).status).toBe(400);
  });

  it('POST /_sim/assets adds an asset visible to both APIs; unknown fields and duplicates are refused', async () => {
    const sim = await start();
    const response = await simPost(sim, '/_sim/assets', {
      assetName: 'added-01',
      address: '10.99.0.1',
      operatingSystem: { fullName: 'Ubuntu 24.04 LTS', category1: 'Linux' },
      hardware: { category1: 'Computers', category2: 'Server' },
    });
    expect(response.status).toBe(201);
    const added = await jsonBody<{ assetId: number }>(response);
    expect(added).toMatchObject({
      assetName: 'added-01',
      assetId: expect.any(Number),
      biosSerialNumber: null,
    });
    expect(added.assetId).toBeGreaterThan(sim.dataset.assets.at(-2)!.assetId);

    const gav = await pullAll(sim, await jwt(sim), {
      body: { filters: [{ field: 'asset.id', operator: 'EQUALS', value: added.assetId }] },
    });
    expect(gav.assets).toHaveLength(1);
    expect(gav.assets[0]).toMatchObject({ assetName: 'added-01', hardware: { category2: 'Server' } });
    const qps = parseXml<{ ServiceResponse: { data: { HostAsset: Record<string, unknown> } } }>(
      await (
        await qpsSearch(sim, serviceRequest({ criteria: [['id', 'EQUALS', String(added.assetId)]] }))
      ).text(),
    );
    expect(qps.ServiceResponse.data.HostAsset).toMatchObject({ name: 'added-01', os: 'Ubuntu 24.04 LTS' });

    const unknown = await simPost(sim, '/_sim/assets', { assetName: 'x', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect((await jsonBody(unknown)).message).toContain('colour');
    const wrongType = await simPost(sim, '/_sim/assets', { totalMemory: 'lots' });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ field: 'totalMemory' });
    const duplicate = await simPost(sim, '/_sim/assets', { assetId: added.assetId });
    expect(duplicate.status).toBe(409);
  });

  it('PATCH and DELETE /_sim/assets/:id change what the next pull returns', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const [first, second] = sim.dataset.assets;
    now += 3_600_000;
    const patched = await simCall(sim, 'PATCH', `/_sim/assets/${first!.assetId}`, {
      hardware: { model: 'PowerEdge R760' },
      biosSerialNumber: 'NEWSER1',
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      biosSerialNumber: 'NEWSER1',
      hardware: { model: 'PowerEdge R760', category1: first!.hardware?.category1 },
      lastModifiedDate: new Date(now).toISOString(),
    });
    expect((await simCall(sim, 'DELETE', `/_sim/assets/${second!.assetId}`)).status).toBe(204);

    const pulled = await pullAll(sim, token, { pageSize: 300 });
    expect(pulled.assets).toHaveLength(39);
    expect(pulled.assets[0]).toMatchObject({
      biosSerialNumber: 'NEWSER1',
      hardware: { model: 'PowerEdge R760' },
    });
    expect(pulled.assets.some((a) => a.assetId === second!.assetId)).toBe(false);
    expect(await (await fetch(`${sim.url}/_sim/assets/${first!.assetId}`)).json()).toMatchObject({
      biosSerialNumber: 'NEWSER1',
    });

    expect((await simCall(sim, 'DELETE', `/_sim/assets/${second!.assetId}`)).status).toBe(404);
    expect((await simCall(sim, 'PATCH', `/_sim/assets/${second!.assetId}`, {})).status).toBe(404);
    expect((await fetch(`${sim.url}/_sim/assets/${second!.assetId}`)).status).toBe(404);
    const badId = await simCall(sim, 'DELETE', '/_sim/assets/abc');
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ field: 'id' });
  });

  it('POST /_sim/clear empties the source: 204 from GAV, count 0 from QPS', async () => {
    const sim = await start();
    expect((await simPost(sim, '/_sim/clear')).status).toBe(204);
    expect((await gavSearch(sim, await jwt(sim))).status).toBe(204);
    const qps = parseXml<{ ServiceResponse: { count: number; hasMoreRecords: boolean } }>(
      await (await qpsSearch(sim, serviceRequest({}))).text(),
    );
    expect(qps.ServiceResponse).toMatchObject({ count: 0, hasMoreRecords: false });
  });

  it('POST /_sim/mutate updates, adds and removes; the next pull shows it', async () => {
    const sim = await start();
    const token = await jwt(sim);
    const before = await pullAll(sim, token, { pageSize: 300 });
    now += 86_400_000;
    const response = await simPost(sim, '/_sim/mutate', { random: 20, seed: 4 });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { added: number[]; updated: number[]; removed: number[] };
    expect(result.added.length + result.updated.length + result.removed.length).toBeGreaterThan(0);

    // A day later the 4 h token has expired, as it would have.
    expect((await gavSearch(sim, token)).status).toBe(401);
    const after = await pullAll(sim, await jwt(sim), { pageSize: 300 });
    const afterIds = new Set(after.assets.map((a) => a.assetId));
    for (const id of result.added) expect(afterIds.has(id)).toBe(true);
    for (const id of result.removed) expect(afterIds.has(id)).toBe(false);
    const stamp = new Date(now).toISOString();
    for (const id of result.updated) {
      expect(after.assets.find((a) => a.assetId === id)?.lastModifiedDate).toBe(stamp);
    }
    const unchanged = before.assets.filter(
      (a) => ![...result.updated, ...result.removed].includes(a.assetId),
    );
    for (const asset of unchanged)
      expect(after.assets.find((a) => a.assetId === asset.assetId)).toEqual(asset);
    expect(after.assets.length).toBe(before.assets.length + result.added.length - result.removed.length);

    const qpsIds = toArray(
      parseXml<{ ServiceResponse: { data: { HostAsset: Array<{ id: number }> } } }>(
        await (await qpsSearch(sim, serviceRequest({ limit: 1000 }))).text(),
      ).ServiceResponse.data.HostAsset,
    ).map((h) => h.id);
    expect(qpsIds).toEqual(after.assets.map((a) => a.assetId));

    expect((await simPost(sim, '/_sim/mutate', { random: 0 })).status).toBe(400);
  });
});
