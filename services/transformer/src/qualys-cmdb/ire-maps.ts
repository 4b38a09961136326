import type { MapFunction, TransformMap } from '@sluice/mapping';
import {
  dateTime,
  diskSpaceGb,
  firstIpAddress,
  gavCiName,
  numeric,
  osAddressWidth,
  serialNumber,
  text,
} from './cleansing.ts';
import { type GavAsset, type HostAsset, toArray, type XmlList } from './qualys-types.ts';

/**
 * The Qualys → IRE field maps, row for row as the spec's "Main item" table writes them
 * (spec/qualys-to-cmdb-mapping.md). Bump the version when a row changes: it is stamped on every
 * normalized CI, so a replay shows which maps produced it.
 */
export const MAPPING_VERSION = 'qualys-cmdb/1';

/** Main CI of a GAV asset. Every function returns a string or `undefined` (field left out). */
export const GAV_CI_MAP: TransformMap = [
  { target: 'name', rule: 'SCRIPT_BASE_FUNCTION', source: 'assetName', fn: 'gavName' },
  { target: 'fqdn', rule: 'SCRIPT_BASE_FUNCTION', source: 'fqdn', fn: 'gavFqdn' },
  { target: 'dns_domain', rule: 'SCRIPT_BASE_FUNCTION', source: 'domain', fn: 'text' },
  { target: 'ip_address', rule: 'SCRIPT_BASE_FUNCTION', source: 'address', fn: 'ipAddress' },
  { target: 'serial_number', rule: 'SCRIPT_BASE_FUNCTION', source: 'biosSerialNumber', fn: 'serial' },
  { target: 'asset_tag', rule: 'SCRIPT_BASE_FUNCTION', source: 'biosAssetTag', fn: 'text' },
  { target: 'manufacturer', rule: 'SCRIPT_BASE_FUNCTION', source: 'hardware.manufacturer', fn: 'text' },
  { target: 'model_number', rule: 'SCRIPT_BASE_FUNCTION', source: 'hardware.model', fn: 'text' },
  { target: 'os', rule: 'SCRIPT_BASE_FUNCTION', source: 'operatingSystem.productName', fn: 'gavOs' },
  { target: 'os_version', rule: 'SCRIPT_BASE_FUNCTION', source: 'operatingSystem.version', fn: 'text' },
  {
    target: 'os_address_width',
    rule: 'SCRIPT_BASE_FUNCTION',
    source: 'operatingSystem.architecture',
    fn: 'addressWidth',
  },
  { target: 'cpu_count', rule: 'SCRIPT_BASE_FUNCTION', source: 'processor.numCPUs', fn: 'text' },
  { target: 'cpu_core_count', rule: 'SCRIPT_BASE_FUNCTION', source: 'processor', fn: 'gavCoreCount' },
  { target: 'cpu_speed', rule: 'SCRIPT_BASE_FUNCTION', source: 'processor.speed', fn: 'text' },
  { target: 'ram', rule: 'SCRIPT_BASE_FUNCTION', source: 'totalMemory', fn: 'text' },
  { target: 'disk_space', rule: 'SCRIPT_BASE_FUNCTION', source: 'volumeListData.volume', fn: 'gavDiskSpace' },
  { target: 'virtual', rule: 'SCRIPT_BASE_FUNCTION', source: 'hardware.category2', fn: 'gavVirtual' },
  { target: 'first_discovered', rule: 'SCRIPT_BASE_FUNCTION', source: 'createdDate', fn: 'date' },
  { target: 'last_discovered', rule: 'SCRIPT_BASE_FUNCTION', source: 'sensorLastUpdatedDate', fn: 'date' },
  { target: 'install_status', rule: 'constant', value: '1' },
];

/** Main CI of a QPS HostAsset (no categories, serial, OS version or address width in that API). */
export const QPS_CI_MAP: TransformMap = [
  { target: 'name', rule: 'SCRIPT_BASE_FUNCTION', source: 'name', fn: 'qpsName' },
  { target: 'fqdn', rule: 'SCRIPT_BASE_FUNCTION', source: 'fqdn', fn: 'qpsFqdn' },
  { target: 'ip_address', rule: 'SCRIPT_BASE_FUNCTION', source: 'address', fn: 'ipAddress' },
  { target: 'manufacturer', rule: 'SCRIPT_BASE_FUNCTION', source: 'manufacturer', fn: 'text' },
  { target: 'model_number', rule: 'SCRIPT_BASE_FUNCTION', source: 'model', fn: 'text' },
  { target: 'os', rule: 'SCRIPT_BASE_FUNCTION', source: 'os', fn: 'text' },
  {
    target: 'cpu_speed',
    rule: 'SCRIPT_BASE_FUNCTION',
    source: 'processor.list.HostAssetProcessor',
    fn: 'qpsCpuSpeed',
  },
  { target: 'ram', rule: 'SCRIPT_BASE_FUNCTION', source: 'totalMemory', fn: 'text' },
  {
    target: 'disk_space',
    rule: 'SCRIPT_BASE_FUNCTION',
    source: 'volume.list.HostAssetVolume',
    fn: 'qpsDiskSpace',
  },
  { target: 'virtual', rule: 'SCRIPT_BASE_FUNCTION', source: 'sourceInfo.list', fn: 'qpsVirtual' },
  { target: 'first_discovered', rule: 'SCRIPT_BASE_FUNCTION', source: 'created', fn: 'date' },
  { target: 'last_discovered', rule: 'SCRIPT_BASE_FUNCTION', source: 'modified', fn: 'date' },
  { target: 'install_status', rule: 'constant', value: '1' },
];

