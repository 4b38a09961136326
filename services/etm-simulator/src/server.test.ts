import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECTOR, type EtmSimulator, startEtmSimulator } from './index.ts';

let sim: EtmSimulator;
beforeEach(async () => {
  sim = await startEtmSimulator();
});
afterEach(() => sim.close());

async function token(): Promise<string> {
  const res = await fetch(`${sim.url}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'username=etm-sim&password=etm-sim-password&token=true',
  });
  expect(res.status).toBe(201);
  return res.text();
}

function element(
  id: string,
  findings: Array<Record<string, unknown>> = [],
  extra: Record<string, unknown> = {},
) {
  return {
    asset: {
      assetHeader: {
        externalAssetId: id,
        vendorAssetId: `v-${id}`,
        status: 'ACTIVE',
        source: 'Snyk',
        assetType: 'GENERIC_APPLICATION',
      },
      assetDetail: { name: id, externalTags: [], ...extra },
    },
    findingGroup: { findings },
  };
}

async function push(
  jwt: string,
  elements: unknown[],
  requestId: string = crypto.randomUUID(),
  connectorUuid = DEFAULT_CONNECTOR,
) {
  const res = await fetch(`${sim.url}/rest/2.0/am/connector/asset/data/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      connectorMetaData: { connectorUuid, requestId, source: 'Snyk', assetCount: elements.length },
      assetData: elements,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('ETM simulator', () => {
  it('issues a raw JWT on good credentials and 401 on bad ones', async () => {
    expect((await token()).split('.')).toHaveLength(3);
    const bad = await fetch(`${sim.url}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=etm-sim&password=nope&token=true',
    });
    expect(bad.status).toBe(401);
  });

  it('upserts assets and findings and reads them back', async () => {
    const jwt = await token();
    const f1 = { externalFindingId: 'f1', name: 'XSS', findingStatus: 'ACTIVE', severity: 3 };
    expect((await push(jwt, [element('a', [f1])])).body).toEqual({
      responseCode: 'SUCCESSFULLY_PUBLISHED',
      message: 'All assets are submitted for processing',
      assetsError: {},
    });
    await push(jwt, [
      {
        asset: { assetHeader: { externalAssetId: 'a', status: 'INACTIVE' } },
        findingGroup: { findings: [{ externalFindingId: 'f1', findingStatus: 'FIXED' }] },
      },
    ]);
    const inventory = sim.inventory('Snyk');
    expect(inventory).toEqual([
      {
        asset: {
          assetHeader: {
            externalAssetId: 'a',
            vendorAssetId: 'v-a',
            status: 'INACTIVE',
            source: 'Snyk',
            assetType: 'GENERIC_APPLICATION',
          },
          assetDetail: { name: 'a', externalTags: [] },
        },
        findings: [{ externalFindingId: 'f1', name: 'XSS', findingStatus: 'FIXED', severity: 3 }],
      },
    ]);
    const http = (await (await fetch(`${sim.url}/etm/inventory?source=Snyk`)).json()) as {
      assets: unknown[];
    };
    expect(http.assets).toEqual(inventory);
  });

  it('answers 207 with the rejected elements and accepts the others', async () => {
    const jwt = await token();
    sim.setFaults({ rejectAssets: { b: 'asset quota exceeded' } });
    const res = await push(jwt, [
      element('a'),
      element('b'),
      { asset: { assetHeader: { externalAssetId: 'c', status: 'GONE' } }, findingGroup: { findings: [] } },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.responseCode).toBe('PARTIALLY_PUBLISHED');
    expect(res.body.assetsError).toEqual({
      b: 'asset quota exceeded',
      c: 'asset.assetHeader.status must be one of ACTIVE, INACTIVE, DELETED',
    });
    expect(
      sim.inventory().map((a) => (a.asset.assetHeader as { externalAssetId: string }).externalAssetId),
    ).toEqual(['a']);
  });

  it('rejects more than 100 elements with 413, an unknown connector with 404 and a malformed body with 400', async () => {
    const jwt = await token();
    expect(
      (
        await push(
          jwt,
          Array.from({ length: 101 }, (_, i) => element(`x${i}`)),
        )
      ).status,
    ).toBe(413);
    expect((await push(jwt, [element('a')], undefined, 'nope')).status).toBe(404);
    const res = await fetch(`${sim.url}/rest/2.0/am/connector/asset/data/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ assetData: [] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { responseCode: string }).responseCode).toBe('INVALID_REQUEST');
  });

  it('applies a replayed requestId once', async () => {
    const jwt = await token();
    const first = await push(
      jwt,
      [element('a', [{ externalFindingId: 'f', findingStatus: 'ACTIVE' }])],
      'req-1',
    );
    await push(jwt, [element('a', [{ externalFindingId: 'f', findingStatus: 'FIXED' }])], 'req-2');
    const replay = await push(
      jwt,
      [element('a', [{ externalFindingId: 'f', findingStatus: 'ACTIVE' }])],
      'req-1',
    );
    expect(replay).toMatchObject({ status: first.status, body: first.body });
    expect(sim.inventory()[0]?.findings[0]?.findingStatus).toBe('FIXED');
    expect(sim.stats().replays).toBe(1);
  });

  it('answers 401 once tokens expire, and 429 / 503 when told to', async () => {
    const jwt = await token();
    sim.setFaults({ failNextPushes: [429, 503] });
    const limited = await push(jwt, [element('a')]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-towait-sec')).toBe('1');
    expect((await push(jwt, [element('a')])).status).toBe(503);
    expect((await push(jwt, [element('a')])).status).toBe(200);
    sim.expireTokens();
    expect((await push(jwt, [element('a')])).status).toBe(401);
    expect((await push('made-up', [element('a')])).status).toBe(401);
  });
});
