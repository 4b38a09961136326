import { inspect } from 'node:util';
import { silentLogger } from '@sluice/logging';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateQualysDataset,
  type QualysAssetInput,
  type QualysSimulator,
  type QualysSimulatorOptions,
  startQualysSimulator,
} from '../../qualys-simulator/src/index.ts';
import { pullQualys } from './pull.ts';
import type { QpsApi } from './qps-api.ts';
import { classifyQpsAnswer } from './qps-limits.ts';
import { CapturingWriter, type FakeClock, fakeClock, qpsApi, secret, stubServer } from './testing.ts';

const SEARCH = 'POST /qps/rest/2.0/search/am/hostasset';
const COUNT = 'POST /qps/rest/2.0/count/am/hostasset';

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
    dataset: generateQualysDataset({ seed: 5, assets, clock: clock.date }),
    clock: clock.date,
    ...options,
  });
  cleanups.push(() => sim.close());
  return sim;
}

function client(api: QpsApi): QpsApi {
  cleanups.push(() => api.close());
  return api;
}

/** A value as it comes out of the XML: leaves as strings, a one-item list as the item itself. */
function asParsed(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? asParsed(value[0]) : value.map(asParsed);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, asParsed(v)]),
    );
  }
  return String(value);
}

function pull(api: QpsApi, writer = new CapturingWriter()) {
  return pullQualys({ api, writer, logger: silentLogger() });
}

const NOTHING = { dnsName: null, netbiosName: null, fqdn: null, agentId: null, hostId: null } as const;

/** A Linux server in a data centre, with lists of one and of several items. */
const DB_SERVER: QualysAssetInput = {
  ...NOTHING,
  assetId: 1001,
  hostId: 140_001,
  assetName: 'db-01',
  dnsName: 'db-01.corp.example',
  netbiosName: 'DB-01',
  fqdn: 'db-01.corp.example',
  address: '10.1.2.3',
  totalMemory: 16384,
  timeZone: '+00:00',
  createdDate: '2025-06-01T06:15:00.000Z',
  lastModifiedDate: '2026-02-28T10:20:30.456Z',
  operatingSystem: { osName: 'Red Hat Enterprise Linux', fullName: 'Red Hat Enterprise Linux 9.3' },
  hardware: { manufacturer: 'Dell Inc.', model: 'PowerEdge R650' },
  processor: { description: 'Intel Xeon Gold 6338', speed: 2000, noOfSocket: 2, numCPUs: 2 },
  volumeListData: {
    volume: [
      { name: '/', size: 107_374_182_400, free: 53_687_091_200 },
      { name: '/data', size: 536_870_912_000, free: 1000 },
    ],
  },
  networkInterfaceListData: {
    networkInterface: [
      {
        interfaceName: 'eth0',
        macAddress: '00:50:56:AA:BB:CC',
        addressIpV4: '10.1.2.3',
        addressIpV6: null,
        hostname: 'db-01',
        dnsAddress: null,
        gatewayAddress: '10.1.2.1',
        netmask: '255.255.255.0',
        manufacturer: null,
        macVendorIntroDate: null,
        addresses: null,
      },
    ],
  },
  softwareListData: {
    software: [
      {
        id: 1,
        fullName: 'PostgreSQL 15',
        productName: 'PostgreSQL',
        publisher: 'PostgreSQL Global Development Group',
        version: '15.4',
        marketVersion: '15',
        category1: 'Databases',
        category2: 'RDBMS',
        component: null,
        softwareType: 'Application',
        installDate: null,
        installPath: null,
        lastUseDate: null,
        isIgnored: false,
        isPackage: true,
      },
    ],
  },
  tagList: {
    tag: [
      {
        tagId: 7,
        tagName: 'Production',
        criticalityScore: 4,
        businessImpact: null,
        foregroundColor: null,
        backgroundColor: null,
      },
    ],
  },
};

