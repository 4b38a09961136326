import { type Kafka, TopicTable } from '@sluice/kafka';
import { parseRunEvent } from './run-event-writer.ts';
import { applyRunEvent, emptyRun, type RunEvent, type RunView, runIsOver } from './run-events.ts';
import { TOPICS } from './topics.ts';

/**
 * Every run's view, folded from `etl.runs`: the run history any process (CLI, control replicas) can
 * rebuild, and live updates while runs are processing.
 */
export class RunBoard {
  readonly #views = new Map<string, RunView>();
  readonly #table: TopicTable;
  #listeners: Array<(view: RunView, event: RunEvent) => void> = [];

  constructor(kafka: Kafka, name: string) {
    this.#table = new TopicTable({
      kafka,
      topics: [TOPICS.runs],
      name: `${name}-runs`,
      apply: (record) => {
        const event = parseRunEvent(record.value);
        if (!event?.runId) return;
        const view = applyRunEvent(
          this.#views.get(event.runId) ?? emptyRun(event.runId, event.connectionId),
          event,
        );
        this.#views.set(event.runId, view);
        for (const listener of this.#listeners) listener(view, event);
      },
    });
  }

  start(): Promise<void> {
    return this.#table.start();
  }

  stop(): Promise<void> {
    return this.#table.stop();
  }

  /** Waits until every run event written so far is folded in. */
  catchUp(): Promise<void> {
    return this.#table.catchUp();
  }

  get(runId: string): RunView | undefined {
    return this.#views.get(runId);
  }

  list(): RunView[] {
    return [...this.#views.values()];
  }

  onEvent(listener: (view: RunView, event: RunEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** Resolves with the run's view once it is over (Completed, or Failed and drained). */
  waitUntilOver(runId: string, timeoutMs: number, onUpdate?: (view: RunView) => void): Promise<RunView> {
    const current = this.#views.get(runId);
    if (current && runIsOver(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`run ${runId} did not finish within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const off = this.onEvent((view) => {
        if (view.runId !== runId) return;
        onUpdate?.(view);
        if (runIsOver(view)) {
          clearTimeout(timer);
          off();
          resolve(view);
        }
      });
    });
  }
}
