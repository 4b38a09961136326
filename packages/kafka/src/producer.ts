import type { IHeaders, Kafka, Producer, Transaction } from 'kafkajs';
import { partitionCount } from './topics.ts';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, string>>;
  /** Explicit partition, e.g. for an end-of-run marker written to every partition. */
  readonly partition?: number;
}

export interface ConsumedOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read, i.e. the last processed offset + 1. */
  readonly offset: string;
}

function groupByTopic(records: ReadonlyArray<OutgoingRecord>) {
  const byTopic = new Map<
    string,
    Array<{ key: string | null; value: Buffer | string | null; headers?: IHeaders; partition?: number }>
  >();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (!list) {
      list = [];
      byTopic.set(r.topic, list);
    }
    list.push({
      key: r.key,
      value: r.value,
      ...(r.headers ? { headers: { ...r.headers } } : {}),
      ...(r.partition !== undefined ? { partition: r.partition } : {}),
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * An idempotent producer (acks=all, one request in flight, so a retried send neither duplicates nor
 * reorders), optionally transactional for read-process-write.
 */
export class RecordProducer {
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #partitions = new Map<string, number>();
  #txnQueue: Promise<unknown> = Promise.resolve();

  constructor(kafka: Kafka, options: { transactionalId?: string } = {}) {
    this.#kafka = kafka;
    this.#producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // An idempotent producer keeps retrying (a broker restart is waited out) rather than give up mid-sequence.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 30_000 },
      allowAutoTopicCreation: false,
      ...(options.transactionalId
        ? { transactionalId: options.transactionalId, transactionTimeout: 60_000 }
        : {}),
    });
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  disconnect(): Promise<void> {
    return this.#producer.disconnect();
  }

  async send(records: ReadonlyArray<OutgoingRecord>): Promise<void> {
    if (records.length === 0) return;
    await this.#producer.sendBatch({ topicMessages: groupByTopic(records), acks: -1 });
  }

  async partitions(topic: string): Promise<number> {
    let count = this.#partitions.get(topic);
    if (count === undefined) {
      count = await partitionCount(this.#kafka, topic);
      this.#partitions.set(topic, count);
    }
    return count;
  }

  /** One record per partition of `topic`, e.g. an end-of-run marker. */
  async toEveryPartition(
    topic: string,
    make: (partition: number) => Omit<OutgoingRecord, 'topic' | 'partition'>,
  ): Promise<OutgoingRecord[]> {
    const count = await this.partitions(topic);
    return Array.from({ length: count }, (_, partition) => ({ ...make(partition), topic, partition }));
  }

  /** Resolves once no transaction of this producer is in flight. */
  async settled(): Promise<void> {
    await this.#txnQueue;
  }

  /**
   * Sends `records` and commits `offsets` for `consumerGroupId` atomically: both become visible to
   * read-committed consumers, or neither does. Transactions on one producer run one at a time.
   */
  transaction(
    consumerGroupId: string,
    records: ReadonlyArray<OutgoingRecord>,
    offsets: ReadonlyArray<ConsumedOffset>,
    beforeCommit?: () => Promise<void>,
  ): Promise<void> {
    const run = this.#txnQueue.then(async () => {
      const txn: Transaction = await this.#producer.transaction();
      try {
        if (records.length > 0) await txn.sendBatch({ topicMessages: groupByTopic(records), acks: -1 });
        if (offsets.length > 0) {
          const topics = new Map<string, Array<{ partition: number; offset: string }>>();
          for (const o of offsets) {
            const list = topics.get(o.topic) ?? [];
            list.push({ partition: o.partition, offset: o.offset });
            topics.set(o.topic, list);
          }
          await txn.sendOffsets({
            consumerGroupId,
            topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
          });
        }
        await beforeCommit?.();
        await txn.commit();
      } catch (error) {
        if (txn.isActive()) await txn.abort().catch(() => undefined);
        throw error;
      }
    });
    this.#txnQueue = run.catch(() => undefined);
    return run;
  }
}
