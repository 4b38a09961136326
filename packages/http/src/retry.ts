/** Retry defaults for every external call, kept in one place (kafkajs style). */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Multiplier per attempt. */
  readonly factor: number;
  /** Longest server-requested wait (Retry-After and friends) we accept before giving up. */
  readonly maxServerDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  initialDelayMs: 300,
  maxDelayMs: 30_000,
  factor: 2,
  maxServerDelayMs: 5 * 60_000,
};

/** Exponential backoff with full jitter: a random wait in [delay/2, delay]. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The wait a server asked for, in ms: `Retry-After` (seconds or an HTTP date), then Qualys's
 * `X-RateLimit-ToWait-Sec`, then `X-RateLimit-Reset` (seconds from now, or an epoch time when large).
 */
export function serverRequestedDelay(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const toWait = Number(header(headers, 'x-ratelimit-towait-sec'));
  if (Number.isFinite(toWait) && toWait >= 0 && header(headers, 'x-ratelimit-towait-sec') !== undefined) {
    return toWait * 1000;
  }
  const resetRaw = header(headers, 'x-ratelimit-reset');
  const reset = Number(resetRaw);
  if (resetRaw !== undefined && Number.isFinite(reset) && reset >= 0) {
    return reset > 1_000_000_000 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  }
  return undefined;
}
