import type { RunMode } from './records.ts';

/** Counters keyed by name; events carry deltas, a run view sums them. */
export type Counts = Record<string, number>;

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly suggestion?: string;
}

interface Base {
  readonly runId: string;
  readonly connectionId: string;
  /** ISO time the event was written. */
  readonly at: string;
}

/**
 * What each stage tells about a run, on `etl.runs` keyed by run id (so one run's events stay in order).
 * Count-carrying events hold deltas, written in the same transaction as the work they count where the
 * stage is transactional, so replays and crashes neither lose nor double them.
 */
export type RunEvent =
  | (Base & { readonly type: 'run.requested'; readonly mode: RunMode | 'auto'; readonly trigger: string })
  | (Base & {
      readonly type: 'run.hook';
      readonly hook: 'pre' | 'post';
      readonly ok: boolean;
      readonly detail: string;
    })
  | (Base & { readonly type: 'producer.started'; readonly mode: RunMode; readonly source: string })
  | (Base & {
      readonly type: 'producer.progress';
      readonly pulled: Counts;
      readonly apiCalls: number;
      readonly rateLimited: number;
    })
  | (Base & {
      readonly type: 'producer.finished';
      readonly mode: RunMode;
      readonly complete: boolean;
      readonly pulled: Counts;
      readonly apiCalls: number;
      readonly rateLimited: number;
      readonly error?: RunError;
    })
  | (Base & { readonly type: 'transformer.batch'; readonly counts: Counts })
  | (Base & { readonly type: 'sink.progress'; readonly stage: string; readonly counts: Counts })
  | (Base & {
      readonly type: 'sink.partition-completed';
      readonly stage: string;
      readonly partition: number;
      readonly partitions: number;
      readonly swept: boolean;
      readonly sweepNote?: string;
    })
  | (Base & { readonly type: 'sink.failed'; readonly stage: string; readonly error: RunError })
  | (Base & { readonly type: 'run.cancelled'; readonly reason: string });

export type RunEventType = RunEvent['type'];

export type RunState = 'Scheduled' | 'Processing' | 'Processed' | 'Completed' | 'Failed';

export interface RunView {
  readonly runId: string;
  readonly connectionId: string;
  state: RunState;
  mode: RunMode | 'auto';
  trigger: string;
  requestedAt?: string;
  startedAt?: string;
  pulledAt?: string;
  finishedAt?: string;
  complete: boolean;
  pulled: Counts;
  apiCalls: number;
  rateLimited: number;
  transformer: Counts;
  sink: Counts;
  sinkStage?: string;
  partitionsCompleted: number[];
  partitions?: number;
  swept?: boolean;
  sweepNotes: string[];
  hooks: Array<{ hook: 'pre' | 'post'; ok: boolean; detail: string }>;
  error?: RunError;
  /** Times and cumulative totals, for a chart of records over time. */
  timeline: Array<{ at: string; pulled: number; mapped: number; loaded: number }>;
}

function add(target: Counts, delta: Counts): void {
  for (const [k, v] of Object.entries(delta)) target[k] = (target[k] ?? 0) + v;
}

function total(counts: Counts, keys: ReadonlyArray<string>): number {
  return keys.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
}

/** Keys that count records a sink delivered or confirmed, across both sinks. */
export const LOADED_KEYS = [
  'assetsPushed',
  'findingsPushed',
  'assetsUnchanged',
  'findingsUnchanged',
  'inserted',
  'updated',
  'unchanged',
  'skipped',
];
export const MAPPED_KEYS = ['assets', 'findings', 'cis'];
/** Keys of `pulled` that count entities read from the source (the others are paging statistics). */
export const PULLED_KEYS = ['orgs', 'projects', 'issues', 'assets'];

