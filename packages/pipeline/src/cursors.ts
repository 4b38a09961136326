import { type Kafka, type RecordProducer, TopicTable } from '@sluice/kafka';
import { TOPICS } from './topics.ts';

/**
 * Pull cursors and watermarks per connection (`etl.cursors`, compacted), Kafka Connect style: the
 * latest value per key is the state, rebuilt by reading the topic at start.
 */
export class CursorStore {
  readonly #values = new Map<string, unknown>();
  readonly #table: TopicTable;
  readonly #producer: RecordProducer;

  constructor(kafka: Kafka, producer: RecordProducer, name: string) {
    this.#producer = producer;
    this.#table = new TopicTable({
      kafka,
      topics: [TOPICS.cursors],
      name: `cursors-${name}`,
      apply: (record) => {
        if (!record.key) return;
        if (record.value === null) this.#values.delete(record.key);
        else this.#values.set(record.key, JSON.parse(record.value.toString()));
      },
    });
  }

  start(): Promise<void> {
    return this.#table.start();
  }

  stop(): Promise<void> {
    return this.#table.stop();
  }

  /** Reads after catching up, so a cursor written by another process a moment ago is seen. */
  async get<T>(key: string): Promise<T | undefined> {
    await this.#table.catchUp();
    return this.#values.get(key) as T | undefined;
  }

  catchUp(): Promise<void> {
    return this.#table.catchUp();
  }

  /** The value as of the last catch-up, without a Kafka round trip. */
  peek<T>(key: string): T | undefined {
    return this.#values.get(key) as T | undefined;
  }

  async set(entries: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(entries)) this.#values.set(key, value);
    await this.#producer.send(
      Object.entries(entries).map(([key, value]) => ({
        topic: TOPICS.cursors,
        key,
        value: JSON.stringify(value),
      })),
    );
  }

  async delete(keys: ReadonlyArray<string>): Promise<void> {
    for (const key of keys) this.#values.delete(key);
    await this.#producer.send(keys.map((key) => ({ topic: TOPICS.cursors, key, value: null })));
  }
}
