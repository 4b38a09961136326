import { applyMap, type MapFunction, readPath, type TransformMap } from '@sluice/mapping';
import type { CmdbCi, IreItem, IreRecord, IreRelation } from '@sluice/pipeline';
import { type CiClassRules, classifyGav, classifyQps } from './ci-rules.ts';
import { firstIpAddress, macAddress, serialNumber, text } from './cleansing.ts';
import { qualysCmdbErrors } from './errors.ts';
import {
  type CloudSource,
  cloudBlock,
  GAV_CI_MAP,
  GAV_CLOUD_SOURCES,
  GAV_FUNCTIONS,
  QPS_CI_MAP,
  QPS_CLOUD_SOURCES,
  QPS_FUNCTIONS,
} from './ire-maps.ts';
import { type GavAsset, type HostAsset, type QualysAssetInput, toArray } from './qualys-types.ts';

/** What a connection decides about the mapping. */
export interface QualysMappingContext {
  readonly connectionName: string;
  /** The IRE data source (`sysparm_data_source`, `source_name`), e.g. `SG-Qualys`. */
  readonly dataSource: string;
  /** Off: no `cmdb_sam_sw_install` related records. */
  readonly includeSoftware: boolean;
  readonly rules: CiClassRules;
}

export const RELATION_VIRTUALIZES = 'Virtualized by::Virtualizes';
export const RELATION_HOSTS = 'Hosted on::Hosts';

/** Drops absent values so that every value sent is a non-empty string. */
function record(className: string, values: Readonly<Record<string, string | undefined>>): IreRecord {
  const kept: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) if (value !== undefined) kept[field] = value;
  return { className, values: kept };
}

function mapValues<I>(map: TransformMap, input: I, functions: Readonly<Record<string, MapFunction<I>>>) {
  return applyMap(map, input, functions) as Record<string, string>;
}

interface Adapter {
  readonly name: string | undefined;
  readonly mac: unknown;
  readonly ip: string | undefined;
}

/**
 * One `cmdb_ci_network_adapter` per interface with a usable MAC. QPS lists every address of a NIC as
 * its own interface, so repeats of the same name and MAC collapse into one (its first address), as
 * IRE refuses duplicate lookup records.
 */