/** The same server as the QPS API describes it: no categories, one processor entry per socket. */
const DB_SERVER_HOST_ASSET = {
  id: '1001',
  name: 'db-01',
  created: '2025-06-01T06:15:00Z',
  modified: '2026-02-28T10:20:30Z',
  type: 'HOST',
  qwebHostId: '140001',
  fqdn: 'db-01.corp.example',
  dnsHostName: 'db-01.corp.example',
  netbiosName: 'DB-01',
  os: 'Red Hat Enterprise Linux 9.3',
  address: '10.1.2.3',
  trackingMethod: 'DNSNAME',
  manufacturer: 'Dell Inc.',
  model: 'PowerEdge R650',
  totalMemory: '16384',
  timezone: '+00:00',
  isDockerHost: 'false',
  networkInterface: {
    list: {
      HostAssetInterface: {
        interfaceName: 'eth0',
        macAddress: '00:50:56:AA:BB:CC',
        hostname: 'db-01',
        gatewayAddress: '10.1.2.1',
        address: '10.1.2.3',
        type: 'PRIVATE',
      },
    },
  },
  processor: {
    list: {
      HostAssetProcessor: [
        { name: 'Intel Xeon Gold 6338', speed: '2000' },
        { name: 'Intel Xeon Gold 6338', speed: '2000' },
      ],
    },
  },
  volume: {
    list: {
      HostAssetVolume: [
        { name: '/', size: '107374182400', free: '53687091200' },
        { name: '/data', size: '536870912000', free: '1000' },
      ],
    },
  },
  software: { list: { HostAssetSoftware: { name: 'PostgreSQL 15', version: '15.4' } } },
  tags: { list: { TagSimple: { id: '7', name: 'Production' } } },
};

/** An EC2 instance known by little more than its cloud identity. */
const EC2_INSTANCE: QualysAssetInput = {
  ...NOTHING,
  assetId: 1005,
  assetName: 'EC2AMAZ-7Q1',
  address: '172.31.5.9',
  createdDate: '2025-11-03T22:00:00+02:00',
  lastModifiedDate: '2026-03-01T00:00:00.999Z',
  operatingSystem: { fullName: 'Microsoft Windows Server 2022 Datacenter' },
  provider: 'AWS',
  cloudProvider: {
    aws: {
      ec2: {
        accountId: '123456789012',
        availabilityZone: 'eu-west-1a',
        instanceId: 'i-0abc123def4567890',
        instanceType: 'm5.large',
        instanceState: 'RUNNING',
        imageId: null,
        kernelId: null,
        launchdate: null,
        privateDNS: null,
        privateIpAddress: '172.31.5.9',
        publicDNS: null,
        publicIpAddress: null,
        region: { code: 'eu-west-1', name: 'Europe (Ireland)' },
        subnetId: null,
        vpcId: null,
        spotInstance: false,
        hasAgent: false,
        qualysScanner: false,
        hostname: null,
      },
      tags: [],
    },
    azure: null,
    gcp: null,
    oci: null,
    ibm: null,
    alibaba: null,
  },
};

const EC2_INSTANCE_HOST_ASSET = {
  id: '1005',
  name: 'EC2AMAZ-7Q1',
  created: '2025-11-03T20:00:00Z',
  modified: '2026-03-01T00:00:00Z',
  type: 'HOST',
  os: 'Microsoft Windows Server 2022 Datacenter',
  address: '172.31.5.9',
  trackingMethod: 'INSTANCE_ID',
  isDockerHost: 'false',
  sourceInfo: {
    list: {
      Ec2AssetSourceSimple: {
        instanceId: 'i-0abc123def4567890',
        region: 'eu-west-1',
        accountId: '123456789012',
        availabilityZone: 'eu-west-1a',
        instanceType: 'm5.large',
        instanceState: 'RUNNING',
        privateIpAddress: '172.31.5.9',
      },
    },
  },
};

async function handBuilt(clock: FakeClock, ...assets: QualysAssetInput[]): Promise<QualysSimulator> {
  const sim = await simulator(clock, 1);
  sim.dataset.clear();
  for (const asset of assets) sim.dataset.add(asset);
  return sim;
}

