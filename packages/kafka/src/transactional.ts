import type { Logger } from '@sluice/logging';
import type { Kafka } from 'kafkajs';
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

  constructor(options: TransactionalProcessorOptions) {
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
        const last = batch.records.at(-1);
        if (!last) return null;
        const output = await options.process(batch);
        await this.#producer.transaction(
          options.groupId,
          output,
          [{ topic: batch.topic, partition: batch.partition, offset: nextOffset(last.offset) }],
          options.beforeCommit,
        );
        return null;
      },
    });
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
