/**
 * The asset record as Global AssetView / CSAM v2 serves it (reference §2, "Asset record fields").
 * Real records are full of `null`s and empty strings; the types say where.
 */

export interface QualysLifecycle {
  gaDate: string | null;
  eolDate: string | null;
  eosDate: string | null;
  stage: string | null;
  lifeCycleConfidence: string | null;
}

export interface QualysOperatingSystem {
  osName: string | null;
  fullName: string | null;
  category: string | null;
  category1: string | null;
  category2: string | null;
  productName: string | null;
  publisher: string | null;
  edition: string | null;
  marketVersion: string | null;
  version: string | null;
  architecture: string | null;
  release: string | null;
  installDate: string | null;
  lifecycle: QualysLifecycle | null;
}

export interface QualysHardware {
  fullName: string | null;
  category: string | null;
  category1: string | null;
  category2: string | null;
  manufacturer: string | null;
  productName: string | null;
  model: string | null;
  productFamily: string | null;
  productUrl: string | null;
  lifecycle: QualysLifecycle | null;
}

export interface QualysProcessor {
  description: string | null;
  /** MHz. */
  speed: number | null;
  numCPUs: number | null;
  noOfSocket: number | null;
  threadsPerCore: number | null;
  coresPerSocket: number | null;
  multithreadingStatus: string | null;
}

export interface QualysVolume {
  name: string;
  /** Bytes. */
  size: number;
  free: number;
}

export interface QualysNetworkInterface {
  interfaceName: string | null;
  /** `:` or `-` separated, any case. */
  macAddress: string | null;
  /** May be a comma-joined list such as `10.0.0.5,10.0.0.6`. */
  addressIpV4: string | null;
  addressIpV6: string | null;
  hostname: string | null;
  dnsAddress: string | null;
  gatewayAddress: string | null;
  netmask: string | null;
  manufacturer: string | null;
  /** Epoch ms, 0 when unknown. */
  macVendorIntroDate: number | null;
  addresses: string[] | null;
}

export interface QualysOpenPort {
  port: number;
  protocol: 'TCP' | 'UDP';
  description: string | null;
  detectedService: string | null;
  firstFound: number | null;
  lastUpdated: number | null;
}

export interface QualysSoftware {
  id: number;
  fullName: string | null;
  productName: string | null;
  publisher: string | null;
  version: string | null;
  marketVersion: string | null;
  category1: string | null;
  category2: string | null;
  component: string | null;
  softwareType: string | null;
  installDate: string | null;
  installPath: string | null;
  lastUseDate: string | null;
  isIgnored: boolean;
  isPackage: boolean;
}

export interface QualysTag {
  tagId: number;
  tagName: string;
  criticalityScore: number | null;
  businessImpact: string | null;
  foregroundColor: string | null;
  backgroundColor: string | null;
}

export interface QualysAwsEc2 {
  accountId: string;
  availabilityZone: string | null;
  instanceId: string;
  instanceType: string | null;
  instanceState: string;
  imageId: string | null;
  kernelId: string | null;
  /** Epoch ms. */
  launchdate: number | null;
  privateDNS: string | null;
  privateIpAddress: string | null;
  publicDNS: string | null;
  publicIpAddress: string | null;
  region: { code: string; name: string };
  subnetId: string | null;
  vpcId: string | null;
  spotInstance: boolean;
  hasAgent: boolean;
  qualysScanner: boolean;
  hostname: string | null;
}

export interface QualysAzureVm {
  vmId: string;
  name: string;
  state: string;
  location: string;
  subscriptionId: string;
  resourceGroupName: string | null;
  size: string | null;
  subnet: string | null;
  virtualNetwork: string | null;
  imagePublisher: string | null;
  imageOffer: string | null;
  imageVersion: string | null;
  platform: string | null;
  macAddress: string | null;
}

export interface QualysGcpCompute {
  instanceId: string;
  name: string;
  region: string;
  zone: string | null;
  state: string;
  projectId: string | null;
  machineType: string | null;
  network: string | null;
  privateIpAddress: string | null;
  publicIpAddress: string | null;
}

/** Only one provider is non-null. The Azure and GCP nesting is this project's reading (spec). */
export interface QualysCloudProvider {
  aws: { ec2: QualysAwsEc2; tags: Array<{ key: string; value: string }> } | null;
  azure: { vm: QualysAzureVm; tags: Array<{ key: string; value: string }> } | null;
  gcp: { compute: QualysGcpCompute; labels: Array<{ key: string; value: string }> } | null;
  oci: null;
  ibm: null;
  alibaba: null;
}

export type CloudProviderName = 'AWS' | 'Azure' | 'GCP';

export interface QualysAgent {
  version: string;
  configurationProfile: string | null;
  activations: Array<{ key: string; status: string }>;
  connectedFrom: string | null;
  lastActivity: number;
  lastCheckedIn: number;
  lastInventory: number;
  errorStatus: boolean;
}

