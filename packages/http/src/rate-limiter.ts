import { createHash } from 'node:crypto';

export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  acquire(): Promise<void>;
  /** The server told us to stop: hold every caller sharing this limiter until `untilMs`. */
  pauseUntil(untilMs: number): void;
}

export interface TokenBucketOptions {
  /** Sustained rate. */
  readonly perMinute: number;
  /** Requests that may go at once after an idle period; defaults to one second's worth. */
  readonly burst?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A token bucket: `perMinute` tokens a minute, at most `burst` saved up, callers served in order. */
export class TokenBucket implements RateLimiter {
  readonly #ratePerMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    this.#ratePerMs = options.perMinute / 60_000;
    this.#capacity = Math.max(1, options.burst ?? Math.ceil(options.perMinute / 60));
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    this.#tokens = this.#capacity;
    this.#updatedAt = this.#now();
  }

  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#takeOne());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  pauseUntil(untilMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, untilMs);
  }

  async #takeOne(): Promise<void> {
    for (;;) {
      const now = this.#now();
      if (now < this.#pausedUntil) {
        await this.#sleep(this.#pausedUntil - now);
        continue;
      }
      this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#ratePerMs);
      this.#updatedAt = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.#sleep(Math.ceil((1 - this.#tokens) / this.#ratePerMs));
    }
  }
}

const shared = new Map<string, RateLimiter>();

/**
 * One limiter per credential, shared by every client and worker in the process that uses it: the
 * API counts requests per token, not per caller. The key is a hash, so the registry never holds a secret.
 */
export function limiterForCredential(
  scope: string,
  credential: string,
  options: TokenBucketOptions,
): RateLimiter {
  const key = `${scope}:${createHash('sha256').update(credential).digest('hex').slice(0, 24)}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new TokenBucket(options);
    shared.set(key, limiter);
  }
  return limiter;
}
