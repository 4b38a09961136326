import type { SnykDataset } from './dataset.ts';
import type { FaultInjector } from './faults.ts';
import type { SlidingWindowLimiter } from './rate-limit.ts';
import type { SnykUser } from './resources.ts';
import type { StatsRecorder } from './stats.ts';

/** Who is calling: the token's user and, for an org-scoped token, the orgs it may see. */
export interface Caller {
  readonly token: string;
  readonly user: SnykUser;
  /** Undefined: the token sees every org, including orgs added later. */
  readonly orgIds: ReadonlySet<string> | undefined;
}

/** What the API and admin routes share; `dataset` is replaced by `POST /_sim/generate`. */
export interface SimulatorState {
  dataset: SnykDataset;
  readonly callers: ReadonlyMap<string, Caller>;
  readonly limiter: SlidingWindowLimiter;
  readonly faults: FaultInjector;
  readonly stats: StatsRecorder;
}

export function canSee(caller: Caller, orgId: string): boolean {
  return caller.orgIds === undefined || caller.orgIds.has(orgId);
}
