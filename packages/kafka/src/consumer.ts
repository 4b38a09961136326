import type { Logger } from '@sluice/logging';
import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { CONSUMER_RETRY } from './client.ts';
import { SupervisedConsumer } from './supervised.ts';

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: ReadonlyArray<ConsumedRecord>;
  /** Keeps the group membership alive during long work; call it between slow steps. */
  heartbeat(): Promise<void>;
  isRunning(): boolean;
}

/**
 * What to commit after a batch: `undefined` commits through the end of the batch; `null` commits
 * nothing (the caller keeps the batch in its own state and commits later); a string commits up to
 * that offset (the next one to read).
 */
export type CommitDecision = string | null | undefined;

export interface ConsumerRunnerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: ReadonlyArray<string>;
  readonly fromBeginning?: boolean;
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that commits through the batch returns nothing
  readonly handle: (batch: ConsumedBatch) => Promise<CommitDecision | void>;
  /** Back-pressure: while it returns true, fetching stops (the partitions are paused) and resumes after. */
  readonly saturated?: () => boolean;
  readonly partitionsConsumedConcurrently?: number;
  readonly sessionTimeoutMs?: number;
  readonly logger?: Logger;
}

export function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

export function toConsumedRecord(topic: string, partition: number, m: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString() : null,
    value: m.value,
    headers: headersOf(m.headers),
    timestamp: m.timestamp,
  };
}

export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/**
 * A consumer-group member that hands whole batches to `handle`, resolves and commits offsets as the
 * handler decides, pauses on back-pressure, and stops gracefully (the in-flight batch finishes and its
 * offsets are committed before the member leaves the group).
 */
export class ConsumerRunner {
  readonly #options: ConsumerRunnerOptions;
  readonly #supervised: SupervisedConsumer;
  #resumeTimer: NodeJS.Timeout | undefined;
  #paused = false;
  #running = false;

  constructor(options: ConsumerRunnerOptions) {
    this.#options = options;
    const create = () =>
      options.kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: 3_000,
        allowAutoTopicCreation: false,
        maxBytes: 10 * 1024 * 1024,
        retry: CONSUMER_RETRY,
      });
    this.#supervised = new SupervisedConsumer(create, (consumer) => this.#run(consumer), options.logger);
  }

  /** The consumer's instrumentation events (GROUP_JOIN, COMMIT_OFFSETS…), kept across restarts. */
  on(
    event: Parameters<SupervisedConsumer['on']>[0],
    listener: Parameters<SupervisedConsumer['on']>[1],
  ): void {
    this.#supervised.on(event, listener);
  }

  get running(): boolean {
    return this.#running;
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#supervised.start();
  }

  async #run(consumer: Consumer): Promise<void> {
    const { topics, fromBeginning } = this.#options;
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (this.#options.saturated?.()) {
          this.#pauseUntilDrained();
          return;
        }
        if (!isRunning() || isStale()) return;
        const records = batch.messages.map((m) => toConsumedRecord(batch.topic, batch.partition, m));
        const decision = await this.#options.handle({
          topic: batch.topic,
          partition: batch.partition,
          records,
          heartbeat,
          isRunning,
        });
        resolveOffset(batch.lastOffset());
        const commit = decision === undefined ? nextOffset(batch.lastOffset()) : decision;
        if (commit !== null) {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: commit }]);
        }
        await heartbeat();
      },
    });
  }

  /** Commits an offset outside a batch, for handlers that return `null` and commit later. */
  async commit(topic: string, partition: number, offset: string): Promise<void> {
    await this.#supervised.current.commitOffsets([{ topic, partition, offset }]);
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#resumeTimer) clearInterval(this.#resumeTimer);
    await this.#supervised.stop();
  }

  #pauseUntilDrained(): void {
    if (this.#paused) return;
    this.#paused = true;
    const topics = this.#options.topics.map((topic) => ({ topic }));
    this.#supervised.current.pause(topics);
    this.#options.logger?.debug({ groupId: this.#options.groupId }, 'back-pressure: fetching paused');
    this.#resumeTimer = setInterval(() => {
      if (this.#options.saturated?.()) return;
      clearInterval(this.#resumeTimer);
      this.#resumeTimer = undefined;
      this.#paused = false;
      this.#supervised.current.resume(topics);
      this.#options.logger?.debug({ groupId: this.#options.groupId }, 'back-pressure: fetching resumed');
    }, 50);
  }
}
