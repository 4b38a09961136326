import type { Logger } from '@sluice/logging';
import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';

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
  readonly #consumer: Consumer;
  #resumeTimer: NodeJS.Timeout | undefined;
  #paused = false;
  #running = false;

  constructor(options: ConsumerRunnerOptions) {
    this.#options = options;
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      maxBytes: 10 * 1024 * 1024,
      retry: { retries: 12, initialRetryTime: 300 },
    });
  }

  get consumer(): Consumer {
    return this.#consumer;
  }

  get running(): boolean {
    return this.#running;
  }

  async start(): Promise<void> {
    const { topics, fromBeginning } = this.#options;
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [...topics], fromBeginning: fromBeginning ?? true });
    this.#running = true;
    await this.#consumer.run({
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
          await this.#consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: commit },
          ]);
        }
        await heartbeat();
      },
    });
  }

  /** Commits an offset outside a batch, for handlers that return `null` and commit later. */
  async commit(topic: string, partition: number, offset: string): Promise<void> {
    await this.#consumer.commitOffsets([{ topic, partition, offset }]);
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#resumeTimer) clearInterval(this.#resumeTimer);
    await this.#consumer.disconnect();
  }

  #pauseUntilDrained(): void {
    if (this.#paused) return;
    this.#paused = true;
    const topics = this.#options.topics.map((topic) => ({ topic }));
    this.#consumer.pause(topics);
    this.#options.logger?.debug({ groupId: this.#options.groupId }, 'back-pressure: fetching paused');
    this.#resumeTimer = setInterval(() => {
      if (this.#options.saturated?.()) return;
      clearInterval(this.#resumeTimer);
      this.#resumeTimer = undefined;
      this.#paused = false;
      this.#consumer.resume(topics);
      this.#options.logger?.debug({ groupId: this.#options.groupId }, 'back-pressure: fetching resumed');
    }, 50);
  }
}
