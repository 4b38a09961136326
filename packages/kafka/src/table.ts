import { randomUUID } from 'node:crypto';
import type { Logger } from '@sluice/logging';
import type { Consumer, Kafka } from 'kafkajs';
import { CONSUMER_RETRY, withKafkaRetry } from './client.ts';
import { type ConsumedRecord, toConsumedRecord } from './consumer.ts';
import { kafkaErrors } from './errors.ts';
import { SupervisedConsumer } from './supervised.ts';

export interface TopicTableOptions {
  readonly kafka: Kafka;
  readonly topics: ReadonlyArray<string>;
  /** Names the private consumer group, which is removed again on stop. */
  readonly name: string;
  readonly apply: (record: ConsumedRecord) => void;
  readonly logger?: Logger;
}

type Position = Map<string, bigint>;
const slot = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Reads compacted topics from the beginning into memory and keeps following them: the way a service
 * rebuilds its view (connections, joins, sink state) at start. kafkajs has no manual partition
 * assignment, so the reader is the only member of a private consumer group and commits nothing.
 */
export class TopicTable {
  readonly #options: TopicTableOptions;
  readonly #consumer: SupervisedConsumer;
  readonly #groupId: string;
  /** Next offset to read per topic-partition, as far as this reader has got. */
  readonly #position: Position = new Map();
  #waiters: Array<{ target: Position; resolve: () => void }> = [];

  constructor(options: TopicTableOptions) {
    this.#options = options;
    this.#groupId = `sluice-table-${options.name}-${randomUUID()}`;
    const create = () =>
      options.kafka.consumer({
        groupId: this.#groupId,
        allowAutoTopicCreation: false,
        retry: CONSUMER_RETRY,
        maxBytes: 20 * 1024 * 1024,
      });
    this.#consumer = new SupervisedConsumer(create, (consumer) => this.#run(consumer), options.logger);
    this.#consumer.on(
      (events) => events.END_BATCH_PROCESS,
      (event) => {
        const { topic, partition, lastOffset } = event.payload;
        this.#advance(topic, partition, BigInt(lastOffset) + 1n);
      },
    );
  }

  /** Starts reading; resolves once everything that was in the topics at call time has been applied. */
  async start(timeoutMs = 120_000): Promise<void> {
    const target = await this.endOffsets();
    await this.#consumer.start();
    await this.waitFor(target, timeoutMs);
  }

  async #run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.#options.topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        // After a consumer restart (a broker outage) the private group reads from the beginning again;
        // records already applied are skipped, so appending views (run history) are not doubled.
        const applied = this.#position.get(slot(batch.topic, batch.partition)) ?? -1n;
        for (const m of batch.messages) {
          if (BigInt(m.offset) < applied) continue;
          this.#options.apply(toConsumedRecord(batch.topic, batch.partition, m));
        }
        this.#advance(batch.topic, batch.partition, BigInt(batch.lastOffset()) + 1n);
      },
    });
  }

  /** The current end of every partition of the table's topics. */
  async endOffsets(): Promise<Position> {
    const admin = this.#options.kafka.admin();
    await admin.connect();
    try {
      const target: Position = new Map();
      for (const topic of this.#options.topics) {
        for (const o of await withKafkaRetry(() => admin.fetchTopicOffsets(topic))) {
          if (BigInt(o.high) > BigInt(o.low)) target.set(slot(topic, o.partition), BigInt(o.high));
        }
      }
      return target;
    } finally {
      await admin.disconnect();
    }
  }

  /** Resolves when the reader has applied everything up to `target` (from `endOffsets()`). */
  waitFor(target: Position, timeoutMs = 120_000): Promise<void> {
    if (this.#reached(target)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(kafkaErrors.TABLE_LOAD_TIMEOUT(this.#options.topics.join(','), timeoutMs));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push({ target, resolve: done });
    });
  }

  /** Waits until everything written to the topics before this call has been applied. */
  async catchUp(timeoutMs = 120_000): Promise<void> {
    await this.waitFor(await this.endOffsets(), timeoutMs);
  }

  async stop(): Promise<void> {
    await this.#consumer.stop();
    const admin = this.#options.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([this.#groupId]).catch(() => undefined);
    await admin.disconnect();
  }

  #advance(topic: string, partition: number, next: bigint): void {
    const key = slot(topic, partition);
    if ((this.#position.get(key) ?? -1n) >= next) return;
    this.#position.set(key, next);
    if (this.#waiters.length === 0) return;
    const still: Array<{ target: Position; resolve: () => void }> = [];
    for (const w of this.#waiters) {
      if (this.#reached(w.target)) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }

  #reached(target: Position): boolean {
    for (const [key, end] of target) {
      if ((this.#position.get(key) ?? 0n) < end) return false;
    }
    return true;
  }
}
