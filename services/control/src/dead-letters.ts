import { type ConsumedRecord, DLQ_HEADERS, type Kafka, TopicTable } from '@sluice/kafka';
import { TOPICS } from '@sluice/pipeline';

export interface DeadLetterView {
  readonly at: string;
  readonly stage: string;
  readonly code: string;
  readonly reason: string;
  readonly connectionId: string;
  readonly runId: string;
  readonly key: string | null;
  readonly source: { topic: string; partition: number; offset: string } | null;
  readonly value: string;
}

const MAX_VALUE = 4096;

/** A record's value as text: JSON and text as they are, anything binary (Avro) as base64. */
function printable(value: Buffer | null): string {
  if (!value) return '';
  const text = value.toString('utf8');
  const control = [...text.slice(0, 512)].some((c) => {
    const code = c.charCodeAt(0);
    return code < 9 || (code > 13 && code < 32);
  });
  const binary = text.includes('\uFFFD') || control;
  const shown = binary ? `base64:${value.toString('base64')}` : text;
  return shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE)}…` : shown;
}

function view(record: ConsumedRecord): DeadLetterView {
  const h = record.headers;
  const topic = h[DLQ_HEADERS.sourceTopic];
  return {
    at: h[DLQ_HEADERS.at] ?? new Date(Number(record.timestamp)).toISOString(),
    stage: h[DLQ_HEADERS.stage] ?? '',
    code: h[DLQ_HEADERS.code] ?? '',
    reason: h[DLQ_HEADERS.reason] ?? '',
    connectionId: h[DLQ_HEADERS.connectionId] ?? '',
    runId: h[DLQ_HEADERS.runId] ?? '',
    key: record.key,
    source: topic
      ? {
          topic,
          partition: Number(h[DLQ_HEADERS.sourcePartition] ?? 0),
          offset: h[DLQ_HEADERS.sourceOffset] ?? '',
        }
      : null,
    value: printable(record.value),
  };
}

/** The most recent dead letters, read from `etl.dlq` at start and followed: the dashboard's errors view. */
export class DeadLetterLog {
  readonly #letters: DeadLetterView[] = [];
  readonly #table: TopicTable;
  readonly #capacity: number;

  constructor(kafka: Kafka, name: string, capacity = 5000) {
    this.#capacity = capacity;
    this.#table = new TopicTable({
      kafka,
      topics: [TOPICS.deadLetters],
      name: `${name}-dlq`,
      apply: (record) => {
        this.#letters.push(view(record));
        if (this.#letters.length > this.#capacity)
          this.#letters.splice(0, this.#letters.length - this.#capacity);
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

  list(filter: { connection?: string; runId?: string; limit?: number }): DeadLetterView[] {
    const out: DeadLetterView[] = [];
    for (let i = this.#letters.length - 1; i >= 0 && out.length < (filter.limit ?? 200); i--) {
      const letter = this.#letters[i]!;
      if (filter.connection && letter.connectionId !== filter.connection) continue;
      if (filter.runId && letter.runId !== filter.runId) continue;
      out.push(letter);
    }
    return out;
  }
}
