import type { RunView } from '@sluice/pipeline';
import { LOADED_KEYS, MAPPED_KEYS, PULLED_KEYS } from '@sluice/pipeline';

/** What a progress line shows of a run, wherever the run comes from (the run board, the control API). */
export interface RunProgress {
  readonly connectionId: string;
  readonly state: string;
  readonly pulled: number;
  readonly mapped: number;
  readonly loaded: number;
  readonly partitionsCompleted: number;
  readonly partitions?: number | null;
  readonly apiCalls: number;
  readonly rateLimited: number;
}

const total = (counts: Record<string, number>, keys?: ReadonlyArray<string>) =>
  Object.entries(counts).reduce((s, [k, v]) => s + (!keys || keys.includes(k) ? v : 0), 0);

export function progressOf(view: RunView): RunProgress {
  return {
    connectionId: view.connectionId,
    state: view.state,
    pulled: total(view.pulled, PULLED_KEYS),
    mapped: total(view.transformer, MAPPED_KEYS),
    loaded: total(view.sink, LOADED_KEYS),
    partitionsCompleted: view.partitionsCompleted.length,
    partitions: view.partitions ?? null,
    apiCalls: view.apiCalls,
    rateLimited: view.rateLimited,
  };
}

function bar(done: number, of: number, width = 24): string {
  const share = of <= 0 ? 0 : Math.min(1, done / of);
  const full = Math.round(share * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/**
 * A progress line for a running run: the state, a bar of loaded over mapped records (the pull's total is
 * only known at its end), and the stage counters. On a terminal it redraws in place; elsewhere it prints
 * a line when the state changes and every few seconds.
 */
export class ProgressLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #tty: boolean;
  #lastPrinted = 0;
  #lastState = '';
  #lastLine = '';

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
    this.#tty = Boolean(stream.isTTY);
  }

  update(run: RunProgress): void {
    const parts = run.partitions ? ` partitions ${run.partitionsCompleted}/${run.partitions}` : '';
    const line = `[${run.connectionId}] ${run.state.padEnd(10)} ${bar(run.loaded, Math.max(run.mapped, 1))} pulled ${run.pulled} · mapped ${run.mapped} · loaded ${run.loaded}${parts} · api ${run.apiCalls} (429: ${run.rateLimited})`;
    if (this.#tty) {
      this.#stream.write(`\r${line.padEnd(this.#lastLine.length)}`);
      this.#lastLine = line;
      return;
    }
    const now = Date.now();
    if (now - this.#lastPrinted < 3000 && run.state === this.#lastState) return;
    this.#lastPrinted = now;
    this.#lastState = run.state;
    this.#stream.write(`${line}\n`);
  }

  end(): void {
    if (this.#tty && this.#lastLine) this.#stream.write('\n');
  }
}
