import { afterEach, describe, expect, it } from 'vitest';
import { generateQualysDataset } from './generate.ts';
import { type QualysSimulator, type QualysSimulatorOptions, startQualysSimulator } from './server.ts';
import { basicAuth, parseXml, qpsSearch, serviceRequest, toArray } from './testing.ts';

const fixedClock = () => new Date('2025-06-01T08:15:00.000Z');
const running: QualysSimulator[] = [];

async function start(options: QualysSimulatorOptions = {}): Promise<QualysSimulator> {
  const sim = await startQualysSimulator({
    dataset: generateQualysDataset({ seed: 5, assets: 120, clock: fixedClock }),
    ...options,
  });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

type Node = Record<string, unknown>;
interface ServiceResponse {
  responseCode: string;
  count: number;
  hasMoreRecords: boolean;
  lastId?: number;
  data?: { HostAsset: Node | Node[] };
  responseErrorDetails?: { errorMessage: string };
}

async function search(sim: QualysSimulator, body: string): Promise<ServiceResponse> {
  const response = await qpsSearch(sim, body);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/xml/);
  return parseXml<{ ServiceResponse: ServiceResponse }>(await response.text()).ServiceResponse;
}

interface SimpleReturn {
  SIMPLE_RETURN: { RESPONSE: { CODE: number; TEXT: string } };
}

