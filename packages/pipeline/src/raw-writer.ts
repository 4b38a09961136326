import type { OutgoingRecord, RecordProducer } from '@sluice/kafka';
import {
  type EndOfRunMarker,
  entityKey,
  markerKey,
  type RawEnvelope,
  type RunMode,
  recordHeaders,
} from './records.ts';

export interface RawRunWriterOptions {
  readonly connectionId: string;
  readonly runId: string;
  /** Every raw topic of the source: a run's end is marked on all of them, written to or not. */
  readonly topics: ReadonlyArray<string>;
  /** Records buffered before a send; a page of an API is a natural size. */
  readonly batchSize?: number;
}

/** Where a pull writes raw records: the Kafka writer below, or a capturing one in a unit test. */
export interface RawWriter {
  write(topic: string, entity: string, id: string | number, data: unknown, parentId?: string): Promise<void>;
  flush(): Promise<void>;
  /** Records written so far, per entity. */
  readonly written: Record<string, number>;
}

/**
 * Writes one run's raw records, keyed `<connectionId>:<id>` so compaction keeps each entity's latest
 * state, and ends the run with a marker on every partition of every raw topic of the source.
 */
export class RawRunWriter implements RawWriter {
  readonly #producer: RecordProducer;
  readonly #options: RawRunWriterOptions;
  #buffer: OutgoingRecord[] = [];
  readonly written: Record<string, number> = {};

  constructor(producer: RecordProducer, options: RawRunWriterOptions) {
    this.#producer = producer;
    this.#options = options;
  }

  async write(
    topic: string,
    entity: string,
    id: string | number,
    data: unknown,
    parentId?: string,
  ): Promise<void> {
    const { connectionId, runId } = this.#options;
    const envelope: RawEnvelope = {
      connectionId,
      runId,
      entity,
      fetchedAt: new Date().toISOString(),
      ...(parentId ? { parentId } : {}),
      data,
    };
    this.#buffer.push({
      topic,
      key: entityKey(connectionId, id),
      value: JSON.stringify(envelope),
      headers: recordHeaders('record', connectionId, runId, entity),
    });
    this.written[entity] = (this.written[entity] ?? 0) + 1;
    if (this.#buffer.length >= (this.#options.batchSize ?? 500)) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    await this.#producer.send(batch);
  }

  /** Flushes and writes the end-of-run markers; called whether the pull finished or failed. */
  async end(outcome: {
    mode: RunMode;
    complete: boolean;
    completeEntities: ReadonlyArray<string>;
  }): Promise<void> {
    await this.flush();
    const { connectionId, runId, topics } = this.#options;
    const sourceTopics = await Promise.all(
      topics.map(async (topic) => ({ topic, partitions: await this.#producer.partitions(topic) })),
    );
    const markers: OutgoingRecord[] = [];
    for (const { topic, partitions } of sourceTopics) {
      markers.push(
        ...(await this.#producer.toEveryPartition(topic, (partition) => {
          const marker: EndOfRunMarker = {
            connectionId,
            runId,
            mode: outcome.mode,
            complete: outcome.complete,
            completeEntities: outcome.completeEntities,
            sourceTopic: topic,
            sourcePartition: partition,
            sourcePartitions: partitions,
            sourceTopics,
          };
          return {
            key: markerKey(connectionId, runId),
            value: JSON.stringify(marker),
            headers: recordHeaders('end-of-run', connectionId, runId),
          };
        })),
      );
    }
    await this.#producer.send(markers);
  }
}
