import { createHash } from 'node:crypto';
import {
  type HostAsset,
  MERGED_GROUPS,
  type QualysAsset,
  type QualysAssetInput,
  type QualysHardware,
  type QualysOperatingSystem,
  type QualysProcessor,
} from './asset.ts';
import { simulatorErrors } from './errors.ts';
import { toHostAsset } from './host-asset.ts';

export type { HostAsset, QualysAsset, QualysAssetInput } from './asset.ts';

/** Where asset ids start in an empty dataset; real CSAM ids are large integers. */
export const FIRST_ASSET_ID = 58_812_001;

export function emptyOperatingSystem(): QualysOperatingSystem {
  return {
    osName: null,
    fullName: null,
    category: null,
    category1: null,
    category2: null,
    productName: null,
    publisher: null,
    edition: null,
    marketVersion: null,
    version: null,
    architecture: null,
    release: null,
    installDate: null,
    lifecycle: null,
  };
}

export function emptyHardware(): QualysHardware {
  return {
    fullName: null,
    category: null,
    category1: null,
    category2: null,
    manufacturer: null,
    productName: null,
    model: null,
    productFamily: null,
    productUrl: null,
    lifecycle: null,
  };
}

export function emptyProcessor(): QualysProcessor {
  return {
    description: null,
    speed: null,
    numCPUs: null,
    noOfSocket: null,
    threadsPerCore: null,
    coresPerSocket: null,
    multithreadingStatus: null,
  };
}

const EMPTY_GROUP = {
  operatingSystem: emptyOperatingSystem,
  hardware: emptyHardware,
  processor: emptyProcessor,
} as const;

/** A stable UUID for an asset created without one, so `add` stays deterministic. */
function uuidFor(assetId: number): string {
  const h = createHash('sha1').update(`qualys-asset:${assetId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function blankAsset(assetId: number, now: string): QualysAsset {
  return {
    assetId,
    assetUUID: uuidFor(assetId),
    hostId: null,
    agentId: null,
    hwUUID: null,
    assetType: 'HOST',
    assetName: `asset-${assetId}`,
    dnsName: null,
    netbiosName: null,
    fqdn: null,
    address: null,
    domain: null,
    subdomain: null,
    biosSerialNumber: null,
    biosAssetTag: null,
    biosDescription: null,
    timeZone: null,
    domainRole: null,
    lastLoggedOnUser: null,
    lastBoot: null,
    totalMemory: null,
    cpuCount: null,
    isContainerHost: false,
    riskScore: null,
    criticality: null,
    createdDate: now,
    lastModifiedDate: now,
    sensorLastUpdatedDate: now,
    operatingSystem: null,
    hardware: null,
    processor: null,
    volumeListData: null,
    networkInterfaceListData: null,
    openPortListData: null,
    softwareListData: null,
    provider: null,
    cloudProvider: null,
    tagList: null,
    agent: null,
    sensor: null,
    inventory: null,
  };
}

/** Every top-level field of a GAV asset record, in the order the API sends them. */
export const ASSET_FIELDS: ReadonlyArray<keyof QualysAsset> = Object.keys(blankAsset(0, '')) as Array<
  keyof QualysAsset
>;

/** Applies an input onto a record; `operatingSystem`/`hardware`/`processor` merge field by field. */
function applyInput(target: QualysAsset, input: QualysAssetInput): QualysAsset {
  const out = { ...target } as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const group = (MERGED_GROUPS as ReadonlyArray<string>).includes(key)
      ? (key as (typeof MERGED_GROUPS)[number])
      : undefined;
    if (group && value !== null) {
      out[key] = { ...(target[group] ?? EMPTY_GROUP[group]()), ...(value as object) };
    } else {
      out[key] = value;
    }
  }
  return out as unknown as QualysAsset;
}

/**
 * The one asset list behind both APIs, kept in `assetId` order (the GAV keyset cursor and the QPS
 * `id GREATER` paging both walk it in that order).
 */
export class QualysDataset {
  readonly assets: QualysAsset[] = [];
  readonly #clock: () => Date;

  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  /** The dataset's clock: updates stamp this time. */
  now(): Date {
    return this.#clock();
  }

  get size(): number {
    return this.assets.length;
  }

  get(assetId: number): QualysAsset | undefined {
    const index = this.#indexOf(assetId);
    return index < this.assets.length && this.assets[index]?.assetId === assetId
      ? this.assets[index]
      : undefined;
  }

  /** The position of the first asset whose id is greater than `assetId` (the keyset cursor). */
  indexAfter(assetId: number): number {
    let lo = 0;
    let hi = this.assets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.assets[mid] as QualysAsset).assetId <= assetId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  nextAssetId(): number {
    const last = this.assets.at(-1);
    return last ? last.assetId + 1 : FIRST_ASSET_ID;
  }

  add(asset: QualysAssetInput & { assetName?: string }): QualysAsset {
    const assetId = asset.assetId ?? this.nextAssetId();
    if (!Number.isSafeInteger(assetId) || assetId <= 0) {
      throw simulatorErrors.QUALYS_SIM_INVALID_REQUEST('assetId', 'must be a positive integer');
    }
    if (this.get(assetId)) throw simulatorErrors.QUALYS_SIM_ASSET_EXISTS(assetId);
    const record = applyInput(blankAsset(assetId, this.#clock().toISOString()), { ...asset, assetId });
    this.assets.splice(this.indexAfter(assetId), 0, record);
    return record;
  }

  /** Any change is an event, so `lastModifiedDate` moves; the sensor date too, as after a new scan. */
  update(assetId: number, patch: QualysAssetInput): QualysAsset {
    const index = this.#indexOf(assetId);
    const current = this.assets[index];
    if (!current || current.assetId !== assetId) throw simulatorErrors.QUALYS_SIM_ASSET_NOT_FOUND(assetId);
    if (patch.assetId !== undefined && patch.assetId !== assetId) {
      throw simulatorErrors.QUALYS_SIM_ASSET_ID_IMMUTABLE(assetId, patch.assetId);
    }
    const now = this.#clock().toISOString();
    const updated = applyInput(current, {
      lastModifiedDate: now,
      sensorLastUpdatedDate: now,
      ...patch,
    });
    this.assets[index] = updated;
    return updated;
  }

  remove(assetId: number): void {
    const index = this.#indexOf(assetId);
    if (this.assets[index]?.assetId !== assetId) throw simulatorErrors.QUALYS_SIM_ASSET_NOT_FOUND(assetId);
    this.assets.splice(index, 1);
  }

  clear(): void {
    this.assets.length = 0;
  }

  /** Replaces the whole content, keeping this object (servers hold a reference to it). */
  replaceAll(assets: ReadonlyArray<QualysAsset>): void {
    this.assets.length = 0;
    for (const asset of [...assets].sort((a, b) => a.assetId - b.assetId)) this.assets.push(asset);
  }

  toHostAsset(asset: QualysAsset): HostAsset {
    return toHostAsset(asset);
  }

  #indexOf(assetId: number): number {
    return this.indexAfter(assetId - 1);
  }
}
