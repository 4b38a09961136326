import { Prng } from './prng.ts';

/** Probabilities (0..1) of each failure the simulator injects into authenticated API calls. */
export interface SnykFaults {
  rate429: number;
  rate5xx: number;
  rateDrop: number;
  duplicateRate: number;
  seed: number;
}

export const NO_FAULTS: SnykFaults = { rate429: 0, rate5xx: 0, rateDrop: 0, duplicateRate: 0, seed: 1 };

export type InjectedFault =
  | { kind: 'drop' }
  | { kind: '429' }
  | { kind: '5xx'; status: 500 | 502 | 503 | 504 };

const SERVER_ERRORS = [500, 502, 503, 504] as const;

/** Draws faults from a seeded PRNG, so a seed replays the same sequence of failures. */
export class FaultInjector {
  #faults: SnykFaults = { ...NO_FAULTS };
  #rng = new Prng(NO_FAULTS.seed);

  constructor(faults: Partial<SnykFaults> = {}) {
    this.set(faults);
  }

  get faults(): SnykFaults {
    return { ...this.#faults };
  }

  /** Merges into the current settings; a seed (even the same one) restarts the sequence. */
  set(faults: Partial<SnykFaults>): void {
    this.#faults = { ...this.#faults, ...faults };
    if (faults.seed !== undefined) this.#rng = new Prng(this.#faults.seed);
  }

  /** The fault for one request, if any: a dropped connection, a 429 or a 5xx. */
  draw(): InjectedFault | undefined {
    const { rateDrop, rate429, rate5xx } = this.#faults;
    if (rateDrop > 0 && this.#rng.chance(rateDrop)) return { kind: 'drop' };
    if (rate429 > 0 && this.#rng.chance(rate429)) return { kind: '429' };
    if (rate5xx > 0 && this.#rng.chance(rate5xx))
      return { kind: '5xx', status: this.#rng.pick(SERVER_ERRORS) };
    return undefined;
  }

  /** For an issues page of `size` items: the index to serve twice, if this page gets a duplicate. */
  duplicateIndex(size: number): number | undefined {
    const { duplicateRate } = this.#faults;
    if (size === 0 || duplicateRate <= 0 || !this.#rng.chance(duplicateRate)) return undefined;
    return this.#rng.int(size);
  }
}
