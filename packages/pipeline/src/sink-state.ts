import { randomUUID } from 'node:crypto';
import {
  type ConsumedRecord,
  type Kafka,
  type OutgoingRecord,
  type RecordProducer,
  TopicTable,
} from '@sluice/kafka';
import { TOPICS } from './topics.ts';

const WRITER = 'sluice.writer';

/**
 * A sink's state in the compacted `etl.sink-state` topic under a key prefix: what each target last
 * accepted, and run bookkeeping. Every instance reads it whole at start and follows it, so after a
 * rebalance the new owner of a partition has the previous owner's writes. Own writes are applied to
 * memory at once and ignored when they come back from the topic.
 */
export class SinkState<T> {
  readonly #prefix: string;
  readonly #writer = randomUUID();
  readonly #values = new Map<string, T>();
  readonly #table: TopicTable;
  readonly #producer: RecordProducer;
  #pending: OutgoingRecord[] = [];
  #loaded = false;
  #listeners: Array<(key: string, value: T | undefined) => void> = [];

  constructor(options: { kafka: Kafka; producer: RecordProducer; prefix: string; name: string }) {
    this.#prefix = options.prefix;
    this.#producer = options.producer;
    this.#table = new TopicTable({
      kafka: options.kafka,
      topics: [TOPICS.sinkState],
      name: `${options.name}-state`,
      apply: (record) => this.#apply(record),
    });
  }

  async start(): Promise<void> {
    await this.#table.start();
    this.#loaded = true;
  }

  stop(): Promise<void> {
    return this.#table.stop();
  }

  catchUp(): Promise<void> {
    return this.#table.catchUp();
  }

  /** Called for every change another instance makes (and for everything during the initial load). */
  onChange(listener: (key: string, value: T | undefined) => void): void {
    this.#listeners.push(listener);
  }

  #apply(record: ConsumedRecord): void {
    if (!record.key?.startsWith(this.#prefix)) return;
    if (this.#loaded && record.headers[WRITER] === this.#writer) return;
    const key = record.key.slice(this.#prefix.length);
    const value = record.value === null ? undefined : (JSON.parse(record.value.toString()) as T);
    if (value === undefined) this.#values.delete(key);
    else this.#values.set(key, value);
    for (const listener of this.#listeners) listener(key, value);
  }

  get(key: string): T | undefined {
    return this.#values.get(key);
  }

  entries(): IterableIterator<[string, T]> {
    return this.#values.entries();
  }

  get size(): number {
    return this.#values.size;
  }

  set(key: string, value: T): void {
    this.#values.set(key, value);
    this.#pending.push({
      topic: TOPICS.sinkState,
      key: `${this.#prefix}${key}`,
      value: JSON.stringify(value),
      headers: { [WRITER]: this.#writer },
    });
  }

  delete(key: string): void {
    this.#values.delete(key);
    this.#pending.push({
      topic: TOPICS.sinkState,
      key: `${this.#prefix}${key}`,
      value: null,
      headers: { [WRITER]: this.#writer },
    });
  }

  /** Writes the queued changes; call before committing offsets that depend on them. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    await this.#producer.send(batch);
  }
}
