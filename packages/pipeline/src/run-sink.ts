import { describeError } from '@sluice/errors';
import {
  type AvroSerde,
  type ConsumedBatch,
  type ConsumedRecord,
  ConsumerRunner,
  DeadLetterWriter,
  decodeRecords,
  type Kafka,
  nextOffset,
  type RecordProducer,
} from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type PartitionRun, PartitionRuns } from './partition-runs.ts';
import { type EndOfRunMarker, HEADERS } from './records.ts';
import { type RemovalDecision, type RemovalGuardSettings, removalDecision } from './removal-guard.ts';
import { RunEventWriter } from './run-event-writer.ts';
import type { Counts, RunError } from './run-events.ts';
import { SinkState } from './sink-state.ts';
import { runErrorFrom } from './suggestions.ts';

/** One run on one partition, as a target adapter keeps it. */
export interface RunWork {
  readonly connectionId: string;
  readonly runId: string;
  readonly partition: number;
  /** Deltas not yet reported on `etl.runs`. */
  counts: Counts;
}

export interface RemovalTotals {
  /** What the connection held on this partition before the run. */
  readonly held: number;
  /** What the run would remove on this partition. */
  readonly candidates: number;
  /** What the run delivered on this partition. */
  readonly seen: number;
}

/** The target-specific half of a sink (ETM, CMDB): what a record means and how it reaches the target. */
export interface SinkAdapter<V, W extends RunWork> {
  readonly stage: string;
  readonly topic: string;
  /** The system named in errors and suggestions. */
  readonly system: string;
  marker(value: V): EndOfRunMarker | undefined;
  startWork(partition: number, runId: string, connectionId: string): W;
  accept(work: W, value: V, record: ConsumedRecord): Promise<void>;
  /** Delivers whatever the work still holds (end of the run's records on the partition). */
  flush(work: W): Promise<void>;
  removalTotals(work: W, run: PartitionRun): RemovalTotals;
  /** Removes what the run no longer returned (only called when the guard allows it). */
  sweep(work: W, run: PartitionRun): Promise<void>;
  guard(connectionId: string): RemovalGuardSettings;
}

interface Barrier {
  readonly held: number;
  readonly candidates: number;
  readonly seen: number;
  readonly complete: boolean;
  readonly done: boolean;
  readonly at: string;
}

interface Waiting<W> {
  readonly run: PartitionRun;
  readonly work: W;
}

/**
 * The target-independent half of a sink: consumes a normalized topic, decodes it (undecodable records to
 * the dead-letter topic), hands records to the adapter per run and partition, and ends a run on a
 * partition once every source partition's marker arrived: flush, removal guard across all partitions
 * (through barrier entries in the sink state), sweep, and the run's counts on `etl.runs`. Offsets are
 * committed no further than the first record of an unfinished run.
 */
export class RunSink<V, W extends RunWork> {
  readonly #adapter: SinkAdapter<V, W>;
  readonly #serde: AvroSerde;
  readonly #producer: RecordProducer;
  readonly #logger: Logger;
  readonly #runs = new PartitionRuns();
  readonly #works = new Map<string, W>();
  readonly #failed = new Map<string, RunError>();
  readonly #waiting = new Map<string, Array<Waiting<W>>>();
  readonly #processed = new Map<number, string>();
  readonly #barriers: SinkState<Barrier>;
  readonly #events: RunEventWriter;
  readonly #dlq: DeadLetterWriter;
  readonly #runner: ConsumerRunner;
  #partitions = 0;
  #evaluating: Promise<void> = Promise.resolve();

