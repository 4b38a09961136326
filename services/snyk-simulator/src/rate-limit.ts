export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Snyk's documented limit: N requests per rolling minute per API key. A sliding window of the
 * admitted requests' times; a rejected request does not take a slot.
 */
export class SlidingWindowLimiter {
  readonly #windows = new Map<string, number[]>();
  readonly #windowMs: number;
  readonly #now: () => number;
  #limit: number;

  constructor(options: { perMinute: number; now?: () => number; windowMs?: number }) {
    this.#limit = options.perMinute;
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.windowMs ?? 60_000;
  }

  get limit(): number {
    return this.#limit;
  }

  setLimit(perMinute: number): void {
    this.#limit = perMinute;
  }

  admit(key: string): Admission {
    const now = this.#now();
    let times = this.#windows.get(key);
    if (!times) {
      times = [];
      this.#windows.set(key, times);
    }
    let expired = 0;
    while (expired < times.length && times[expired]! <= now - this.#windowMs) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length < this.#limit) {
      times.push(now);
      return { admitted: true };
    }
    // The slot that frees first for this request is the one `limit` places back from the newest.
    const freeing = times[times.length - this.#limit]!;
    return {
      admitted: false,
      retryAfterSeconds: Math.max(1, Math.ceil((freeing + this.#windowMs - now) / 1000)),
    };
  }

  reset(): void {
    this.#windows.clear();
  }
}
