import type { HttpClient, HttpEvent, RateLimiter, RetryPolicy } from '@sluice/http';

/** Which API a raw record came from; the transformer reads the two shapes differently. */
export type QualysEntity = 'gav-asset' | 'qps-hostasset';

/**
 * What a pull reads: one of the two Qualys asset APIs, walked to its end in id order. Both clients
 * implement it, so the pull does not care which one a connection uses.
 */
export interface QualysAssetSource<Asset = unknown> {
  readonly entity: QualysEntity;
  readonly http: HttpClient;
  /** How many assets the API holds now, for progress. */
  count(): Promise<number>;
  /** Every page of assets, as received; a page may be empty (then it is the last one). */
  assetPages(): AsyncGenerator<ReadonlyArray<Asset>>;
  /** The asset's id as the API states it: the key of its raw record. */
  idOf(asset: Asset): string;
  close(): Promise<void>;
}

/** Test and bench seams of both clients; production passes none of them. */
export interface QualysClientSeams {
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock of retries and of JWT renewal. */
  readonly now?: () => number;
  readonly onEvent?: (event: HttpEvent) => void;
  /** Replaces the limiter shared by everything using the same Qualys user (a test's fake clock). */
  readonly limiter?: RateLimiter;
  readonly retry?: Partial<RetryPolicy>;
}

/** Who is calling, as the rate limits count it: the same user on the same platform. */
export function credentialKey(url: string, username: string): string {
  return `${new URL(url).host}|${username}`;
}
