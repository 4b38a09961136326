/**
 * Qualys → Kafka → ServiceNow CMDB end to end, on the real broker and registry: GAV and QPS
 * connections side by side, an identical second run, a run after changes, an empty source, and runs
 * under throttling with an item IRE rejects.
 */
import { AllInOne, runSummary, sluiceConfigSchema } from '@sluice/cli';
import { DEAD_LETTER_TOPIC, DLQ_HEADERS } from '@sluice/kafka';
import { createLogger } from '@sluice/logging';
import { QualysDataset, type QualysSimulator, startQualysSimulator } from '@sluice/qualys-simulator';
import { type ServiceNowSimulator, startServiceNowSimulator } from '@sluice/servicenow-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, readTopic, testKafka } from '../harness/cluster.ts';
import { EXPECTED_GAV, EXPECTED_QPS, gavAssets, qpsAssets } from './dataset.ts';

process.env.QUALYS_E2E_PASSWORD = 'qualys-sim-password';
process.env.SN_E2E_PASSWORD = 'sn-sim-password';
process.env.SN_E2E_CLIENT_SECRET = 'sn-sim-secret';

let gav: QualysSimulator;
let qps: QualysSimulator;
let throttledGav: QualysSimulator;
let throttledQps: QualysSimulator;
let sn: ServiceNowSimulator;
let pipeline: AllInOne;

function dataset(assets: ReturnType<typeof gavAssets>): QualysDataset {
  const d = new QualysDataset();
  for (const a of assets) d.add(a);
  return d;
}

function connection(name: string, qualysUrl: string, options: { qps?: boolean; oauth?: boolean } = {}) {
  return {
    name,
    type: 'qualys-cmdb',
    removalGuard: { maxShare: 0.5 },
    qualys: {
      gatewayUrl: qualysUrl,
      username: 'qualys-sim',
      password: '${QUALYS_E2E_PASSWORD}',
      useAssetManagementAndTaggingApi: options.qps ?? false,
    },
    servicenow: {
      instanceUrl: sn.url,
      dataSource: 'SG-Qualys',
      batchSize: 4,
      partitionSize: 1000,
      auth: options.oauth
        ? { type: 'oauth', clientId: 'sn-sim-client', clientSecret: '${SN_E2E_CLIENT_SECRET}' }
        : { type: 'basic', username: 'sn-sim', password: '${SN_E2E_PASSWORD}' },
    },
  };
}

