import { z } from 'zod';
import type { QualysAsset } from './asset.ts';
import { nextAddress } from './generate.ts';
import { Random } from './prng.ts';
import { parseOrThrow } from './validation.ts';

/** Quirks and failures the real APIs show, switched on at will. Rates are shares of calls, 0–1. */
export interface QualysFaults {
  /** Share of gateway calls answered 429 (`X-RateLimit-ToWait-Sec: 1`). */
  rate429: number;
  /** Share of QPS calls answered 409 code 1965 (rate limit). */
  rate409Rate: number;
  /** Share of QPS calls answered 409 code 1960 (concurrency limit). */
  rate409Concurrency: number;
  /** After the last real GAV page, one more page says `hasMore: 1` with no assets; then 204. */
  emptyPageWithHasMore: boolean;
  /** Every served GAV interface carries a comma-joined `addressIpV4` (`10.0.0.5,10.0.0.6`). */
  commaJoinedIps: boolean;
  /** QPS lists are cut to their first item, so every list reaches the client as one XML element. */
  singleItemListsAsObject: boolean;
  /** Every served GAV asset has `biosSerialNumber: ""`. */
  emptySerial: boolean;
  /** Seed of the draws that pick which calls fail. */
  seed: number;
  /** Delay before each data call answers, to hold calls open (concurrency tests). */
  latencyMs: number;
}

export const DEFAULT_FAULTS: QualysFaults = {
  rate429: 0,
  rate409Rate: 0,
  rate409Concurrency: 0,
  emptyPageWithHasMore: false,
  commaJoinedIps: false,
  singleItemListsAsObject: false,
  emptySerial: false,
  seed: 1,
  latencyMs: 0,
};

const share = z.number().min(0).max(1);
export const faultsSchema = z.strictObject({
  rate429: share.optional(),
  rate409Rate: share.optional(),
  rate409Concurrency: share.optional(),
  emptyPageWithHasMore: z.boolean().optional(),
  commaJoinedIps: z.boolean().optional(),
  singleItemListsAsObject: z.boolean().optional(),
  emptySerial: z.boolean().optional(),
  seed: z.number().int().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
});

/** The current fault switches and the seeded draws that decide which calls they hit. */
export class FaultInjector {
  #faults: QualysFaults = { ...DEFAULT_FAULTS };
  #random = new Random(DEFAULT_FAULTS.seed);

  constructor(initial: Partial<QualysFaults> = {}) {
    this.set(initial);
  }

  get current(): QualysFaults {
    return { ...this.#faults };
  }

  set(patch: Partial<QualysFaults>): QualysFaults {
    const parsed = parseOrThrow(faultsSchema, patch);
    const defined = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
    this.#faults = { ...this.#faults, ...defined };
    if (parsed.seed !== undefined) this.#random = new Random(this.#faults.seed);
    return this.current;
  }

  /** `true` when this gateway call should be answered 429. */
  gatewayThrottled(): boolean {
    return this.#faults.rate429 > 0 && this.#random.chance(this.#faults.rate429);
  }

  /** The QPS 409 code to inject for this call, if any; one draw decides between the two. */
  qpsConflict(): 1960 | 1965 | undefined {
    const { rate409Concurrency, rate409Rate } = this.#faults;
    if (rate409Concurrency <= 0 && rate409Rate <= 0) return undefined;
    const roll = this.#random.next();
    if (roll < rate409Concurrency) return 1960;
    if (roll < rate409Concurrency + rate409Rate) return 1965;
    return undefined;
  }

  /** The asset as the gateway serves it under the current switches (the stored record is untouched). */
  servedGavAsset(asset: QualysAsset): QualysAsset {
    const { commaJoinedIps, emptySerial } = this.#faults;
    if (!commaJoinedIps && !emptySerial) return asset;
    const served = { ...asset };
    if (emptySerial) served.biosSerialNumber = '';
    if (commaJoinedIps && asset.networkInterfaceListData) {
      served.networkInterfaceListData = {
        networkInterface: asset.networkInterfaceListData.networkInterface.map((nic) =>
          nic.addressIpV4 && !nic.addressIpV4.includes(',')
            ? { ...nic, addressIpV4: `${nic.addressIpV4},${nextAddress(nic.addressIpV4)}` }
            : nic,
        ),
      };
    }
    return served;
  }
}