describe('Asset Management and Tagging (QPS) pull', () => {
  it('pages 2500 assets 1000 at a time by id GREATER lastId, each record as the XML says', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 2500);
    const api = client(qpsApi(sim.url, clock));
    const writer = new CapturingWriter();
    const result = await pull(api, writer);

    expect(api.limitResults).toBe(1000);
    expect(result).toEqual({
      pulled: { expected: 2500, assets: 2500, pages: 3, emptyPages: 0, duplicates: 0 },
      completeEntities: ['assets'],
    });
    expect(sim.stats().byRoute).toEqual({ [COUNT]: 1, [SEARCH]: 3 });
    expect(writer.records.map((r) => r.id)).toEqual(sim.dataset.assets.map((a) => String(a.assetId)));
    expect(writer.records.map((r) => r.data)).toEqual(
      sim.dataset.assets.map((a) => asParsed(sim.dataset.toHostAsset(a))),
    );
    expect(new Set(writer.records.map((r) => `${r.topic} ${r.entity}`))).toEqual(
      new Set(['qualys.raw.assets qps-hostasset']),
    );
  });

  it('parses HostAssets to exactly the strings and shapes Qualys sent', async () => {
    const clock = fakeClock();
    const sim = await handBuilt(clock, DB_SERVER, EC2_INSTANCE);
    const writer = new CapturingWriter();
    await pull(client(qpsApi(sim.url, clock)), writer);

    expect(writer.records.map((r) => [r.id, r.data])).toEqual([
      ['1001', DB_SERVER_HOST_ASSET],
      ['1005', EC2_INSTANCE_HOST_ASSET],
    ]);
  });

  it('reads a page holding one HostAsset, which arrives as an object', async () => {
    const clock = fakeClock();
    const sim = await handBuilt(clock, DB_SERVER);
    const writer = new CapturingWriter();
    const result = await pull(client(qpsApi(sim.url, clock)), writer);
    expect(result.pulled).toMatchObject({ expected: 1, assets: 1, pages: 1 });
    expect(writer.records.map((r) => r.data)).toEqual([DB_SERVER_HOST_ASSET]);

    const sim2 = await handBuilt(clock, DB_SERVER, EC2_INSTANCE);
    const paged = new CapturingWriter();
    const one = await pull(client(qpsApi(sim2.url, clock, { limitResults: 1 })), paged);
    expect(one.pulled).toMatchObject({ assets: 2, pages: 2, emptyPages: 0 });
    expect(paged.records.map((r) => r.data)).toEqual([DB_SERVER_HOST_ASSET, EC2_INSTANCE_HOST_ASSET]);
  });

  it('keeps single-item lists as the objects Qualys sends (the transformer normalises them)', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 60, { faults: { singleItemListsAsObject: true } });
    const writer = new CapturingWriter();
    await pull(client(qpsApi(sim.url, clock)), writer);

    const lists = ['networkInterface', 'processor', 'volume', 'software', 'openPort', 'tags'];
    let seen = 0;
    for (const record of writer.records) {
      const data = record.data as Record<string, { list: Record<string, unknown> } | undefined>;
      for (const list of lists) {
        const items = data[list]?.list;
        if (!items) continue;
        seen++;
        for (const item of Object.values(items)) expect(Array.isArray(item)).toBe(false);
      }
    }
    expect(seen).toBeGreaterThan(100);
  });

  it('ends an empty source after one page', async () => {
    const clock = fakeClock();
    const sim = await handBuilt(clock);
    const result = await pull(client(qpsApi(sim.url, clock)));
    expect(result).toEqual({
      pulled: { expected: 0, assets: 0, pages: 1, emptyPages: 1, duplicates: 0 },
      completeEntities: ['assets'],
    });
  });

  it('fails on a 200 whose responseCode is not SUCCESS, with the reason', async () => {
    const stub = await stubServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          '<?xml version="1.0" encoding="UTF-8"?><ServiceResponse><responseCode>INVALID_REQUEST</responseCode>' +
            '<responseErrorDetails><errorMessage>Asset Management is not enabled for this subscription</errorMessage>' +
            '</responseErrorDetails></ServiceResponse>',
        );
    });
    cleanups.push(stub.close);
    const clock = fakeClock();
    const error = await pull(client(qpsApi(stub.url, clock))).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'QUALYS_REQUEST_FAILED', retriable: false });
    expect((error as Error).message).toContain('INVALID_REQUEST');
    expect((error as Error).message).toContain('Asset Management is not enabled');
    expect(clock.waits).toEqual([]);
  });

  it('fails on a wrong password at once, without the password in the error', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 10);
    const password = 'wrong-Password-0452';
    const api = client(qpsApi(sim.url, clock, { password: secret(password) }));
    const error = await pull(api).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'HTTP_UNAUTHORIZED', retriable: false });
    expect(api.http.stats.calls).toBe(1);
    const basic = Buffer.from(`qualys-sim:${password}`).toString('base64');
    const shown = [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 8 })].join('\n');
    expect(shown).not.toContain(password);
    expect(shown).not.toContain(basic);
  });
});

