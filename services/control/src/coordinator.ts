import type { ConnectionDirectory } from '@sluice/connections';
import type { RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type RunBoard,
  RunEventWriter,
  type RunMode,
  type RunView,
  runEventRecord,
  runIsOver,
  runRequestRecord,
} from '@sluice/pipeline';
import { controlErrors } from './errors.ts';
import { runHook } from './hooks.ts';
import { latestRun } from './views.ts';

export interface RunStart {
  readonly runId: string;
  readonly started: boolean;
}

/**
 * Starts runs: checks that the connection exists, is enabled and has no run in progress, runs its
 * pre-run hook, then records `run.requested` and sends the run request the producer services consume.
 * A deterministic run id (scheduled runs use the slot) makes a repeated request a no-op. After a run
 * ends, its post-run hook runs once (on the replica that `ownsPostHooks`).
 */
export class RunCoordinator {
  readonly #producer: RecordProducer;
  readonly #board: RunBoard;
  readonly #connections: ConnectionDirectory;
  readonly #events: RunEventWriter;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #ownsPostHooks: () => boolean;
  readonly #postHooksRunning = new Set<string>();
  #unsubscribe: (() => void) | undefined;

  constructor(options: {
    producer: RecordProducer;
    board: RunBoard;
    connections: ConnectionDirectory;
    logger: Logger;
    clock: () => Date;
    ownsPostHooks: () => boolean;
  }) {
    this.#producer = options.producer;
    this.#board = options.board;
    this.#connections = options.connections;
    this.#events = new RunEventWriter(options.producer);
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#ownsPostHooks = options.ownsPostHooks;
  }

  start(): void {
    this.#unsubscribe = this.#board.onEvent((view) => {
      if (runIsOver(view)) void this.#postHook(view);
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  runsOf(connection: string): RunView[] {
    return this.#board.list().filter((v) => v.connectionId === connection);
  }

  /**
   * The connection's run in progress, if any. A requested run counts from the moment it is asked for:
   * while the producers are down it waits in `etl.run-requests`, and no second one is queued behind it.
   */
  activeRun(connection: string): RunView | undefined {
    const latest = latestRun(this.runsOf(connection));
    return latest && !runIsOver(latest) ? latest : undefined;
  }

  async request(name: string, mode: RunMode | 'auto', trigger: string, runId?: string): Promise<RunStart> {
    const connection = this.#connections.get(name);
    if (!connection) throw controlErrors.CONNECTION_NOT_FOUND(name);
    if (!connection.enabled) throw controlErrors.CONNECTION_DISABLED(name);
    const id =
      runId ??
      `${name}-${this.#clock()
        .toISOString()
        .replace(/[-:T.Z]/g, '')
        .slice(0, 14)}-${Math.random().toString(16).slice(2, 8)}`;
    if (this.#board.get(id)) return { runId: id, started: false };
    const active = this.activeRun(name);
    if (active) throw controlErrors.RUN_ALREADY_ACTIVE(name, active.runId);
    const requestedAt = this.#clock().toISOString();
    const requested = {
      type: 'run.requested' as const,
      runId: id,
      connectionId: name,
      mode,
      trigger,
      at: requestedAt,
    };
    const pre = connection.hooks.pre;
    if (pre) {
      const outcome = await runHook(pre, { connection: name, runId: id, phase: 'pre' });
      const hookEvent = {
        type: 'run.hook' as const,
        runId: id,
        connectionId: name,
        hook: 'pre' as const,
        ok: outcome.ok,
        detail: outcome.detail,
      };
      if (!outcome.ok) {
        this.#logger.warn(
          { connectionId: name, runId: id, detail: outcome.detail },
          'pre-run hook failed: run not started',
        );
        await this.#events.emit(requested, hookEvent);
        return { runId: id, started: false };
      }
      await this.#events.emit(requested, hookEvent);
    } else {
      await this.#events.emit(requested);
    }
    await this.#producer.send([
      runRequestRecord({ runId: id, connectionId: name, mode, trigger, requestedAt }),
    ]);
    this.#logger.info({ connectionId: name, runId: id, mode, trigger }, 'run requested');
    return { runId: id, started: true };
  }

  async #postHook(view: RunView): Promise<void> {
    if (
      !this.#ownsPostHooks() ||
      view.hooks.some((h) => h.hook === 'post') ||
      this.#postHooksRunning.has(view.runId)
    )
      return;
    const hook = this.#connections.get(view.connectionId)?.hooks.post;
    if (!hook || view.error?.code === 'PRE_RUN_HOOK_FAILED') return;
    this.#postHooksRunning.add(view.runId);
    try {
      const outcome = await runHook(hook, {
        connection: view.connectionId,
        runId: view.runId,
        phase: 'post',
        state: view.state,
      });
      await this.#producer.send([
        runEventRecord({
          type: 'run.hook',
          runId: view.runId,
          connectionId: view.connectionId,
          hook: 'post',
          ok: outcome.ok,
          detail: outcome.detail,
        }),
      ]);
    } finally {
      this.#postHooksRunning.delete(view.runId);
    }
  }
}
