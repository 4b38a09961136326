import { type Connection, type ConnectionDirectory, connectionSchema } from '@sluice/connections';
import { type Kafka, type RecordProducer, TopicTable } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { TOPICS } from './topics.ts';

export interface StoredConnection {
  readonly connection: Connection;
  /** When it was first created and last changed, as the control service recorded. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

type Listener = (name: string, stored: StoredConnection | undefined) => void;

/**
 * Connections as data: the compacted `etl.connections` topic, keyed by name, holds each connection's
 * settings with secrets as references only. Every service reads it whole at start and follows it, so an
 * edit (a rotated token reference, a new batch size) reaches the next run without a restart.
 */
export class ConnectionStore implements ConnectionDirectory {
  readonly #items = new Map<string, StoredConnection>();
  readonly #table: TopicTable;
  readonly #producer: RecordProducer | undefined;
  #listeners: Listener[] = [];

  constructor(options: { kafka: Kafka; name: string; producer?: RecordProducer; logger?: Logger }) {
    this.#producer = options.producer;
    this.#table = new TopicTable({
      kafka: options.kafka,
      topics: [TOPICS.connections],
      name: `${options.name}-connections`,
      apply: (record) => {
        if (!record.key) return;
        if (record.value === null) {
          this.#items.delete(record.key);
          this.#emit(record.key, undefined);
          return;
        }
        try {
          const raw = JSON.parse(record.value.toString()) as {
            connection: unknown;
            createdAt: string;
            updatedAt: string;
          };
          const stored = {
            connection: connectionSchema.parse(raw.connection),
            createdAt: raw.createdAt,
            updatedAt: raw.updatedAt,
          };
          this.#items.set(record.key, stored);
          this.#emit(record.key, stored);
        } catch (error) {
          options.logger?.error(
            { err: error, connection: record.key },
            'stored connection does not validate; ignored',
          );
        }
      },
    });
  }

  start(): Promise<void> {
    return this.#table.start();
  }

  stop(): Promise<void> {
    return this.#table.stop();
  }

  catchUp(): Promise<void> {
    return this.#table.catchUp();
  }

  onChange(listener: Listener): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  #emit(name: string, stored: StoredConnection | undefined): void {
    for (const listener of this.#listeners) listener(name, stored);
  }

  get(name: string): Connection | undefined {
    return this.#items.get(name)?.connection;
  }

  stored(name: string): StoredConnection | undefined {
    return this.#items.get(name);
  }

  list(): Connection[] {
    return [...this.#items.values()].map((s) => s.connection);
  }

  /** Writes a validated connection (secret references serialise as their references) and waits until it is read back. */
  async put(connection: Connection, now = new Date()): Promise<StoredConnection> {
    if (!this.#producer) throw new Error('this connection store is read-only');
    const previous = this.#items.get(connection.name);
    const stored = {
      connection,
      createdAt: previous?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.#producer.send([
      { topic: TOPICS.connections, key: connection.name, value: JSON.stringify(stored) },
    ]);
    await this.#table.catchUp();
    return this.#items.get(connection.name) ?? stored;
  }

  async delete(name: string): Promise<void> {
    if (!this.#producer) throw new Error('this connection store is read-only');
    await this.#producer.send([{ topic: TOPICS.connections, key: name, value: null }]);
    await this.#table.catchUp();
  }
}
