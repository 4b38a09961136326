import type { Logger } from '@sluice/logging';
import type { Kafka } from 'kafkajs';
import { withKafkaRetry } from './client.ts';
import { type ConsumedBatch, ConsumerRunner, nextOffset } from './consumer.ts';
import { type OutgoingRecord, RecordProducer } from './producer.ts';

export interface TransactionalProcessorOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  /** Stable per instance, so a restarted instance fences its predecessor's open transaction. */
  readonly transactionalId: string;
  readonly topics: ReadonlyArray<string>;
  readonly process: (batch: ConsumedBatch) => Promise<ReadonlyArray<OutgoingRecord>>;
  readonly fromBeginning?: boolean;
  readonly saturated?: () => boolean;
  readonly sessionTimeoutMs?: number;
  readonly logger?: Logger;
  /** A test seam: runs inside the transaction after the writes and before the commit. */
  readonly beforeCommit?: () => Promise<void>;
}

/**
 * Read-process-write with exactly-once output: each batch's output records and its input offsets are
 * committed in one Kafka transaction. A crash before the commit aborts (or, on restart, fences) the
 * transaction, and the batch is read again from the last committed offset.
 */
export class TransactionalProcessor {
  readonly #producer: RecordProducer;
  readonly #runner: ConsumerRunner;
  /** Per input partition, the next offset this instance's committed transactions have covered. */
  readonly #committed = new Map<string, bigint>();
  readonly #kafka: Kafka;
  readonly #groupId: string;

  constructor(options: TransactionalProcessorOptions) {
    this.#kafka = options.kafka;
    this.#groupId = options.groupId;
    this.#producer = new RecordProducer(options.kafka, { transactionalId: options.transactionalId });
    this.#runner = new ConsumerRunner({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: options.fromBeginning ?? true,
      ...(options.saturated ? { saturated: options.saturated } : {}),
      ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      handle: async (batch) => {
        // After a rebalance the group may hand back offsets fetched before this instance's last
        // transaction committed (kafkajs has no KIP-447 stable offset fetch): skip what it already wrote.
        await this.#producer.settled();
        const slot = `${batch.topic}/${batch.partition}`;
        const floor = this.#committed.get(slot) ?? -1n;
        const records = batch.records.filter((r) => BigInt(r.offset) >= floor);
        const last = records.at(-1);
        if (!last) return null;
        const output = await options.process({ ...batch, records });
        const next = nextOffset(last.offset);
        try {
          await this.#producer.transaction(
            options.groupId,
            output,
            [{ topic: batch.topic, partition: batch.partition, offset: next }],
            options.beforeCommit,
          );
        } catch (error) {
          // A commit whose answer was lost (the broker went away mid-EndTxn) may still have committed:
          // the group's offsets tell. Only a transaction that did not commit is processed again.
          if (!(await this.#offsetsReached(batch.topic, batch.partition, BigInt(next)))) throw error;
          options.logger?.warn(
            { topic: batch.topic, partition: batch.partition, offset: next },
            'transaction commit answer lost; the committed offsets show it went through',
          );
        }
        this.#committed.set(slot, BigInt(next));
        return null;
      },
    });
  }

  /** Whether the group's committed offset for the partition has reached `next` (polled briefly: markers land late). */
  async #offsetsReached(topic: string, partition: number, next: bigint): Promise<boolean> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 0; attempt < 10; attempt++) {
        const offsets = await withKafkaRetry(() =>
          admin.fetchOffsets({ groupId: this.#groupId, topics: [topic] }),
        );
        const committed = offsets[0]?.partitions.find((p) => p.partition === partition)?.offset;
        if (committed !== undefined && committed !== '-1' && BigInt(committed) >= next) return true;
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    } finally {
      await admin.disconnect();
    }
  }

  get producer(): RecordProducer {
    return this.#producer;
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    await this.#runner.start();
  }

  async stop(): Promise<void> {
    await this.#runner.stop();
    await this.#producer.disconnect();
  }
}
