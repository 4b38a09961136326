export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Unix seconds at which the current window ends. */
  readonly resetEpochSec: number;
  /** Seconds until the window ends, at least 1. */
  readonly retryAfterSec: number;
}

export interface FixedWindowOptions {
  readonly limit: number;
  readonly windowSec: number;
  readonly now: () => number;
}

/**
 * The platform's inbound REST rate limit: a number of requests per user per window, windows aligned
 * to the clock (the platform counts per hour).
 */
export class FixedWindowRateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #counts = new Map<string, { windowStart: number; count: number }>();

  constructor(options: FixedWindowOptions) {
    this.#limit = options.limit;
    this.#windowMs = options.windowSec * 1000;
    this.#now = options.now;
  }

  take(key: string): RateDecision {
    const now = this.#now();
    const windowStart = Math.floor(now / this.#windowMs) * this.#windowMs;
    let entry = this.#counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      entry = { windowStart, count: 0 };
      this.#counts.set(key, entry);
    }
    const end = windowStart + this.#windowMs;
    const allowed = entry.count < this.#limit;
    if (allowed) entry.count++;
    return {
      allowed,
      limit: this.#limit,
      resetEpochSec: Math.ceil(end / 1000),
      retryAfterSec: Math.max(1, Math.ceil((end - now) / 1000)),
    };
  }
}
