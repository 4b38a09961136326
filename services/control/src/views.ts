import type { Connection } from '@sluice/connections';
import {
  type Counts,
  LOADED_KEYS,
  MAPPED_KEYS,
  PULLED_KEYS,
  type RunView,
  runIsOver,
} from '@sluice/pipeline';
import { masked } from './masking.ts';

export type ConnectionState = 'Registered' | RunView['state'];

const pick = (counts: Counts, keys: ReadonlyArray<string>): Counts =>
  Object.fromEntries(keys.filter((k) => counts[k] !== undefined).map((k) => [k, counts[k] ?? 0]));

function skipped(counts: Counts): number {
  return Object.entries(counts).reduce((s, [k, v]) => s + (k.startsWith('skipped.') ? v : 0), 0);
}

/** A run as the API lists it. */
export function runSummary(view: RunView) {
  const started = view.startedAt ?? view.requestedAt;
  const sinkLoaded = [...LOADED_KEYS, 'assetsDeleted', 'findingsFixed', 'retired', 'errors'];
  return {
    runId: view.runId,
    connectionId: view.connectionId,
    state: view.state,
    mode: view.mode,
    trigger: view.trigger,
    requestedAt: view.requestedAt,
    startedAt: view.startedAt,
    pulledAt: view.pulledAt,
    finishedAt: view.finishedAt,
    durationMs: started && view.finishedAt ? Date.parse(view.finishedAt) - Date.parse(started) : undefined,
    pulled: pick(view.pulled, PULLED_KEYS),
    pullStats: Object.fromEntries(Object.entries(view.pulled).filter(([k]) => !PULLED_KEYS.includes(k))),
    mapped: { ...pick(view.transformer, MAPPED_KEYS), skipped: skipped(view.transformer) },
    loaded: pick(view.sink, sinkLoaded),
    deadLettered: (view.transformer.deadLettered ?? 0) + (view.sink.deadLettered ?? 0),
    rejected: (view.sink.rejected ?? 0) + (view.sink.errors ?? 0),
    apiCalls: { source: view.apiCalls, target: view.sink.apiCalls ?? 0 },
    rateLimited: { source: view.rateLimited, target: view.sink.rateLimited ?? 0 },
    partitionsCompleted: view.partitionsCompleted.length,
    partitions: view.partitions ?? null,
    sweep: { done: view.swept === true, notes: view.sweepNotes },
    error: view.error ?? null,
  };
}

export type RunSummary = ReturnType<typeof runSummary>;

/** A run with its stages, hooks and the records-over-time series. */
export function runDetail(view: RunView) {
  const span = (from?: string, to?: string) => ({
    ...(from ? { startedAt: from } : {}),
    ...(to ? { finishedAt: to } : {}),
    ...(from && to ? { durationMs: Date.parse(to) - Date.parse(from) } : {}),
  });
  const firstMapped = view.timeline.find((p) => p.mapped > 0)?.at;
  return {
    ...runSummary(view),
    stages: [
      { name: 'pull' as const, ...span(view.startedAt, view.pulledAt) },
      {
        name: 'transform' as const,
        ...span(
          firstMapped,
          view.pulledAt && firstMapped ? view.timeline.filter((p) => p.mapped > 0).at(-1)?.at : undefined,
        ),
      },
      { name: 'load' as const, ...span(view.pulledAt ?? view.startedAt, view.finishedAt) },
    ],
    hooks: view.hooks,
    timeline: view.timeline,
    transformer: view.transformer,
    sink: view.sink,
  };
}

/** The connection's state: its active run's, else its last run's result, else Scheduled or Registered. */
export function connectionState(runs: ReadonlyArray<RunView>, nextRunAt: Date | undefined): ConnectionState {
  const latest = latestRun(runs);
  if (latest && !runIsOver(latest)) return latest.state;
  if (latest) return latest.state;
  return nextRunAt ? 'Scheduled' : 'Registered';
}

export function latestRun(runs: ReadonlyArray<RunView>): RunView | undefined {
  const time = (v: RunView) => v.requestedAt ?? v.startedAt ?? '';
  return [...runs].sort((a, b) => time(b).localeCompare(time(a)))[0];
}

export function connectionView(
  connection: Connection,
  runs: ReadonlyArray<RunView>,
  nextRunAt: Date | undefined,
) {
  const latest = latestRun(runs);
  return {
    name: connection.name,
    type: connection.type,
    ...(connection.description ? { description: connection.description } : {}),
    enabled: connection.enabled,
    state: connectionState(runs, nextRunAt),
    nextRunAt: nextRunAt?.toISOString() ?? null,
    schedule: connection.schedule ?? null,
    lastRun: latest ? runSummary(latest) : null,
    settings: masked(connection),
  };
}