export function emptyRun(runId: string, connectionId: string): RunView {
  return {
    runId,
    connectionId,
    state: 'Scheduled',
    mode: 'auto',
    trigger: 'unknown',
    complete: false,
    pulled: {},
    apiCalls: 0,
    rateLimited: 0,
    transformer: {},
    sink: {},
    partitionsCompleted: [],
    sweepNotes: [],
    hooks: [],
    timeline: [],
  };
}

/** Folds one event into a run's view: the only place run states and totals are derived. */
export function applyRunEvent(view: RunView, event: RunEvent): RunView {
  switch (event.type) {
    case 'run.requested':
      view.mode = event.mode;
      view.trigger = event.trigger;
      view.requestedAt = event.at;
      break;
    case 'run.hook':
      view.hooks.push({ hook: event.hook, ok: event.ok, detail: event.detail });
      if (!event.ok && event.hook === 'pre') {
        view.state = 'Failed';
        view.error = {
          code: 'PRE_RUN_HOOK_FAILED',
          message: event.detail,
          suggestion: 'Fix the pre-run hook or remove it from the connection.',
        };
        view.finishedAt = event.at;
      }
      break;
    case 'producer.started':
      view.mode = event.mode;
      view.startedAt = event.at;
      if (view.state === 'Scheduled') view.state = 'Processing';
      break;
    case 'producer.progress':
      view.pulled = { ...event.pulled };
      view.apiCalls = event.apiCalls;
      view.rateLimited = event.rateLimited;
      break;
    case 'producer.finished':
      view.pulled = { ...event.pulled };
      view.apiCalls = event.apiCalls;
      view.rateLimited = event.rateLimited;
      view.complete = event.complete;
      view.pulledAt = event.at;
      if (event.error) view.error = event.error;
      if (event.complete && view.state !== 'Completed' && view.state !== 'Failed') view.state = 'Processed';
      if (!event.complete) {
        view.state = 'Failed';
        view.finishedAt = event.at;
      }
      break;
    case 'transformer.batch':
      add(view.transformer, event.counts);
      break;
    case 'sink.progress':
      view.sinkStage = event.stage;
      add(view.sink, event.counts);
      break;
    case 'sink.partition-completed':
      view.sinkStage = event.stage;
      view.partitions = event.partitions;
      if (!view.partitionsCompleted.includes(event.partition)) view.partitionsCompleted.push(event.partition);
      view.swept = (view.swept ?? true) && event.swept;
      if (event.sweepNote && !view.sweepNotes.includes(event.sweepNote))
        view.sweepNotes.push(event.sweepNote);
      if (view.partitionsCompleted.length >= event.partitions && view.state !== 'Failed') {
        view.state = view.complete ? 'Completed' : view.state;
        view.finishedAt = event.at;
      }
      break;
    case 'sink.failed':
      view.state = 'Failed';
      view.error = event.error;
      view.finishedAt = event.at;
      break;
    case 'run.cancelled':
      view.state = 'Failed';
      view.error = { code: 'RUN_CANCELLED', message: event.reason };
      view.finishedAt = event.at;
      break;
  }
  if (event.type !== 'run.requested' && event.type !== 'run.hook') {
    view.timeline.push({
      at: event.at,
      pulled: total(view.pulled, PULLED_KEYS),
      mapped: total(view.transformer, MAPPED_KEYS),
      loaded: total(view.sink, LOADED_KEYS),
    });
  }
  return view;
}

/** A run is over once every sink partition has reported, or it failed. */
export function runIsOver(view: RunView): boolean {
  if (view.state === 'Completed') return true;
  if (view.state !== 'Failed') return false;
  // A failed pull still flows through the pipeline (without a sweep); wait for the sinks to drain it.
  if (view.pulledAt && view.partitions !== undefined)
    return view.partitionsCompleted.length >= view.partitions;
  return (
    view.pulledAt === undefined ||
    view.error?.code === 'PRE_RUN_HOOK_FAILED' ||
    view.error?.code === 'RUN_CANCELLED'
  );
}