describe('QPS limits', () => {
  it('waits the ToWait-Sec of a 409 code 1965 and counts it as rate limited', async () => {
    const clock = fakeClock();
    // Two searches per 10 minutes: the third page is refused until the window has moved on.
    const sim = await simulator(clock, 2500, { qpsRateLimit: { limit: 2, windowSec: 600, concurrency: 2 } });
    const api = client(qpsApi(sim.url, clock));
    const result = await pull(api);

    expect(clock.waits).toEqual([600_000]);
    expect(api.http.stats).toMatchObject({ rateLimited: 1, retries: 1 });
    expect(sim.stats().conflicts409).toBe(1);
    expect(result.pulled).toMatchObject({ assets: 2500, pages: 3 });
  });

  it('retries 409 code 1960 (concurrency) after its wait', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 2500, { faults: { rate409Concurrency: 0.5, seed: 4 } });
    const api = client(qpsApi(sim.url, clock, { limitResults: 250 }));
    const result = await pull(api);

    const conflicts = sim.stats().conflicts409;
    expect(conflicts).toBeGreaterThan(0);
    expect(clock.waits).toEqual(Array.from({ length: conflicts }, () => 1000));
    expect(api.http.stats.rateLimited).toBe(conflicts);
    expect(result.pulled).toMatchObject({ assets: 2500, pages: 10, duplicates: 0 });
  });

  it('keeps calls of one Qualys user to one at a time, across connections', async () => {
    const clock = fakeClock();
    const sim = await simulator(clock, 300, {
      qpsRateLimit: { limit: 1000, windowSec: 3600, concurrency: 1 },
      faults: { latencyMs: 20 },
    });
    const [a, b] = await Promise.all([
      pull(client(qpsApi(sim.url, clock, { limitResults: 100 }))),
      pull(client(qpsApi(sim.url, clock, { limitResults: 100 }))),
    ]);

    expect(sim.stats().conflicts409).toBe(0);
    expect(a.pulled.assets).toBe(300);
    expect(b.pulled.assets).toBe(300);
  });

  it('does not retry a 409 that is not a rate or concurrency limit', async () => {
    const stub = await stubServer((_req, res) => {
      res
        .writeHead(409, { 'content-type': 'application/xml' })
        .end(
          '<?xml version="1.0" encoding="UTF-8"?><SIMPLE_RETURN><RESPONSE><CODE>2003</CODE>' +
            '<TEXT>Registration must be completed before API requests will be served for this account</TEXT>' +
            '</RESPONSE></SIMPLE_RETURN>',
        );
    });
    cleanups.push(stub.close);
    const clock = fakeClock();
    const api = client(qpsApi(stub.url, clock));
    const error = await pull(api).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'QUALYS_REGISTRATION_INCOMPLETE', retriable: false });
    expect(stub.hits['/qps/rest/2.0/count/am/hostasset']).toBe(1);
    expect(clock.waits).toEqual([]);
    expect(api.http.stats.rateLimited).toBe(0);
  });
});

describe('classifyQpsAnswer', () => {
  const simpleReturn = (code: number, text: string, secondsToWait?: number) =>
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">\n' +
    `<SIMPLE_RETURN><RESPONSE><DATETIME>2026-03-02T08:00:00Z</DATETIME><CODE>${code}</CODE><TEXT>${text}</TEXT>` +
    (secondsToWait === undefined
      ? ''
      : `<ITEM_LIST><ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>${secondsToWait}</VALUE></ITEM></ITEM_LIST>`) +
    '</RESPONSE></SIMPLE_RETURN>';
  const answer = (status: number, text: string, headers: Record<string, string> = {}) => ({
    status,
    headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  });

  it('retries 1965 after X-RateLimit-ToWait-Sec, else the stated seconds', () => {
    const text = simpleReturn(1965, 'This API cannot be run again for another 42 seconds.', 12);
    expect(classifyQpsAnswer(answer(409, text, { 'x-ratelimit-towait-sec': '7' }))).toMatchObject({
      code: 'QUALYS_RATE_LIMITED',
      retriable: true,
      rateLimited: true,
      delayMs: 7000,
    });
    expect(classifyQpsAnswer(answer(409, text))).toMatchObject({ delayMs: 12_000 });
    const textOnly = simpleReturn(1965, 'This API cannot be run again for another 42 seconds.');
    expect(classifyQpsAnswer(answer(409, textOnly))).toMatchObject({ delayMs: 42_000 });
  });

  it('retries 1960 with backoff when Qualys states no wait', () => {
    const verdict = classifyQpsAnswer(
      answer(
        409,
        simpleReturn(1960, 'This API cannot be run again until 1 currently running instance has finished.'),
      ),
    );
    expect(verdict).toMatchObject({ code: 'QUALYS_CONCURRENCY_LIMITED', retriable: true, rateLimited: true });
    expect(verdict?.delayMs).toBeUndefined();
  });

  it('fails at once on the other codes', () => {
    expect(classifyQpsAnswer(answer(409, simpleReturn(2001, 'Account expired')))).toEqual({
      code: 'QUALYS_ACCOUNT_EXPIRED',
      retriable: false,
      message: 'the Qualys account has expired (409, code 2001): Account expired',
    });
    expect(classifyQpsAnswer(answer(409, simpleReturn(1999, 'Something else')))).toMatchObject({
      code: 'QUALYS_CONFLICT',
      retriable: false,
    });
  });

  it('leaves other answers to the generic rules', () => {
    expect(classifyQpsAnswer(answer(200, '<ServiceResponse/>'))).toBeUndefined();
    expect(classifyQpsAnswer(answer(409, 'Conflict'))).toBeUndefined();
    expect(classifyQpsAnswer(answer(429, simpleReturn(1965, 'x')))).toBeUndefined();
  });
});
