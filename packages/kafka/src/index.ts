export type { Kafka } from 'kafkajs';
export { createKafka, KAFKA_RETRY, type KafkaSettings, withKafkaRetry } from './client.ts';
export {
  type CommitDecision,
  type ConsumedBatch,
  type ConsumedRecord,
  ConsumerRunner,
  type ConsumerRunnerOptions,
  headersOf,
  nextOffset,
  toConsumedRecord,
} from './consumer.ts';
export {
  DEAD_LETTER_TOPIC,
  type DeadLetter,
  DeadLetterWriter,
  DLQ_HEADERS,
  deadLetterRecord,
} from './dead-letter.ts';
export { type Decoded, decodeRecords } from './decode.ts';
export { kafkaErrors } from './errors.ts';
export { LeaderLease } from './lease.ts';
export { type ConsumedOffset, type OutgoingRecord, RecordProducer } from './producer.ts';
export { AvroSerde, type AvroSerdeOptions, subjectFor } from './serde.ts';
export { TopicTable, type TopicTableOptions } from './table.ts';
export { endOffsets, ensureTopics, partitionCount, type TopicSpec } from './topics.ts';
export { TransactionalProcessor, type TransactionalProcessorOptions } from './transactional.ts';
