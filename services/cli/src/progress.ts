import type { RunView } from '@sluice/pipeline';
import { LOADED_KEYS, MAPPED_KEYS } from '@sluice/pipeline';

const total = (counts: Record<string, number>, keys: ReadonlyArray<string>) =>
  keys.reduce((s, k) => s + (counts[k] ?? 0), 0);

function bar(done: number, of: number, width = 24): string {
  const share = of <= 0 ? 0 : Math.min(1, done / of);
  const full = Math.round(share * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/**
 * A progress line for a running run: the state, a bar of loaded over mapped records (the pull's total is
 * only known at its end), and the stage counters. On a terminal it redraws in place; elsewhere it prints
 * a line every few seconds.
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

  update(view: RunView): void {
    const pulled = Object.entries(view.pulled)
      .filter(([k]) => k !== 'duplicates')
      .reduce((s, [, v]) => s + v, 0);
    const mapped = total(view.transformer, MAPPED_KEYS);
    const loaded = total(view.sink, LOADED_KEYS);
    const parts = view.partitions ? ` partitions ${view.partitionsCompleted.length}/${view.partitions}` : '';
    const line = `[${view.connectionId}] ${view.state.padEnd(10)} ${bar(loaded, Math.max(mapped, 1))} pulled ${pulled} · mapped ${mapped} · loaded ${loaded}${parts} · api ${view.apiCalls} (429: ${view.rateLimited})`;
    if (this.#tty) {
      this.#stream.write(`\r${line.padEnd(this.#lastLine.length)}`);
      this.#lastLine = line;
      return;
    }
    const now = Date.now();
    if (now - this.#lastPrinted < 3000 && view.state === this.#lastState) return;
    this.#lastPrinted = now;
    this.#lastState = view.state;
    this.#stream.write(`${line}\n`);
  }

  end(): void {
    if (this.#tty && this.#lastLine) this.#stream.write('\n');
  }
}