  constructor(options: {
    kafka: Kafka;
    serde: AvroSerde;
    producer: RecordProducer;
    adapter: SinkAdapter<V, W>;
    logger: Logger;
    groupId: string;
    name: string;
    partitionsConsumedConcurrently?: number;
  }) {
    this.#adapter = options.adapter;
    this.#serde = options.serde;
    this.#producer = options.producer;
    this.#logger = options.logger;
    this.#events = new RunEventWriter(options.producer);
    this.#dlq = new DeadLetterWriter(options.producer);
    this.#barriers = new SinkState<Barrier>({
      kafka: options.kafka,
      producer: options.producer,
      prefix: `${options.adapter.stage}:run/`,
      name: options.name,
    });
    this.#barriers.onChange(() => this.#evaluate());
    this.#runner = new ConsumerRunner({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: [options.adapter.topic],
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
      logger: options.logger,
      handle: (batch) => this.#handle(batch),
    });
  }

  get events(): RunEventWriter {
    return this.#events;
  }

  get deadLetters(): DeadLetterWriter {
    return this.#dlq;
  }

  async start(): Promise<void> {
    this.#partitions = await this.#producer.partitions(this.#adapter.topic);
    await this.#barriers.start();
    this.#runner.on(
      (events) => events.GROUP_JOIN,
      (event) => {
        const mine = new Set<number>(event.payload.memberAssignment[this.#adapter.topic] ?? []);
        this.#runs.dropPartitions(mine);
        for (const [key, work] of this.#works) if (!mine.has(work.partition)) this.#works.delete(key);
      },
    );
    await this.#runner.start();
  }

  async stop(): Promise<void> {
    await this.#runner.stop();
    await this.#evaluating;
    await this.#barriers.stop();
  }

  #workKey(partition: number, runId: string): string {
    return `${partition}/${runId}`;
  }

  #barrierKey(connectionId: string, runId: string, partition: number): string {
    return `${connectionId}/${runId}/${partition}`;
  }

  #work(partition: number, runId: string, connectionId: string): W {
    const key = this.#workKey(partition, runId);
    let work = this.#works.get(key);
    if (!work) {
      work = this.#adapter.startWork(partition, runId, connectionId);
      this.#works.set(key, work);
    }
    return work;
  }

  async #fail(work: W, error: unknown): Promise<void> {
    const key = this.#workKey(work.partition, work.runId);
    if (this.#failed.has(key)) return;
    const runError = runErrorFrom(error, this.#adapter.system);
    this.#failed.set(key, runError);
    this.#logger.error(
      { err: error, connectionId: work.connectionId, runId: work.runId, partition: work.partition },
      `${this.#adapter.stage}: run failed on this partition`,
    );
    await this.#events.emit({
      type: 'sink.failed',
      runId: work.runId,
      connectionId: work.connectionId,
      stage: this.#adapter.stage,
      error: runError,
    });
  }

  async #handle(batch: ConsumedBatch): Promise<string> {
    const { decoded, deadLetters } = await decodeRecords<V>(
      this.#serde,
      batch.records,
      this.#adapter.stage,
      (r) => ({
        connectionId: r.headers[HEADERS.connectionId] ?? '',
        runId: r.headers[HEADERS.runId] ?? '',
      }),
    );
    await this.#dlq.send(deadLetters);
    const touched = new Set<W>();
    for (const { record, value } of decoded) {
      const runId = record.headers[HEADERS.runId] ?? '';
      const connectionId = record.headers[HEADERS.connectionId] ?? '';
      if (this.#barriers.get(this.#barrierKey(connectionId, runId, batch.partition))?.done) continue;
      this.#runs.observe(batch.partition, runId, connectionId, record.offset);
      const work = this.#work(batch.partition, runId, connectionId);
      const marker = this.#adapter.marker(value);
      if (marker) {
        const closed = this.#runs.marker(batch.partition, marker, record.offset);
        if (closed) await this.#close(closed, work);
        continue;
      }
      if (this.#failed.has(this.#workKey(batch.partition, runId))) continue;
      try {
        await this.#adapter.accept(work, value, record);
      } catch (error) {
        await this.#fail(work, error);
      }
      touched.add(work);
      await batch.heartbeat();
    }
    for (const work of touched) await this.#report(work);
    const last = batch.records.at(-1);
    if (last) this.#processed.set(batch.partition, nextOffset(last.offset));
    return this.#runs.commitPoint(batch.partition, this.#processed.get(batch.partition) ?? '0');
  }

  async #report(work: W): Promise<void> {
    const counts = work.counts;
    if (Object.keys(counts).length === 0) return;
    work.counts = {};
    await this.#events.emit({
      type: 'sink.progress',
      runId: work.runId,
      connectionId: work.connectionId,
      stage: this.#adapter.stage,
      counts,
    });
  }

  /** Every marker of the run reached this partition: flush, publish the removal totals, wait for the others. */
  async #close(run: PartitionRun, work: W): Promise<void> {
    const key = this.#workKey(run.partition, run.runId);
    if (!this.#failed.has(key)) {
      try {
        await this.#adapter.flush(work);
      } catch (error) {
        await this.#fail(work, error);
      }
    }
    await this.#report(work);
    const sweepable = run.complete && !this.#failed.has(key);
    const totals = sweepable ? this.#adapter.removalTotals(work, run) : { held: 0, candidates: 0, seen: 0 };
    this.#barriers.set(this.#barrierKey(run.connectionId, run.runId, run.partition), {
      ...totals,
      complete: sweepable,
      done: false,
      at: new Date().toISOString(),
    });
    await this.#barriers.flush();
    const runKey = `${run.connectionId}/${run.runId}`;
    const list = this.#waiting.get(runKey) ?? [];
    list.push({ run, work });
    this.#waiting.set(runKey, list);
    this.#evaluate();
  }

  /** Serialised, so sweeps for one run never run twice at once. */
  #evaluate(): void {
    this.#evaluating = this.#evaluating
      .then(() => this.#evaluateNow())
      .catch((error) => {
        this.#logger.error({ err: error }, `${this.#adapter.stage}: finishing a run failed`);
      });
  }

  async #evaluateNow(): Promise<void> {
    for (const [runKey, waiting] of [...this.#waiting]) {
      const first = waiting[0];
      if (!first) continue;
      const { connectionId, runId } = first.run;
      const barriers: Barrier[] = [];
      for (let p = 0; p < this.#partitions; p++) {
        const barrier = this.#barriers.get(this.#barrierKey(connectionId, runId, p));
        if (barrier) barriers.push(barrier);
      }
      if (barriers.length < this.#partitions) continue;
      this.#waiting.delete(runKey);
      const complete = barriers.every((b) => b.complete);
      const decision: RemovalDecision = complete
        ? removalDecision(this.#adapter.guard(connectionId), {
            held: barriers.reduce((s, b) => s + b.held, 0),
            candidates: barriers.reduce((s, b) => s + b.candidates, 0),
            seen: barriers.reduce((s, b) => s + b.seen, 0),
          })
        : { allowed: false, note: 'the run was incomplete or failed: nothing removed' };
      for (const { run, work } of waiting) await this.#finish(run, work, decision);
    }
  }

  async #finish(run: PartitionRun, work: W, decision: RemovalDecision): Promise<void> {
    const key = this.#workKey(run.partition, run.runId);
    let swept = false;
    if (decision.allowed && run.complete && !this.#failed.has(key)) {
      try {
        await this.#adapter.sweep(work, run);
        swept = true;
      } catch (error) {
        await this.#fail(work, error);
      }
    }
    await this.#report(work);
    const barrierKey = this.#barrierKey(run.connectionId, run.runId, run.partition);
    const barrier = this.#barriers.get(barrierKey);
    if (barrier) this.#barriers.set(barrierKey, { ...barrier, done: true });
    await this.#barriers.flush();
    await this.#events.emit({
      type: 'sink.partition-completed',
      runId: run.runId,
      connectionId: run.connectionId,
      stage: this.#adapter.stage,
      partition: run.partition,
      partitions: this.#partitions,
      swept,
      ...(decision.note ? { sweepNote: decision.note } : {}),
    });
    this.#runs.finish(run.partition, run.runId);
    this.#works.delete(key);
    this.#failed.delete(key);
    const processed = this.#processed.get(run.partition);
    if (processed) {
      await this.#runner
        .commit(this.#adapter.topic, run.partition, this.#runs.commitPoint(run.partition, processed))
        .catch((error) =>
          this.#logger.warn(
            { err: describeError(error) },
            'commit after a run failed; it is retried with the next batch',
          ),
        );
    }
  }
}