function networkAdapters(interfaces: ReadonlyArray<Adapter>): IreRecord[] {
  const seen = new Set<string>();
  const out: IreRecord[] = [];
  for (const nic of interfaces) {
    const mac = macAddress(nic.mac);
    if (mac === undefined) continue;
    const key = `${nic.name ?? ''}\u0000${mac}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(record('cmdb_ci_network_adapter', { name: nic.name, mac_address: mac, ip_address: nic.ip }));
  }
  return out;
}

interface Software {
  readonly displayName: string | undefined;
  readonly publisher: string | undefined;
  readonly version: string | undefined;
}

/** One `cmdb_sam_sw_install` per distinct (display name, publisher, version); nameless entries are skipped. */
function softwareInstalls(software: ReadonlyArray<Software>): IreRecord[] {
  const seen = new Set<string>();
  const out: IreRecord[] = [];
  for (const sw of software) {
    if (sw.displayName === undefined) continue;
    const key = JSON.stringify([sw.displayName, sw.publisher ?? null, sw.version ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      record('cmdb_sam_sw_install', {
        display_name: sw.displayName,
        publisher: sw.publisher,
        version: sw.version,
      }),
    );
  }
  return out;
}

function serialLookup(serial: string | undefined): IreRecord[] {
  return serial === undefined
    ? []
    : [record('cmdb_serial_number', { serial_number: serial, serial_number_type: 'bios', valid: 'true' })];
}

/**
 * The VM instance and its datacenter for a cloud asset: `vm —Virtualized by::Virtualizes→ main` and
 * `vm —Hosted on::Hosts→ datacenter`. Without an instance id there is nothing to identify the VM by, and
 * without a region no datacenter.
 */
function cloudItems(
  asset: unknown,
  sources: ReadonlyArray<CloudSource>,
  main: { readonly internalId: string; readonly nativeKey: string; readonly name: string | undefined },
): { items: IreItem[]; relations: IreRelation[] } {
  for (const source of sources) {
    const block = cloudBlock(asset, source);
    if (block === undefined) continue;
    const instanceId = text(readPath(block, source.instanceId));
    if (instanceId === undefined) return { items: [], relations: [] };
    const region = text(readPath(block, source.region));
    const vmId = `vm-${main.nativeKey}`;
    const item = (internalId: string, value: IreRecord): IreItem => ({
      className: value.className,
      internalId,
      values: value.values,
      lookup: [],
      related: [],
      sysObjectSourceInfo: null,
    });
    const items = [
      item(
        vmId,
        record('cmdb_ci_vm_instance', {
          name: main.name,
          object_id: instanceId,
          vm_inst_id: instanceId,
          state: source.state === undefined ? undefined : text(readPath(block, source.state)),
        }),
      ),
    ];
    const relations: IreRelation[] = [
      { parentId: vmId, childId: main.internalId, type: RELATION_VIRTUALIZES },
    ];
    if (region !== undefined) {
      const dcId = `dc-${source.provider}-${region}`;
      items.push(item(dcId, record(source.datacenterClass, { name: region, object_id: region, region })));
      relations.push({ parentId: vmId, childId: dcId, type: RELATION_HOSTS });
    }
    return { items, relations };
  }
  return { items: [], relations: [] };
}

function nativeKeyOf(api: 'GAV' | 'QPS', id: unknown): string {
  const key = text(id)?.trim();
  if (key === undefined) {
    throw qualysCmdbErrors.QUALYS_ASSET_UNMAPPABLE.with(
      { details: { api } },
      api,
      api === 'GAV' ? 'no assetId' : 'no id',
    );
  }
  return key;
}

interface MainParts {
  readonly classification: { className: string; matchedRule: string };
  readonly values: Record<string, string>;
  readonly lookup: IreRecord[];
  readonly software: ReadonlyArray<Software>;
}

function gavParts(asset: GavAsset, rules: CiClassRules): MainParts {
  const interfaces = toArray(asset.networkInterfaceListData?.networkInterface);
  return {
    classification: classifyGav(asset, rules),
    values: mapValues(GAV_CI_MAP, asset, GAV_FUNCTIONS),
    lookup: [
      ...serialLookup(serialNumber(asset.biosSerialNumber)),
      ...networkAdapters(
        interfaces.map((nic) => ({
          name: text(nic.interfaceName),
          mac: nic.macAddress,
          ip: firstIpAddress(nic.addressIpV4),
        })),
      ),
    ],
    software: toArray(asset.softwareListData?.software).map((sw) => ({
      displayName: text(sw.fullName) ?? text(sw.productName),
      publisher: text(sw.publisher),
      version: text(sw.version),
    })),
  };
}

function qpsParts(asset: HostAsset, rules: CiClassRules): MainParts {
  return {
    classification: classifyQps(asset, rules),
    values: mapValues(QPS_CI_MAP, asset, QPS_FUNCTIONS),
    lookup: networkAdapters(
      toArray(asset.networkInterface?.list?.HostAssetInterface).map((nic) => ({
        name: text(nic.interfaceName),
        mac: nic.macAddress,
        ip: firstIpAddress(nic.address),
      })),
    ),
    software: toArray(asset.software?.list?.HostAssetSoftware).map((sw) => ({
      displayName: text(sw.name),
      publisher: undefined,
      version: text(sw.version),
    })),
  };
}

/**
 * One Qualys asset (GAV JSON or QPS HostAsset parsed from XML) as everything IRE needs: the main CI
 * classed by the rules, with its lookups, software and source info, then its cloud VM and datacenter.
 * Throws `QUALYS_ASSET_UNMAPPABLE` for an asset without an id; any other gap leaves fields out.
 */
export function mapQualysAsset(input: QualysAssetInput, context: QualysMappingContext): CmdbCi {
  const asset: unknown = input.asset;
  if (typeof asset !== 'object' || asset === null) {
    throw qualysCmdbErrors.QUALYS_ASSET_UNMAPPABLE.with(
      { details: { api: input.api } },
      input.api,
      'not an object',
    );
  }
  const nativeKey = nativeKeyOf(input.api, input.api === 'GAV' ? input.asset.assetId : input.asset.id);
  const parts =
    input.api === 'GAV' ? gavParts(input.asset, context.rules) : qpsParts(input.asset, context.rules);
  const internalId = `ci-${nativeKey}`;
  const main: IreItem = {
    className: parts.classification.className,
    internalId,
    values: parts.values,
    lookup: parts.lookup,
    related: context.includeSoftware ? softwareInstalls(parts.software) : [],
    sysObjectSourceInfo: {
      sourceName: context.dataSource,
      sourceFeed: `Qualys ${context.connectionName}`,
      sourceNativeKey: nativeKey,
      sourceRecencyTimestamp: parts.values.last_discovered ?? null,
    },
  };
  const cloud = cloudItems(asset, input.api === 'GAV' ? GAV_CLOUD_SOURCES : QPS_CLOUD_SOURCES, {
    internalId,
    nativeKey,
    name: parts.values.name,
  });
  return {
    api: input.api,
    className: parts.classification.className,
    matchedRule: parts.classification.matchedRule,
    items: [main, ...cloud.items],
    relations: cloud.relations,
  };
}