describe('POST /qps/rest/2.0/search/am/hostasset', () => {
  it('pages with limitResults, hasMoreRecords and lastId (id GREATER lastId)', async () => {
    const sim = await start();
    const ids = sim.dataset.assets.map((a) => a.assetId);
    const seen: number[] = [];
    let lastId = 0;
    const pages: ServiceResponse[] = [];
    for (;;) {
      const page = await search(
        sim,
        serviceRequest({ limit: 50, criteria: [['id', 'GREATER', String(lastId)]] }),
      );
      pages.push(page);
      seen.push(...toArray(page.data?.HostAsset).map((h) => h.id as number));
      if (!page.hasMoreRecords) break;
      lastId = page.lastId as number;
    }
    expect(seen).toEqual(ids);
    expect(pages.map((p) => [p.responseCode, p.count, p.hasMoreRecords])).toEqual([
      ['SUCCESS', 50, true],
      ['SUCCESS', 50, true],
      ['SUCCESS', 20, false],
    ]);
    expect(pages[0]?.lastId).toBe(ids[49]);
    expect(pages[2]?.lastId).toBe(ids[119]);

    const past = await search(sim, serviceRequest({ criteria: [['id', 'GREATER', String(ids.at(-1))]] }));
    expect(past).toMatchObject({ responseCode: 'SUCCESS', count: 0, hasMoreRecords: false });
    expect(past.data).toBeUndefined();
  });

  it('returns 100 by default and allows 1–1000', async () => {
    const sim = await start();
    expect((await search(sim, '')).count).toBe(100);
    expect((await search(sim, serviceRequest({}))).count).toBe(100);
    expect((await search(sim, serviceRequest({ limit: 1000 }))).count).toBe(120);
    for (const limit of [0, 1001]) {
      const response = await qpsSearch(sim, serviceRequest({ limit }));
      expect(response.status).toBe(400);
      const body = parseXml<{ ServiceResponse: ServiceResponse }>(await response.text()).ServiceResponse;
      expect(body.responseCode).toBe('INVALID_REQUEST');
      expect(body.responseErrorDetails?.errorMessage).toContain('limitResults');
    }
  });

  it('serves HostAsset records with nested list elements', async () => {
    const sim = await start();
    const page = await search(sim, serviceRequest({ limit: 1000 }));
    const hosts = toArray(page.data?.HostAsset);
    const server = hosts.find((h) => h.volume !== undefined && h.processor !== undefined) as Node;
    expect(server).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String),
      created: expect.stringMatching(/Z$/),
      modified: expect.stringMatching(/Z$/),
      os: expect.any(String),
      address: expect.any(String),
      trackingMethod: expect.any(String),
    });
    const volumes = toArray(
      (server.volume as { list: { HostAssetVolume: Node | Node[] } }).list.HostAssetVolume,
    );
    expect(volumes[0]).toMatchObject({
      name: expect.any(String),
      size: expect.any(Number),
      free: expect.any(Number),
    });
    const cpus = toArray(
      (server.processor as { list: { HostAssetProcessor: Node | Node[] } }).list.HostAssetProcessor,
    );
    expect(cpus[0]).toMatchObject({ name: expect.any(String), speed: expect.any(Number) });

    const aws = sim.dataset.assets.find((a) => a.provider === 'AWS')!;
    const awsHost = hosts.find((h) => h.id === aws.assetId) as Node;
    expect((awsHost.sourceInfo as { list: Node }).list.Ec2AssetSourceSimple).toMatchObject({
      instanceId: aws.cloudProvider?.aws?.ec2.instanceId,
      region: aws.cloudProvider?.aws?.ec2.region.code,
      accountId: Number(aws.cloudProvider?.aws?.ec2.accountId),
    });
    const text = await (await qpsSearch(sim, serviceRequest({ limit: 1000 }))).text();
    expect(text).toContain('<networkInterface><list><HostAssetInterface>');
    expect(text).not.toContain('category1');
    expect(text).not.toContain('biosSerialNumber');
  });

  it('a list with one item arrives as an object, several as an array (XML has no arrays)', async () => {
    const sim = await start();
    const single = sim.dataset.assets.find(
      (a) =>
        a.networkInterfaceListData?.networkInterface.length === 1 &&
        !a.networkInterfaceListData.networkInterface[0]?.addressIpV6 &&
        !a.networkInterfaceListData.networkInterface[0]?.addressIpV4?.includes(','),
    )!;
    const several = sim.dataset.assets.find(
      (a) => (a.networkInterfaceListData?.networkInterface.length ?? 0) > 1,
    )!;
    const one = await search(sim, serviceRequest({ criteria: [['id', 'EQUALS', String(single.assetId)]] }));
    // One result: `data.HostAsset` itself is an object.
    expect(Array.isArray(one.data?.HostAsset)).toBe(false);
    const nic = ((one.data!.HostAsset as Node).networkInterface as { list: { HostAssetInterface: unknown } })
      .list.HostAssetInterface;
    expect(Array.isArray(nic)).toBe(false);
    expect(nic).toMatchObject({ address: single.address });

    const many = await search(sim, serviceRequest({ criteria: [['id', 'EQUALS', String(several.assetId)]] }));
    const nics = (
      (many.data!.HostAsset as Node).networkInterface as { list: { HostAssetInterface: unknown } }
    ).list.HostAssetInterface;
    expect(Array.isArray(nics)).toBe(true);
  });

  it('singleItemListsAsObject cuts every list to one item, so every list parses as an object', async () => {
    const sim = await start({ faults: { singleItemListsAsObject: true } });
    const page = await search(sim, serviceRequest({ limit: 1000 }));
    const hosts = toArray(page.data?.HostAsset);
    expect(hosts.length).toBe(120);
    const lists: Array<[string, string]> = [
      ['networkInterface', 'HostAssetInterface'],
      ['processor', 'HostAssetProcessor'],
      ['volume', 'HostAssetVolume'],
      ['software', 'HostAssetSoftware'],
      ['tags', 'TagSimple'],
    ];
    for (const [group, item] of lists) {
      const present = hosts.filter((h) => h[group] !== undefined);
      expect(present.length, group).toBeGreaterThan(0);
      for (const host of present) {
        const value = (host[group] as { list: Node }).list[item];
        expect(Array.isArray(value), `${group} of ${host.id}`).toBe(false);
        expect(typeof value).toBe('object');
      }
    }
  });

  it('filters by id EQUALS/IN, name and os CONTAINS, updated GREATER, tagName', async () => {
    const sim = await start();
    const assets = sim.dataset.assets;
    const idsOf = async (criteria: Array<[string, string, string]>) =>
      toArray((await search(sim, serviceRequest({ limit: 1000, criteria }))).data?.HostAsset).map(
        (h) => h.id,
      );

    const [a, b, c] = [assets[3]!, assets[40]!, assets[77]!];
    expect(await idsOf([['id', 'EQUALS', String(b.assetId)]])).toEqual([b.assetId]);
    expect(await idsOf([['id', 'IN', `${c.assetId},${a.assetId}`]])).toEqual([a.assetId, c.assetId]);
    expect(await idsOf([['os', 'CONTAINS', 'Windows Server']])).toEqual(
      assets.filter((x) => x.operatingSystem?.fullName?.includes('Windows Server')).map((x) => x.assetId),
    );
    expect(await idsOf([['name', 'CONTAINS', 'sw-']])).toEqual(
      assets.filter((x) => x.assetName.toLowerCase().includes('sw-')).map((x) => x.assetId),
    );
    const since = '2025-05-28T00:00:00Z';
    expect(await idsOf([['updated', 'GREATER', since]])).toEqual(
      assets.filter((x) => Date.parse(x.lastModifiedDate) > Date.parse(since)).map((x) => x.assetId),
    );
    expect(
      await idsOf([
        ['tagName', 'EQUALS', 'PCI'],
        ['id', 'GREATER', String(b.assetId)],
      ]),
    ).toEqual(
      assets
        .filter((x) => x.assetId > b.assetId && x.tagList?.tag.some((t) => t.tagName === 'PCI'))
        .map((x) => x.assetId),
    );
  });

  it('honours the startFromId and 1-based startFromOffset preferences', async () => {
    const sim = await start();
    const ids = sim.dataset.assets.map((a) => a.assetId);
    const fromId = await search(
      sim,
      `<ServiceRequest><preferences><startFromId>${ids[10]}</startFromId><limitResults>3</limitResults></preferences></ServiceRequest>`,
    );
    expect(toArray(fromId.data?.HostAsset).map((h) => h.id)).toEqual(ids.slice(10, 13));
    const fromOffset = await search(
      sim,
      '<ServiceRequest><preferences><startFromOffset>5</startFromOffset><limitResults>2</limitResults></preferences></ServiceRequest>',
    );
    expect(toArray(fromOffset.data?.HostAsset).map((h) => h.id)).toEqual(ids.slice(4, 6));
  });

  it('answers 400 INVALID_REQUEST for bad XML, an unknown field or a bad operator', async () => {
    const sim = await start();
    for (const body of [
      '<ServiceRequest><filters>',
      serviceRequest({ criteria: [['color', 'EQUALS', 'red']] }),
      serviceRequest({ criteria: [['name', 'GREATER', 'a']] }),
      serviceRequest({ criteria: [['updated', 'GREATER', 'yesterday']] }),
      '<Other/>',
    ]) {
      const response = await qpsSearch(sim, body);
      expect(response.status, body).toBe(400);
      expect(
        parseXml<{ ServiceResponse: ServiceResponse }>(await response.text()).ServiceResponse.responseCode,
      ).toBe('INVALID_REQUEST');
    }
  });

  it('requires Basic auth with a known user: 401 otherwise', async () => {
    const sim = await start();
    for (const authorization of [basicAuth('qualys-sim', 'nope'), basicAuth('x', 'y'), 'Bearer abc']) {
      const response = await qpsSearch(sim, serviceRequest({}), authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    const none = await fetch(`${sim.url}/qps/rest/2.0/search/am/hostasset`, { method: 'POST' });
    expect(none.status).toBe(401);
  });
});

