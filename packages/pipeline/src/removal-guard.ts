export interface RemovalGuardSettings {
  readonly maxShare: number;
  readonly allowEmptySource: boolean;
}

export interface RemovalDecision {
  readonly allowed: boolean;
  readonly note?: string;
}

/**
 * Backstage-style removal guard: never remove more than `maxShare` of what the connection held before
 * the run, and never anything when the source returned nothing (unless explicitly allowed).
 */
export function removalDecision(
  settings: RemovalGuardSettings,
  totals: { held: number; candidates: number; seen: number },
): RemovalDecision {
  if (totals.candidates === 0) return { allowed: true };
  if (totals.seen === 0 && !settings.allowEmptySource) {
    return {
      allowed: false,
      note: `removal guard: the source returned nothing; ${totals.candidates} removals held back`,
    };
  }
  const share = totals.held === 0 ? 1 : totals.candidates / totals.held;
  if (share > settings.maxShare) {
    return {
      allowed: false,
      note: `removal guard: ${totals.candidates} of ${totals.held} (${(share * 100).toFixed(1)}%) would be removed, over the ${(settings.maxShare * 100).toFixed(0)}% limit; held back`,
    };
  }
  return { allowed: true };
}
