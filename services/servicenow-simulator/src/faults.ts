/** Failures a test switches on: random 429s and 5xxs (seeded, so a run repeats) and forced item errors. */
export interface SimulatorFaults {
  /** Share of API calls answered 429 with `Retry-After: 1`, 0..1. */
  readonly rate429?: number;
  /** Share of API calls answered 500, 502 or 503, 0..1. */
  readonly rate5xx?: number;
  readonly seed?: number;
  /** Returns an IRE error code to force on a payload item. */
  readonly failItemsWhere?: (item: unknown) => string | undefined;
  /** `source_native_key` → IRE error code forced on the item with that key (JSON form of the above). */
  readonly failNativeKeys?: Readonly<Record<string, string>>;
}

/** The faults in force, as `/_sim/faults` reports them. */
export interface FaultsView {
  readonly rate429: number;
  readonly rate5xx: number;
  readonly seed: number;
  readonly failNativeKeys: Readonly<Record<string, string>>;
  readonly failItemsWhere: boolean;
}

const SERVER_ERRORS = [500, 502, 503] as const;
const DEFAULT_SEED = 42;

/** mulberry32: small, seeded, good enough to pick which calls fail. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  #faults: SimulatorFaults = {};
  #random = seededRandom(DEFAULT_SEED);

  constructor(faults: SimulatorFaults = {}) {
    this.set(faults);
  }

  /** Replaces every fault; `set({})` switches them all off. */
  set(faults: SimulatorFaults): void {
    this.#faults = faults;
    this.#random = seededRandom(faults.seed ?? DEFAULT_SEED);
  }

  view(): FaultsView {
    return {
      rate429: this.#faults.rate429 ?? 0,
      rate5xx: this.#faults.rate5xx ?? 0,
      seed: this.#faults.seed ?? DEFAULT_SEED,
      failNativeKeys: this.#faults.failNativeKeys ?? {},
      failItemsWhere: this.#faults.failItemsWhere !== undefined,
    };
  }

  tooManyRequests(): boolean {
    const rate = this.#faults.rate429 ?? 0;
    return rate > 0 && this.#random() < rate;
  }

  /** A 5xx status to answer with, or undefined. */
  serverError(): number | undefined {
    const rate = this.#faults.rate5xx ?? 0;
    if (rate <= 0 || this.#random() >= rate) return undefined;
    return SERVER_ERRORS[Math.floor(this.#random() * SERVER_ERRORS.length)];
  }

  readonly itemError = (item: unknown): string | undefined => {
    const forced = this.#faults.failItemsWhere?.(item);
    if (forced) return forced;
    const keys = this.#faults.failNativeKeys;
    if (!keys || typeof item !== 'object' || item === null) return undefined;
    const info = (item as { sys_object_source_info?: { source_native_key?: unknown } })
      .sys_object_source_info;
    const nativeKey = info?.source_native_key;
    return nativeKey === undefined || nativeKey === null ? undefined : keys[String(nativeKey)];
  };
}