describe('QPS limits', () => {
  it('sends the rate and concurrency headers on every call', async () => {
    const sim = await start();
    const response = await qpsSearch(sim, serviceRequest({ limit: 1 }));
    expect(
      Object.fromEntries(
        [
          'x-ratelimit-limit',
          'x-ratelimit-window-sec',
          'x-ratelimit-remaining',
          'x-concurrency-limit-limit',
          'x-concurrency-limit-running',
        ].map((h) => [h, response.headers.get(h)]),
      ),
    ).toEqual({
      'x-ratelimit-limit': '300',
      'x-ratelimit-window-sec': '3600',
      'x-ratelimit-remaining': '299',
      'x-concurrency-limit-limit': '2',
      'x-concurrency-limit-running': '1',
    });
  });

  it('answers 409 code 1965 with ToWait-Sec over the rate limit', async () => {
    let now = Date.parse('2025-06-01T08:15:00.000Z');
    const sim = await start({
      clock: () => new Date(now),
      qpsRateLimit: { limit: 2, windowSec: 3600, concurrency: 2 },
    });
    expect((await qpsSearch(sim, serviceRequest({ limit: 1 }))).status).toBe(200);
    now += 600_000;
    expect((await qpsSearch(sim, serviceRequest({ limit: 1 }))).status).toBe(200);
    const blocked = await qpsSearch(sim, serviceRequest({ limit: 1 }));
    expect(blocked.status).toBe(409);
    expect(blocked.headers.get('x-ratelimit-towait-sec')).toBe('3000');
    expect(blocked.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(blocked.headers.get('x-ratelimit-limit')).toBe('2');
    expect(blocked.headers.get('x-ratelimit-window-sec')).toBe('3600');
    const body = parseXml<SimpleReturn>(await blocked.text());
    expect(body.SIMPLE_RETURN.RESPONSE.CODE).toBe(1965);
    expect(body.SIMPLE_RETURN.RESPONSE.TEXT).toMatch(/cannot be run again for another 3000 seconds/);
    expect(sim.stats().conflicts409).toBe(1);

    now += 3_000_000;
    expect((await qpsSearch(sim, serviceRequest({ limit: 1 }))).status).toBe(200);
  });

  it('answers 409 code 1960 when more calls run at once than the concurrency limit', async () => {
    const sim = await start({
      qpsRateLimit: { limit: 300, windowSec: 3600, concurrency: 1 },
      faults: { latencyMs: 200 },
    });
    const responses = await Promise.all([1, 2, 3].map(() => qpsSearch(sim, serviceRequest({ limit: 1 }))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const refused = responses.filter((r) => r.status === 409);
    for (const response of refused) {
      expect(response.headers.get('x-concurrency-limit-limit')).toBe('1');
      expect(response.headers.get('x-concurrency-limit-running')).toBe('2');
      expect(parseXml<SimpleReturn>(await response.text()).SIMPLE_RETURN.RESPONSE.CODE).toBe(1960);
    }
    // Refused calls do not use the rate window.
    const ok = await qpsSearch(sim, serviceRequest({ limit: 1 }));
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('298');
  });

  it('concurrency 0 refuses every call with 1960, which wins over the rate limit', async () => {
    const sim = await start({ qpsRateLimit: { limit: 0, windowSec: 3600, concurrency: 0 } });
    const response = await qpsSearch(sim, serviceRequest({}));
    expect(response.status).toBe(409);
    expect(parseXml<SimpleReturn>(await response.text()).SIMPLE_RETURN.RESPONSE.CODE).toBe(1960);
  });

  it('rate409Rate and rate409Concurrency inject 1965 and 1960 with ToWait-Sec 1', async () => {
    const sim = await start({ faults: { rate409Rate: 1 } });
    const rate = await qpsSearch(sim, serviceRequest({}));
    expect(rate.status).toBe(409);
    expect(rate.headers.get('x-ratelimit-towait-sec')).toBe('1');
    expect(parseXml<SimpleReturn>(await rate.text()).SIMPLE_RETURN.RESPONSE.CODE).toBe(1965);

    sim.setFaults({ rate409Rate: 0, rate409Concurrency: 1 });
    const concurrency = await qpsSearch(sim, serviceRequest({}));
    expect(concurrency.status).toBe(409);
    expect(concurrency.headers.get('x-ratelimit-towait-sec')).toBe('1');
    expect(parseXml<SimpleReturn>(await concurrency.text()).SIMPLE_RETURN.RESPONSE.CODE).toBe(1960);

    sim.setFaults({ rate409Rate: 0.25, rate409Concurrency: 0.25, seed: 9 });
    const codes: Array<number | 200> = [];
    for (let i = 0; i < 60; i++) {
      const response = await qpsSearch(sim, serviceRequest({ limit: 1 }));
      codes.push(
        response.status === 200
          ? 200
          : parseXml<SimpleReturn>(await response.text()).SIMPLE_RETURN.RESPONSE.CODE,
      );
    }
    expect(codes).toContain(200);
    expect(codes).toContain(1960);
    expect(codes).toContain(1965);
    expect(sim.stats().conflicts409).toBe(2 + codes.filter((c) => c !== 200).length);
  });
});

describe('POST /qps/rest/2.0/count/am/hostasset', () => {
  it('counts the matching assets', async () => {
    const sim = await start();
    const response = await qpsSearch(
      sim,
      serviceRequest({ criteria: [['os', 'CONTAINS', 'Linux']] }),
      basicAuth(),
      '/qps/rest/2.0/count/am/hostasset',
    );
    expect(response.status).toBe(200);
    const body = parseXml<{ ServiceResponse: ServiceResponse }>(await response.text()).ServiceResponse;
    expect(body).toMatchObject({
      responseCode: 'SUCCESS',
      count: sim.dataset.assets.filter((a) => (a.operatingSystem?.fullName ?? '').includes('Linux')).length,
    });
  });
});
