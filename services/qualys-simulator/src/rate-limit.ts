/** What a limiter says about one call: let it through or tell the caller how long to wait. */
export interface WindowDecision {
  readonly allowed: boolean;
  /** Calls left in the window once this one is counted. */
  readonly remaining: number;
  /** Whole seconds until a slot frees up; 0 when allowed. */
  readonly toWaitSec: number;
}

/**
 * A rolling-window rate limit as Qualys applies it: at most `limit` calls in any `windowSec`
 * seconds. Refused calls are not counted.
 */
export class SlidingWindow {
  readonly limit: number;
  readonly windowSec: number;
  readonly #now: () => number;
  readonly #calls: number[] = [];

  constructor(limit: number, windowSec: number, now: () => number) {
    this.limit = limit;
    this.windowSec = windowSec;
    this.#now = now;
  }

  /** Calls left in the window without using one. */
  remaining(): number {
    this.#expire(this.#now());
    return Math.max(0, this.limit - this.#calls.length);
  }

  take(): WindowDecision {
    const now = this.#now();
    const windowMs = this.windowSec * 1000;
    this.#expire(now);
    if (this.#calls.length >= this.limit) {
      const oldest = this.#calls[0] ?? now;
      return {
        allowed: false,
        remaining: 0,
        toWaitSec: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
      };
    }
    this.#calls.push(now);
    return { allowed: true, remaining: this.limit - this.#calls.length, toWaitSec: 0 };
  }

  #expire(now: number): void {
    const windowMs = this.windowSec * 1000;
    while (this.#calls.length > 0 && (this.#calls[0] as number) <= now - windowMs) this.#calls.shift();
  }
}

/** Counts calls in flight for one API; `enter` refuses when the limit would be exceeded. */
export class ConcurrencyGate {
  readonly limit: number;
  #running = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get running(): number {
    return this.#running;
  }

  /** The number running including this call, or `undefined` when it would exceed the limit. */
  enter(): number | undefined {
    if (this.#running + 1 > this.limit) return undefined;
    this.#running += 1;
    return this.#running;
  }

  leave(): void {
    this.#running = Math.max(0, this.#running - 1);
  }
}