beforeAll(async () => {
  gav = await startQualysSimulator({ dataset: dataset(gavAssets()) });
  qps = await startQualysSimulator({ dataset: dataset(qpsAssets()) });
  // Other machines than the first connections' (other ids, names, serials, MACs, instances), so IRE does not merge them.
  const shift = (assets: ReturnType<typeof gavAssets>, by: number) =>
    assets.map((a) =>
      JSON.parse(
        JSON.stringify({ ...a, assetId: (a.assetId ?? 0) + by })
          .replace(/("assetName":"|"fqdn":"|"biosSerialNumber":"|"instanceId":"i-)/g, '$1t')
          .replace(/"macAddress":"(..)/g, '"macAddress":"0A'),
      ),
    );
  throttledGav = await startQualysSimulator({ dataset: dataset(shift(gavAssets().slice(0, 3), 2000)) });
  throttledQps = await startQualysSimulator({ dataset: dataset(shift(qpsAssets(), 2000)) });
  sn = await startServiceNowSimulator();
  const { brokers, registryUrl } = cluster();
  const config = sluiceConfigSchema.parse({
    kafka: { brokers },
    schemaRegistry: { url: registryUrl },
    partitions: 3,
    connections: [
      connection('qualys-gav', gav.url),
      connection('qualys-qps', qps.url, { qps: true, oauth: true }),
      connection('qualys-throttled-gav', throttledGav.url),
      connection('qualys-throttled-qps', throttledQps.url, { qps: true }),
    ],
  });
  pipeline = new AllInOne({
    config,
    logger: createLogger({ name: 'e2e-cmdb', level: 'warn' }),
    instanceId: 'e2e-cmdb',
  });
  await pipeline.start();
});

afterAll(async () => {
  await pipeline?.stop();
  await Promise.all([gav?.close(), qps?.close(), throttledGav?.close(), throttledQps?.close(), sn?.close()]);
});

/** The CI the IRE filed under a native key, through `sys_object_source`. */
function ci(nativeKey: string): Record<string, string> | undefined {
  const source = sn.cmdb.findOne('sys_object_source', { name: 'SG-Qualys', id: nativeKey });
  return source ? (sn.cmdb.get(source.target_sys_id ?? '') as Record<string, string> | undefined) : undefined;
}

function software(ciSysId: string): string[] {
  return sn.cmdb
    .find('cmdb_sam_sw_install', { installed_on: ciSysId })
    .map((s) => `${s.display_name}|${s.publisher}|${s.version}`)
    .sort();
}

function relations(ciSysId: string): string[] {
  return sn.cmdb
    .table('cmdb_rel_ci')
    .filter((r) => r.parent === ciSysId || r.child === ciSysId)
    .map((r) => {
      const parent = sn.cmdb.get(r.parent ?? '');
      const child = sn.cmdb.get(r.child ?? '');
      const type = sn.cmdb.get(r.type ?? '');
      return `${parent?.sys_class_name}:${parent?.name} ${type?.name} ${child?.sys_class_name}:${child?.name}`;
    })
    .sort();
}

describe('Qualys → ServiceNow CMDB', () => {
  it('loads GAV assets as CIs with the expected classes, values, software and relations', async () => {
    const summary = runSummary(await pipeline.run('qualys-gav', 'full', { timeoutMs: 120_000 }));
    expect(summary.status).toBe('Completed');
    expect(summary.pulled).toMatchObject({ assets: 6 });
    expect(summary.mapped.cis).toBe(6);
    expect(summary.pushed).toEqual({ inserted: 6, updated: 0, retired: 0 });
    expect(summary.rejected).toBe(0);
    for (const [key, expected] of Object.entries(EXPECTED_GAV)) {
      const record = ci(key);
      expect(record, key).toBeDefined();
      expect(record?.sys_class_name, key).toBe(expected.className);
      expect(record?.name, key).toBe(expected.name);
      expect(record, key).toMatchObject(expected.values);
    }
    expect(ci('1006')).not.toHaveProperty('serial_number');
    const web = ci('1001')!;
    expect(software(web.sys_id!)).toEqual(['OpenSSL 3.0|OpenSSL Project|3.0.2', 'nginx|F5|1.24.0']);
    expect(sn.cmdb.find('cmdb_ci_network_adapter', { mac_address: '00:50:56:aa:bb:cc' })).toMatchObject([
      { name: 'eth0', ip_address: '10.0.0.5' },
    ]);
    expect(sn.cmdb.find('cmdb_serial_number', { serial_number: 'CZ1234567X' })).toMatchObject([
      { serial_number_type: 'bios', valid: 'true' },
    ]);
    const aws = ci('1004')!;
    expect(relations(aws.sys_id!)).toEqual([
      'cmdb_ci_vm_instance:ip-10-1-2-3.ec2.internal Virtualized by::Virtualizes cmdb_ci_linux_server:ip-10-1-2-3.ec2.internal',
    ]);
    const vm = sn.cmdb.findOne('cmdb_ci_vm_instance', { object_id: 'i-0abc1234def567890' })!;
    expect(vm).toMatchObject({ vm_inst_id: 'i-0abc1234def567890', state: 'RUNNING' });
    expect(relations(vm.sys_id!)).toContain(
      'cmdb_ci_vm_instance:ip-10-1-2-3.ec2.internal Hosted on::Hosts cmdb_ci_aws_datacenter:us-east-1',
    );
    expect(sn.cmdb.find('cmdb_ci_aws_datacenter', { object_id: 'us-east-1' })).toMatchObject([
      { region: 'us-east-1' },
    ]);
  });

  it('changes nothing on a second identical run', async () => {
    const before = sn.stats();
    const summary = runSummary(await pipeline.run('qualys-gav', 'full', { timeoutMs: 120_000 }));
    expect(summary.status).toBe('Completed');
    expect(summary.pushed).toEqual({ inserted: 0, updated: 0, retired: 0 });
    expect(summary.unchanged).toEqual({ cis: 6 });
    expect(sn.stats().ireCalls).toBe(before.ireCalls);
  });

  it('updates, inserts and retires exactly what changed', async () => {
    gav.dataset.update(1002, { totalMemory: 16384 });
    gav.dataset.add({
      ...gavAssets()[2]!,
      assetId: 1007,
      assetName: 'edge-rtr-2',
      address: '10.0.0.2',
      biosSerialNumber: 'FTX9999Z0ZZ',
    });
    gav.dataset.remove(1003);
    const summary = runSummary(await pipeline.run('qualys-gav', 'full', { timeoutMs: 120_000 }));
    expect(summary.status).toBe('Completed');
    expect(summary.pushed).toEqual({ inserted: 1, updated: 1, retired: 1 });
    expect(summary.unchanged).toEqual({ cis: 4 });
    expect(ci('1002')).toMatchObject({ ram: '16384', install_status: '1' });
    expect(ci('1007')).toMatchObject({ sys_class_name: 'cmdb_ci_ip_router', name: 'edge-rtr-2' });
    expect(ci('1003')).toMatchObject({ name: 'edge-rtr-1', install_status: '7' });
    expect(summary.sweep.done).toBe(true);
  });

  it('retires nothing when the source returns nothing', async () => {
    gav.dataset.clear();
    const summary = runSummary(await pipeline.run('qualys-gav', 'full', { timeoutMs: 120_000 }));
    expect(summary.pulled).toMatchObject({ assets: 0 });
    expect(summary.pushed).toEqual({ inserted: 0, updated: 0, retired: 0 });
    expect(summary.sweep.done).toBe(false);
    expect(summary.sweep.notes.join(' ')).toMatch(/source returned nothing/);
    for (const key of ['1001', '1002', '1004', '1005', '1006', '1007'])
      expect(ci(key)?.install_status, key).toBe('1');
  });

  it('loads a second connection through the Asset Management and Tagging API (QPS) with OAuth', async () => {
    const summary = runSummary(await pipeline.run('qualys-qps', 'full', { timeoutMs: 120_000 }));
    expect(summary.status).toBe('Completed');
    expect(summary.pushed).toEqual({ inserted: 3, updated: 0, retired: 0 });
    for (const [key, className] of Object.entries(EXPECTED_QPS))
      expect(ci(key)?.sys_class_name, key).toBe(className);
    expect(ci('2002')).toMatchObject({ name: 'api-node-3', virtual: 'true', ip_address: '10.6.0.3' });
    expect(sn.cmdb.find('cmdb_ci_aws_datacenter', { object_id: 'eu-west-1' })).toHaveLength(1);
  });

  it('ends in the right state under throttling and an IRE item error, with the item dead-lettered and honest counts', async () => {
    throttledGav.setFaults({ rate429: 0.5, seed: 4 });
    throttledQps.setFaults({ rate409Rate: 0.3, rate409Concurrency: 0.3, seed: 2 });
    sn.setFaults({ rate429: 0.5, seed: 3, failNativeKeys: { '3002': 'MISSING_MATCHING_ATTRIBUTES' } });
    try {
      const viaGav = runSummary(await pipeline.run('qualys-throttled-gav', 'full', { timeoutMs: 180_000 }));
      const viaQps = runSummary(await pipeline.run('qualys-throttled-qps', 'full', { timeoutMs: 180_000 }));
      expect(viaGav.status).toBe('Completed');
      expect(viaQps.status).toBe('Completed');
      expect(viaGav.pushed).toEqual({ inserted: 2, updated: 0, retired: 0 });
      expect(viaGav.rejected).toBe(1);
      expect(viaGav.deadLettered).toBe(1);
      expect(viaQps.pushed).toEqual({ inserted: 3, updated: 0, retired: 0 });
      expect(viaGav.rateLimited.source).toBe(throttledGav.stats().rateLimited429);
      expect(viaGav.rateLimited.source).toBeGreaterThan(0);
      expect(viaQps.rateLimited.source).toBe(throttledQps.stats().conflicts409);
      expect(viaQps.rateLimited.source).toBeGreaterThan(0);
      expect(viaGav.rateLimited.target + viaQps.rateLimited.target).toBe(sn.stats().rateLimited);
      expect(sn.stats().rateLimited).toBeGreaterThan(0);

      expect(ci('3001')).toMatchObject({ sys_class_name: 'cmdb_ci_linux_server', name: 'tweb-01' });
      expect(ci('3003')).toMatchObject({ sys_class_name: 'cmdb_ci_ip_router', name: 'tedge-rtr-1' });
      expect(ci('3002')).toBeUndefined();
      for (const [key, className] of Object.entries(EXPECTED_QPS))
        expect(ci(String(Number(key) + 2000))?.sys_class_name).toBe(className);

      const letters = (await readTopic(testKafka(), DEAD_LETTER_TOPIC, { count: 1, idleMs: 1000 })).filter(
        (r) => r.headers[DLQ_HEADERS.connectionId] === 'qualys-throttled-gav',
      );
      expect(letters).toHaveLength(1);
      expect(letters[0]?.key).toBe('3002');
      expect(letters[0]?.headers[DLQ_HEADERS.code]).toBe('MISSING_MATCHING_ATTRIBUTES');
      expect(letters[0]?.headers[DLQ_HEADERS.stage]).toBe('cmdb-sink');
      expect(
        JSON.parse(letters[0]?.value?.toString() ?? '{}').items[0].sys_object_source_info.source_native_key,
      ).toBe('3002');
    } finally {
      sn.setFaults({});
    }
  });
});
