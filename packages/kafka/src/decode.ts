import { describeError } from '@sluice/errors';
import type { ConsumedRecord } from './consumer.ts';
import type { DeadLetter } from './dead-letter.ts';
import type { AvroSerde } from './serde.ts';

export interface Decoded<T> {
  readonly record: ConsumedRecord;
  readonly value: T;
}

/**
 * Decodes a batch; a record that cannot be decoded (a poison record) becomes a dead letter with the
 * reason and its coordinates instead of stopping the consumer.
 */
export async function decodeRecords<T>(
  serde: AvroSerde,
  records: ReadonlyArray<ConsumedRecord>,
  stage: string,
  context: (record: ConsumedRecord) => { connectionId?: string; runId?: string } = () => ({}),
): Promise<{ decoded: Array<Decoded<T>>; deadLetters: DeadLetter[] }> {
  const decoded: Array<Decoded<T>> = [];
  const deadLetters: DeadLetter[] = [];
  for (const record of records) {
    try {
      decoded.push({
        record,
        value: await serde.decode<T>(record.value, `${record.topic}/${record.partition}@${record.offset}`),
      });
    } catch (error) {
      const { code, message } = describeError(error);
      deadLetters.push({
        stage,
        code,
        reason: message,
        key: record.key,
        value: record.value,
        source: { topic: record.topic, partition: record.partition, offset: record.offset },
        ...context(record),
      });
    }
  }
  return { decoded, deadLetters };
}
