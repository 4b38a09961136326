/**
 * TypeScript views of the normalized topics' Avro values (`schemas/*.avsc`). The schemas are the
 * contract; `normalized.test.ts` checks samples of these types against them.
 */

export interface AvroRunMarker {
  readonly mode: 'full' | 'delta';
  readonly complete: boolean;
  readonly completeEntities: string[];
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourcePartitions: number;
  readonly sourceTopics: Array<{ topic: string; partitions: number }>;
}

/** `etm.assets.v1`. */
export interface EtmAssetEvent {
  readonly connectionId: string;
  readonly runId: string;
  readonly kind: 'ASSET' | 'FINDING' | 'END_OF_RUN';
  readonly externalAssetId: string | null;
  readonly mappingVersion: string;
  readonly asset: unknown;
  readonly finding: unknown;
  readonly marker: AvroRunMarker | null;
}

export interface IreRecord {
  className: string;
  values: Record<string, string>;
}

export interface SysObjectSourceInfo {
  sourceName: string;
  sourceFeed: string;
  sourceNativeKey: string;
  sourceRecencyTimestamp: string | null;
}

export interface IreItem {
  className: string;
  internalId: string;
  values: Record<string, string>;
  lookup: IreRecord[];
  related: IreRecord[];
  sysObjectSourceInfo: SysObjectSourceInfo | null;
}

export interface IreRelation {
  parentId: string;
  childId: string;
  type: string;
}

/** Everything IRE needs for one Qualys asset: main CI first, then its cloud VM and datacenter. */
export interface CmdbCi {
  api: 'GAV' | 'QPS';
  className: string;
  matchedRule: string;
  items: IreItem[];
  relations: IreRelation[];
}

/** `cmdb.cis.v1`. */
export interface CmdbCiEvent {
  readonly connectionId: string;
  readonly runId: string;
  readonly kind: 'CI' | 'END_OF_RUN';
  readonly nativeKey: string | null;
  readonly rulesetVersion: string;
  readonly mappingVersion: string;
  readonly ci: CmdbCi | null;
  readonly marker: AvroRunMarker | null;
}
