import type { QualysDataset } from './dataset.ts';
import type { FaultInjector } from './faults.ts';
import type { TokenIssuer } from './jwt.ts';
import { ConcurrencyGate, SlidingWindow } from './rate-limit.ts';

export interface SimulatorStats {
  /** Every API call (admin `/_sim` routes excluded). */
  requests: number;
  auth: number;
  rateLimited429: number;
  conflicts409: number;
  /** `METHOD /route` → calls. */
  byRoute: Record<string, number>;
}

export function emptyStats(): SimulatorStats {
  return { requests: 0, auth: 0, rateLimited429: 0, conflicts409: 0, byRoute: {} };
}

export interface LimitConfig {
  readonly limit: number;
  readonly windowSec: number;
  /** Calls allowed in flight at once; `undefined` means no concurrency limit. */
  readonly concurrency?: number | undefined;
}

/** Limits are per API (per route), as Qualys counts them. */
export class ApiLimits {
  readonly config: LimitConfig;
  readonly #now: () => number;
  readonly #windows = new Map<string, SlidingWindow>();
  readonly #gates = new Map<string, ConcurrencyGate>();

  constructor(config: LimitConfig, now: () => number) {
    this.config = config;
    this.#now = now;
  }

  window(route: string): SlidingWindow {
    let window = this.#windows.get(route);
    if (!window) {
      window = new SlidingWindow(this.config.limit, this.config.windowSec, this.#now);
      this.#windows.set(route, window);
    }
    return window;
  }

  gate(route: string): ConcurrencyGate {
    let gate = this.#gates.get(route);
    if (!gate) {
      gate = new ConcurrencyGate(this.config.concurrency ?? Number.POSITIVE_INFINITY);
      this.#gates.set(route, gate);
    }
    return gate;
  }
}

export interface User {
  readonly username: string;
  readonly password: string;
}

/** Everything the route modules share. */
export interface SimulatorContext {
  readonly dataset: QualysDataset;
  readonly faults: FaultInjector;
  readonly tokens: TokenIssuer;
  readonly users: ReadonlyArray<User>;
  readonly clock: () => Date;
  readonly gatewayLimits: ApiLimits;
  readonly qpsLimits: ApiLimits;
  stats: SimulatorStats;
  /** Cursors for which the `emptyPageWithHasMore` quirk already sent its empty page. */
  readonly emptyPagesServed: Set<string>;
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
