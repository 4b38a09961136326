/**
 * What the mapping reads from the two Qualys APIs (reference/qualys-api.md §2 and §3). Only the fields
 * the mapping uses are declared; every one may be missing, `null` or `""` in real data.
 */

type Maybe<T> = T | null | undefined;

// ---------------------------------------------------------------------------------------------------
// Global AssetView / CSAM v2 (JSON)

export interface GavOperatingSystem {
  readonly osName?: Maybe<string>;
  readonly category1?: Maybe<string>;
  readonly category2?: Maybe<string>;
  readonly productName?: Maybe<string>;
  readonly publisher?: Maybe<string>;
  readonly version?: Maybe<string>;
  readonly architecture?: Maybe<string>;
}

export interface GavHardware {
  readonly category1?: Maybe<string>;
  readonly category2?: Maybe<string>;
  readonly manufacturer?: Maybe<string>;
  readonly model?: Maybe<string>;
}

export interface GavProcessor {
  readonly speed?: Maybe<number | string>;
  readonly numCPUs?: Maybe<number | string>;
  readonly coresPerSocket?: Maybe<number | string>;
}

export interface GavVolume {
  /** Bytes. */
  readonly size?: Maybe<number | string>;
}

export interface GavNetworkInterface {
  readonly interfaceName?: Maybe<string>;
  /** `:` or `-` separated, any case. */
  readonly macAddress?: Maybe<string>;
  /** May be a comma-joined list. */
  readonly addressIpV4?: Maybe<string>;
}

export interface GavSoftware {
  readonly fullName?: Maybe<string>;
  readonly productName?: Maybe<string>;
  readonly publisher?: Maybe<string>;
  readonly version?: Maybe<string>;
}

/** Only one provider block is non-null. The Azure and GCP nesting is this project's reading (spec). */
export interface GavCloudProvider {
  readonly aws?: Maybe<{
    readonly ec2?: Maybe<{
      readonly instanceId?: Maybe<string>;
      readonly instanceState?: Maybe<string>;
      readonly region?: Maybe<{ readonly code?: Maybe<string> }>;
    }>;
  }>;
  readonly azure?: Maybe<{
    readonly vm?: Maybe<{
      readonly vmId?: Maybe<string>;
      readonly location?: Maybe<string>;
      readonly state?: Maybe<string>;
    }>;
  }>;
  readonly gcp?: Maybe<{
    readonly compute?: Maybe<{
      readonly instanceId?: Maybe<string>;
      readonly region?: Maybe<string>;
      readonly state?: Maybe<string>;
    }>;
  }>;
}

export interface GavAsset {
  readonly assetId?: Maybe<number | string>;
  readonly assetName?: Maybe<string>;
  readonly dnsName?: Maybe<string>;
  readonly netbiosName?: Maybe<string>;
  readonly fqdn?: Maybe<string>;
  readonly domain?: Maybe<string>;
  readonly address?: Maybe<string>;
  readonly biosSerialNumber?: Maybe<string>;
  readonly biosAssetTag?: Maybe<string>;
  /** MB. */
  readonly totalMemory?: Maybe<number | string>;
  readonly createdDate?: Maybe<string>;
  readonly sensorLastUpdatedDate?: Maybe<string>;
  readonly operatingSystem?: Maybe<GavOperatingSystem>;
  readonly hardware?: Maybe<GavHardware>;
  readonly processor?: Maybe<GavProcessor>;
  readonly volumeListData?: Maybe<{ readonly volume?: Maybe<readonly GavVolume[]> }>;
  readonly networkInterfaceListData?: Maybe<{
    readonly networkInterface?: Maybe<readonly GavNetworkInterface[]>;
  }>;
  readonly softwareListData?: Maybe<{ readonly software?: Maybe<readonly GavSoftware[]> }>;
  /** `AWS`, `Azure`, `GCP`… alongside the matching `cloudProvider` block. */
  readonly provider?: Maybe<string>;
  readonly cloudProvider?: Maybe<GavCloudProvider>;
}

// ---------------------------------------------------------------------------------------------------
// Asset Management and Tagging API v2 (QPS, XML)

/**
 * A repeated XML element as fast-xml-parser returns it without an `isArray` hint: one element is an
 * object, several are an array, and an empty `<list/>` is `""`. Read it with `toArray`.
 */
export type XmlList<T> = T | T[] | '';

/** `<x><list><Item/>…</list></x>`. */
export type QpsList<K extends string, T> = Maybe<{
  readonly list?: Maybe<{ readonly [key in K]?: XmlList<T> }>;
}>;

/** Every leaf of the parsed XML is a string (`parseTagValue: false`). */
export interface HostAssetInterface {
  readonly interfaceName?: string;
  readonly macAddress?: string;
  readonly address?: string;
  readonly hostname?: string;
  readonly gatewayAddress?: string;
  readonly type?: string;
}

export interface HostAssetProcessor {
  readonly name?: string;
  /** MHz. */
  readonly speed?: string;
}

export interface HostAssetVolume {
  readonly name?: string;
  /** Bytes. */
  readonly size?: string;
  readonly free?: string;
}

export interface HostAssetSoftware {
  readonly name?: string;
  readonly version?: string;
}

export interface Ec2AssetSourceSimple {
  readonly instanceId?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly instanceState?: string;
}

/** Azure and GCP source blocks as the project's Qualys simulator writes them (Qualys does not publish them). */
export interface AzureAssetSourceSimple {
  readonly vmId?: string;
  readonly location?: string;
  readonly state?: string;
}

export interface GcpAssetSourceSimple {
  readonly instanceId?: string;
  readonly region?: string;
  readonly state?: string;
}

export interface HostAssetSourceInfo {
  readonly Ec2AssetSourceSimple?: XmlList<Ec2AssetSourceSimple>;
  readonly AzureAssetSourceSimple?: XmlList<AzureAssetSourceSimple>;
  readonly GcpAssetSourceSimple?: XmlList<GcpAssetSourceSimple>;
}

export interface HostAsset {
  readonly id?: string;
  readonly name?: string;
  readonly created?: string;
  readonly modified?: string;
  readonly fqdn?: string;
  readonly dnsHostName?: string;
  readonly netbiosName?: string;
  readonly os?: string;
  readonly address?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly totalMemory?: string;
  readonly networkInterface?: QpsList<'HostAssetInterface', HostAssetInterface>;
  readonly processor?: QpsList<'HostAssetProcessor', HostAssetProcessor>;
  readonly volume?: QpsList<'HostAssetVolume', HostAssetVolume>;
  readonly software?: QpsList<'HostAssetSoftware', HostAssetSoftware>;
  readonly sourceInfo?: Maybe<{ readonly list?: Maybe<HostAssetSourceInfo> }>;
}

/** The input of `mapQualysAsset`: which API the raw record came from, and the record. */
export type QualysAssetInput =
  | { readonly api: 'GAV'; readonly asset: GavAsset }
  | { readonly api: 'QPS'; readonly asset: HostAsset };

/**
 * Normalises a list: an XML single item (an object) becomes a one-element array, absent or `""`
 * becomes `[]`, and `null` members are dropped.
 */
export function toArray<T>(value: XmlList<T> | ReadonlyArray<T | null> | null | undefined): T[] {
  if (value === undefined || value === null || value === '') return [];
  const items: ReadonlyArray<T | null> = Array.isArray(value) ? value : [value as T];
  return items.filter((item): item is T => item !== null && item !== undefined);
}