/** A cloud provider's instance block: where the VM instance and its datacenter are read from. */
export interface CloudSource {
  readonly provider: 'aws' | 'azure' | 'gcp';
  readonly datacenterClass: string;
  /** Path of the provider's block in the asset. */
  readonly block: string;
  /** Paths inside the block; no `state` path means the API does not carry one. */
  readonly instanceId: string;
  readonly region: string;
  readonly state?: string;
}

/**
 * Cloud instance fields, kept in this one place (the spec's "Cloud instance fields"; Qualys does not
 * publish the Azure and GCP nesting). The QPS Azure/GCP blocks are the project simulator's.
 */
export const GAV_CLOUD_SOURCES: ReadonlyArray<CloudSource> = [
  {
    provider: 'aws',
    datacenterClass: 'cmdb_ci_aws_datacenter',
    block: 'cloudProvider.aws.ec2',
    instanceId: 'instanceId',
    region: 'region.code',
    state: 'instanceState',
  },
  {
    provider: 'azure',
    datacenterClass: 'cmdb_ci_azure_datacenter',
    block: 'cloudProvider.azure.vm',
    instanceId: 'vmId',
    region: 'location',
    state: 'state',
  },
  {
    provider: 'gcp',
    datacenterClass: 'cmdb_ci_google_datacenter',
    block: 'cloudProvider.gcp.compute',
    instanceId: 'instanceId',
    region: 'region',
    state: 'state',
  },
];

export const QPS_CLOUD_SOURCES: ReadonlyArray<CloudSource> = [
  {
    provider: 'aws',
    datacenterClass: 'cmdb_ci_aws_datacenter',
    block: 'sourceInfo.list.Ec2AssetSourceSimple',
    instanceId: 'instanceId',
    region: 'region',
  },
  {
    provider: 'azure',
    datacenterClass: 'cmdb_ci_azure_datacenter',
    block: 'sourceInfo.list.AzureAssetSourceSimple',
    instanceId: 'vmId',
    region: 'location',
  },
  {
    provider: 'gcp',
    datacenterClass: 'cmdb_ci_google_datacenter',
    block: 'sourceInfo.list.GcpAssetSourceSimple',
    instanceId: 'instanceId',
    region: 'region',
  },
];

/** `provider` values that make a GAV asset a cloud asset even without its `cloudProvider` block. */
export const CLOUD_PROVIDER_NAMES: ReadonlySet<string> = new Set(['aws', 'azure', 'gcp']);

const CLOUD_VALUE_TRUE = 'true';

const textValue: MapFunction<unknown> = (_input, value) => text(value);

export const GAV_FUNCTIONS: Readonly<Record<string, MapFunction<GavAsset>>> = {
  text: textValue,
  ipAddress: (_asset, value) => firstIpAddress(value),
  serial: (_asset, value) => serialNumber(value),
  date: (_asset, value) => dateTime(value),
  addressWidth: (_asset, value) => osAddressWidth(value),
  gavName: (asset) => gavCiName(asset),
  gavFqdn: (asset) => text(asset.fqdn) ?? text(asset.dnsName),
  gavOs: (asset) => text(asset.operatingSystem?.productName) ?? text(asset.operatingSystem?.osName),
  gavCoreCount: (asset) => {
    const cpus = numeric(asset.processor?.numCPUs);
    const cores = numeric(asset.processor?.coresPerSocket);
    return cpus === undefined || cores === undefined ? undefined : String(cpus * cores);
  },
  gavDiskSpace: (asset) => diskSpaceGb(toArray(asset.volumeListData?.volume).map((volume) => volume.size)),
  gavVirtual: (asset, category2) =>
    gavCloudProviderPresent(asset) || text(category2)?.toLowerCase() === 'virtual machine'
      ? CLOUD_VALUE_TRUE
      : undefined,
};

export const QPS_FUNCTIONS: Readonly<Record<string, MapFunction<HostAsset>>> = {
  text: textValue,
  ipAddress: (_asset, value) => firstIpAddress(value),
  date: (_asset, value) => dateTime(value),
  qpsName: (asset) => text(asset.name) ?? text(asset.dnsHostName) ?? text(asset.netbiosName),
  qpsFqdn: (asset) => text(asset.fqdn) ?? text(asset.dnsHostName),
  qpsCpuSpeed: (asset) => text(toArray(asset.processor?.list?.HostAssetProcessor)[0]?.speed),
  qpsDiskSpace: (asset) =>
    diskSpaceGb(toArray(asset.volume?.list?.HostAssetVolume).map((volume) => volume.size)),
  qpsVirtual: (asset) =>
    QPS_CLOUD_SOURCES.some((source) => cloudBlock(asset, source) !== undefined)
      ? CLOUD_VALUE_TRUE
      : undefined,
};

/** The provider block of an asset, or `undefined`; an XML list of blocks gives its first. */
export function cloudBlock(asset: unknown, source: CloudSource): Record<string, unknown> | undefined {
  let node: unknown = asset;
  for (const segment of source.block.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  const first: unknown = toArray(node as XmlList<unknown>)[0];
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

export function gavCloudProviderPresent(asset: GavAsset): boolean {
  return (
    GAV_CLOUD_SOURCES.some((source) => cloudBlock(asset, source) !== undefined) ||
    CLOUD_PROVIDER_NAMES.has(text(asset.provider)?.toLowerCase() ?? '')
  );
}
