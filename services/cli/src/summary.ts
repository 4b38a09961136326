import { type Counts, PULLED_KEYS, type RunView } from '@sluice/pipeline';

const sum = (counts: Counts, keys: string[]) => keys.reduce((s, k) => s + (counts[k] ?? 0), 0);

function prefixed(counts: Counts, prefix: string): Counts {
  const out: Counts = {};
  for (const [k, v] of Object.entries(counts)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** The JSON a finished run prints: what was pulled, mapped, loaded, left alone, refused, and what it cost. */
export function runSummary(view: RunView) {
  const t = view.transformer;
  const s = view.sink;
  const started = view.startedAt ?? view.requestedAt;
  return {
    connection: view.connectionId,
    runId: view.runId,
    status: view.state,
    mode: view.mode,
    pulled: Object.fromEntries(Object.entries(view.pulled).filter(([k]) => PULLED_KEYS.includes(k))),
    pullStats: Object.fromEntries(Object.entries(view.pulled).filter(([k]) => !PULLED_KEYS.includes(k))),
    mapped: {
      assets: t.assets ?? 0,
      findings: t.findings ?? 0,
      cis: t.cis ?? 0,
      skipped: prefixed(t, 'skipped.'),
    },
    pushed:
      view.sinkStage === 'cmdb-sink'
        ? { inserted: s.inserted ?? 0, updated: s.updated ?? 0, retired: s.retired ?? 0 }
        : {
            assets: s.assetsPushed ?? 0,
            findings: s.findingsPushed ?? 0,
            deletedAssets: s.assetsDeleted ?? 0,
            fixedFindings: s.findingsFixed ?? 0,
          },
    unchanged:
      view.sinkStage === 'cmdb-sink'
        ? { cis: (s.unchanged ?? 0) + (s.skipped ?? 0) }
        : { assets: s.assetsUnchanged ?? 0, findings: s.findingsUnchanged ?? 0 },
    rejected: (s.rejected ?? 0) + (s.errors ?? 0),
    deadLettered: (t.deadLettered ?? 0) + (s.deadLettered ?? 0),
    apiCalls: { source: view.apiCalls, target: s.apiCalls ?? 0, targetPushes: sum(s, ['pushes']) },
    rateLimited: { source: view.rateLimited, target: s.rateLimited ?? 0 },
    sweep: { done: view.swept === true, notes: view.sweepNotes },
    durationMs: started && view.finishedAt ? Date.parse(view.finishedAt) - Date.parse(started) : undefined,
    ...(view.error ? { error: view.error } : {}),
  };
}

export type RunSummary = ReturnType<typeof runSummary>;
