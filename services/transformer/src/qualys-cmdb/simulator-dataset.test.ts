/**
 * Property test over the Qualys simulator's generated data: every shape it produces (nulls, empty
 * strings, dash/upper-case MACs, comma-joined IPs, short serials, offset dates, duplicate software,
 * cloud blocks, single-item XML lists) maps without throwing into CIs whose every value is a
 * non-empty string and that the `cmdb.cis.v1` Avro schema accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CmdbCi, SCHEMAS_DIR } from '@sluice/pipeline';
import avro from 'avsc';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../qualys-simulator/src/faults.ts';
import { generateQualysDataset } from '../../../qualys-simulator/src/index.ts';
import { hostAssetResponse, withSingleItemLists } from '../../../qualys-simulator/src/qps.ts';
import { DEFAULT_CI_CLASS_RULES_PATH, loadCiClassRules } from './ci-rules.ts';
import { mapQualysAsset, type QualysMappingContext } from './ire-mapper.ts';
import { MAPPING_VERSION } from './ire-maps.ts';
import { type GavAsset, type HostAsset, toArray } from './qualys-types.ts';

const rules = loadCiClassRules(DEFAULT_CI_CLASS_RULES_PATH);
const context: QualysMappingContext = {
  connectionName: 'simulated',
  dataSource: 'SG-Qualys',
  includeSoftware: true,
  rules,
};
const dataset = generateQualysDataset({ seed: 1, assets: 500 });
const eventType = avro.Type.forSchema(
  JSON.parse(readFileSync(join(SCHEMAS_DIR, 'cmdb.cis.v1.avsc'), 'utf8')) as avro.Schema,
);

/** The QPS search response as a client reads it: fast-xml-parser, no attributes, no value parsing. */
function hostAssetsFromXml(singleItemLists: boolean): HostAsset[] {
  const hosts = dataset.assets.map((asset) => {
    const host = dataset.toHostAsset(asset);
    return singleItemLists ? withSingleItemLists(host) : host;
  });
  const xml = hostAssetResponse({ assets: hosts, hasMoreRecords: false });
  const parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false }).parse(xml) as {
    ServiceResponse: { data: { HostAsset: HostAsset | HostAsset[] } };
  };
  return toArray(parsed.ServiceResponse.data.HostAsset);
}

/** Every value of every item, lookup and related record, with where it is. */
function allValues(ci: CmdbCi): Array<[string, unknown]> {
  return ci.items.flatMap((item) => [
    ...Object.entries(item.values).map(([k, v]): [string, unknown] => [`${item.internalId}.${k}`, v]),
    ...[...item.lookup, ...item.related].flatMap((record) =>
      Object.entries(record.values).map(([k, v]): [string, unknown] => [
        `${item.internalId}.${record.className}.${k}`,
        v,
      ]),
    ),
  ]);
}

function expectWellFormed(ci: CmdbCi, nativeKey: string): void {
  const bad = allValues(ci).filter(([, value]) => typeof value !== 'string' || value === '');
  expect(bad, `asset ${nativeKey}`).toEqual([]);
  const main = ci.items[0];
  expect(main?.internalId).toBe(`ci-${nativeKey}`);
  expect(main?.className).toBe(ci.className);
  expect(main?.values.install_status).toBe('1');
  expect(main?.sysObjectSourceInfo?.sourceNativeKey).toBe(nativeKey);
  expect(main?.sysObjectSourceInfo?.sourceRecencyTimestamp ?? null).toBe(
    main?.values.last_discovered ?? null,
  );
  for (const value of [main?.values.first_discovered, main?.values.last_discovered]) {
    if (value !== undefined) expect(value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  }
  if (main?.values.virtual !== undefined) expect(main.values.virtual).toBe('true');
  if (main?.values.disk_space !== undefined) expect(main.values.disk_space).toMatch(/^\d+\.\d$/);
  if (main?.values.serial_number !== undefined)
    expect(main.values.serial_number.length).toBeGreaterThanOrEqual(7);
  for (const record of main?.lookup ?? []) {
    if (record.className !== 'cmdb_ci_network_adapter') continue;
    expect(record.values.mac_address).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(record.values.ip_address ?? '').not.toContain(',');
  }
  const installs = (main?.related ?? []).map((r) => JSON.stringify(r.values));
  expect(new Set(installs).size).toBe(installs.length);
  const ids = new Set(ci.items.map((item) => item.internalId));
  for (const relation of ci.relations) {
    expect(ids.has(relation.parentId) && ids.has(relation.childId)).toBe(true);
  }
  const event = {
    connectionId: 'c1',
    runId: 'r1',
    kind: 'CI',
    nativeKey,
    rulesetVersion: rules.version,
    mappingVersion: MAPPING_VERSION,
    ci,
    marker: null,
  };
  expect(eventType.isValid(event), `asset ${nativeKey} against cmdb.cis.v1`).toBe(true);
}

describe('every simulated asset maps (seed 1, 500 assets)', () => {
  it('GAV, as stored and as served with comma-joined IPs and empty serials', () => {
    const faults = new FaultInjector({ commaJoinedIps: true, emptySerial: true });
    const matched = new Set<string>();
    for (const asset of dataset.assets) {
      for (const served of [asset, faults.servedGavAsset(asset)]) {
        const ci = mapQualysAsset(
          { api: 'GAV', asset: JSON.parse(JSON.stringify(served)) as GavAsset },
          context,
        );
        expectWellFormed(ci, String(asset.assetId));
        for (const part of ci.matchedRule.split('>')) matched.add(part);
        if (asset.cloudProvider) expect(ci.items.map((i) => i.className)[1]).toBe('cmdb_ci_vm_instance');
      }
    }
    // The simulator's first assets walk every blueprint. Its Macs are always Desktop/Notebook hardware,
    // which no computer row refines, so the MacOS row (computer#6) is covered in ci-rules.test.ts only.
    expect([...matched].sort()).toEqual([
      'computer#1',
      'computer#2',
      'computer#3',
      'computer#4',
      'computer#5',
      'fallthrough',
      'hardware#1',
      'hardware#10',
      'hardware#11',
      'hardware#12',
      'hardware#2',
      'hardware#3',
      'hardware#4',
      'hardware#5',
      'hardware#6',
      'hardware#7',
      'hardware#8',
      'hardware#9',
    ]);
  });

  it.each([
    ['as arrays', false],
    ['with single-item lists as objects', true],
  ])('QPS from XML %s', (_label, singleItemLists) => {
    const hosts = hostAssetsFromXml(singleItemLists);
    expect(hosts).toHaveLength(500);
    const matched = new Set<string>();
    for (const host of hosts) {
      const ci = mapQualysAsset({ api: 'QPS', asset: host }, context);
      expectWellFormed(ci, String(host.id));
      matched.add(ci.matchedRule);
    }
    expect([...matched].sort()).toEqual([
      'assetManagement#1',
      'assetManagement#2',
      'assetManagement#3',
      'assetManagement#4',
      'fallthrough',
    ]);
  });

  it('with software switched off, no CI carries software', () => {
    for (const asset of dataset.assets) {
      const ci = mapQualysAsset({ api: 'GAV', asset }, { ...context, includeSoftware: false });
      expect(ci.items.every((item) => item.related.length === 0)).toBe(true);
    }
  });
});