export interface QualysSensor {
  activatedForModules: string[];
  pendingActivationForModules: string[];
  /** Epoch ms, 0 when never. */
  lastVMScan: number;
  lastComplianceScan: number;
}

export interface QualysAsset {
  assetId: number;
  assetUUID: string;
  hostId: number | null;
  agentId: string | null;
  hwUUID: string | null;
  assetType: string | null;
  assetName: string;
  dnsName: string | null;
  netbiosName: string | null;
  fqdn: string | null;
  address: string | null;
  domain: string | null;
  subdomain: string | null;
  biosSerialNumber: string | null;
  biosAssetTag: string | null;
  biosDescription: string | null;
  timeZone: string | null;
  domainRole: string | null;
  lastLoggedOnUser: string | null;
  lastBoot: string | null;
  /** MB. */
  totalMemory: number | null;
  cpuCount: number | null;
  isContainerHost: boolean;
  riskScore: number | null;
  criticality: { score: number; isDefault: boolean; lastUpdated: number | null } | null;
  createdDate: string;
  lastModifiedDate: string;
  sensorLastUpdatedDate: string | null;
  operatingSystem: QualysOperatingSystem | null;
  hardware: QualysHardware | null;
  processor: QualysProcessor | null;
  volumeListData: { volume: QualysVolume[] } | null;
  networkInterfaceListData: { networkInterface: QualysNetworkInterface[] } | null;
  openPortListData: { openPort: QualysOpenPort[] } | null;
  softwareListData: { software: QualysSoftware[] } | null;
  provider: CloudProviderName | null;
  cloudProvider: QualysCloudProvider | null;
  tagList: { tag: QualysTag[] } | null;
  agent: QualysAgent | null;
  sensor: QualysSensor | null;
  inventory: { source: string; created: number; lastUpdated: number } | null;
}

/** Groups merged field by field on add/update (a patch `{hardware:{model}}` keeps the other fields). */
export const MERGED_GROUPS = ['operatingSystem', 'hardware', 'processor'] as const;
type MergedGroup = (typeof MERGED_GROUPS)[number];

/** What `add` and `update` accept: any top-level field, and partial `operatingSystem`/`hardware`/`processor`. */
export type QualysAssetInput = Partial<Omit<QualysAsset, MergedGroup>> & {
  [K in MergedGroup]?: Partial<NonNullable<QualysAsset[K]>> | null;
};

/**
 * The Asset Management and Tagging API (QPS) view of the same asset (reference §3). Absent fields are
 * left out of the XML; lists are arrays here and repeated elements in the XML.
 */
export interface HostAssetInterface {
  interfaceName?: string;
  macAddress?: string;
  address?: string;
  hostname?: string;
  gatewayAddress?: string;
  type: 'LOCAL' | 'PRIVATE' | 'PUBLIC';
}

export interface HostAssetSourceSimples {
  Ec2AssetSourceSimple?: {
    instanceId: string;
    region: string;
    accountId: string;
    availabilityZone?: string;
    instanceType?: string;
    instanceState: string;
    privateIpAddress?: string;
  };
  AzureAssetSourceSimple?: { vmId: string; location: string; subscriptionId: string; state: string };
  GcpAssetSourceSimple?: { instanceId: string; region: string; projectId?: string; state: string };
}

export interface HostAsset {
  id: number;
  name: string;
  created: string;
  modified: string;
  type: 'HOST';
  qwebHostId?: number;
  fqdn?: string;
  dnsHostName?: string;
  netbiosName?: string;
  os?: string;
  address?: string;
  trackingMethod: 'NONE' | 'IP' | 'DNSNAME' | 'NETBIOS' | 'INSTANCE_ID' | 'QAGENT';
  manufacturer?: string;
  model?: string;
  totalMemory?: number;
  timezone?: string;
  biosDescription?: string;
  lastSystemBoot?: string;
  lastLoggedOnUser?: string;
  isDockerHost: boolean;
  agentInfo?: { agentId: string; agentVersion: string; status: string; lastCheckedIn: string };
  networkInterface?: { list: { HostAssetInterface: HostAssetInterface[] } };
  processor?: { list: { HostAssetProcessor: Array<{ name: string; speed?: number }> } };
  volume?: { list: { HostAssetVolume: Array<{ name: string; size: number; free: number }> } };
  software?: { list: { HostAssetSoftware: Array<{ name: string; version?: string }> } };
  openPort?: {
    list: { HostAssetOpenPort: Array<{ port: number; protocol: string; serviceName?: string }> };
  };
  sourceInfo?: { list: HostAssetSourceSimples };
  tags?: { list: { TagSimple: Array<{ id: number; name: string }> } };
}
