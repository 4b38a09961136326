import type { OutgoingRecord, RecordProducer } from './producer.ts';

export const DEAD_LETTER_TOPIC = 'etl.dlq';

/** Header names carried by every dead-letter record. */
export const DLQ_HEADERS = {
  reason: 'dlq.reason',
  code: 'dlq.code',
  stage: 'dlq.stage',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  connectionId: 'dlq.connection.id',
  runId: 'dlq.run.id',
  at: 'dlq.at',
} as const;

export interface DeadLetter {
  /** Which pipeline stage gave up: `transformer`, `etm-sink`, … */
  readonly stage: string;
  readonly code: string;
  readonly reason: string;
  readonly key: string | null;
  /** The record as it was received, or the element the target rejected. */
  readonly value: Buffer | string | null;
  readonly source?: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly connectionId?: string;
  readonly runId?: string;
}

/** Builds the `etl.dlq` record; callers send it themselves, inside their transaction when they have one. */
export function deadLetterRecord(letter: DeadLetter, now: Date = new Date()): OutgoingRecord {
  const headers: Record<string, string> = {
    [DLQ_HEADERS.reason]: letter.reason.slice(0, 2000),
    [DLQ_HEADERS.code]: letter.code,
    [DLQ_HEADERS.stage]: letter.stage,
    [DLQ_HEADERS.at]: now.toISOString(),
  };
  if (letter.source) {
    headers[DLQ_HEADERS.sourceTopic] = letter.source.topic;
    headers[DLQ_HEADERS.sourcePartition] = String(letter.source.partition);
    headers[DLQ_HEADERS.sourceOffset] = letter.source.offset;
  }
  if (letter.connectionId) headers[DLQ_HEADERS.connectionId] = letter.connectionId;
  if (letter.runId) headers[DLQ_HEADERS.runId] = letter.runId;
  return { topic: DEAD_LETTER_TOPIC, key: letter.key, value: letter.value, headers };
}

/** Writes dead letters outside a transaction (for the HTTP sinks, whose targets are not Kafka). */
export class DeadLetterWriter {
  readonly #producer: RecordProducer;

  constructor(producer: RecordProducer) {
    this.#producer = producer;
  }

  async send(letters: ReadonlyArray<DeadLetter>): Promise<void> {
    const now = new Date();
    await this.#producer.send(letters.map((l) => deadLetterRecord(l, now)));
  }
}
