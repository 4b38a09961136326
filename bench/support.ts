/** What the benchmarks share: a cluster, simulators in their own processes, and a memory sampler. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { type RunBoard, type RunView, runIsOver } from '@sluice/pipeline';
import { LocalStack, PROJECT_ROOT } from '../deploy/local/stack.ts';

export interface Cluster {
  readonly brokers: string[];
  readonly registryUrl: string;
  stop(): Promise<void>;
}

/** `KAFKA_BROKERS` + `SCHEMA_REGISTRY_URL`, else a fresh local stack of its own on free ports. */
export async function benchCluster(): Promise<Cluster> {
  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL) {
    return {
      brokers: process.env.KAFKA_BROKERS.split(','),
      registryUrl: process.env.SCHEMA_REGISTRY_URL,
      stop: async () => {},
    };
  }
  const stack = new LocalStack({
    home: join(PROJECT_ROOT, '.stack-bench'),
    fresh: true,
    kafkaPort: 0,
    controllerPort: 0,
    registryPort: 0,
    log: (l) => process.stderr.write(`[bench stack] ${l}\n`),
  });
  const status = await stack.up();
  return { brokers: [status.kafka], registryUrl: status.schemaRegistry, stop: () => stack.clean() };
}

/** Starts a simulator's `main.ts` in a child process, so its data set is not counted in this process's memory. */
export async function startSimulator(
  service: string,
  args: string[],
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [resolve(PROJECT_ROOT, 'services', service, 'src', 'main.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((done, fail) => {
    lines.once('line', (line) => done((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => fail(new Error(`${service} exited with ${code}`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The highest resident set size and heap of this process while it runs. */
export class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  sample(): void {
    const m = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
  }

  stop(): { peakRssMb: number; peakHeapMb: number } {
    clearInterval(this.#timer);
    this.sample();
    return { peakRssMb: Math.round(this.peakRss / 1048576), peakHeapMb: Math.round(this.peakHeap / 1048576) };
  }
}

export const seconds = (ms: number) => Math.round(ms / 100) / 10;

export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a sink stage and times it until the run is over on the board. */
export async function timeSink(
  sink: { start(): Promise<void> },
  board: RunBoard,
  runId: string,
  what: string,
): Promise<{ view: RunView; ms: number }> {
  const started = Date.now();
  await sink.start();
  const view = await waitFor(
    () => {
      const v = board.get(runId);
      return v && runIsOver(v) ? v : undefined;
    },
    900_000,
    what,
  );
  return { view, ms: Date.now() - started };
}
