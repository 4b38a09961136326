import type { Admin, Kafka } from 'kafkajs';
import { withKafkaRetry } from './client.ts';
import { kafkaErrors } from './errors.ts';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** Keep the latest record per key (`cleanup.policy=compact`). */
  readonly compacted?: boolean;
  readonly retentionMs?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

function configEntries(spec: TopicSpec): Array<{ name: string; value: string }> {
  const entries: Record<string, string> = { 'cleanup.policy': spec.compacted ? 'compact' : 'delete' };
  if (spec.retentionMs !== undefined) entries['retention.ms'] = String(spec.retentionMs);
  if (spec.compacted) {
    entries['min.cleanable.dirty.ratio'] = '0.1';
    entries['segment.ms'] = String(6 * 3600_000);
  }
  Object.assign(entries, spec.configs);
  return Object.entries(entries).map(([name, value]) => ({ name, value }));
}

/**
 * Creates the topics that are missing and adds partitions to those that have fewer than asked.
 * Safe to call from every service at start: a concurrent creation by another service is not an error.
 */
export async function ensureTopics(kafka: Kafka, specs: ReadonlyArray<TopicSpec>): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.topic,
            numPartitions: s.partitions,
            replicationFactor: -1,
            configEntries: configEntries(s),
          })),
        });
      } catch (error) {
        const type = (error as { type?: string }).type;
        const nested = (error as { errors?: Array<{ type?: string }> }).errors;
        const alreadyThere =
          type === 'TOPIC_ALREADY_EXISTS' || nested?.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
        if (!alreadyThere) {
          throw kafkaErrors.KAFKA_TOPIC_SETUP_FAILED.with(
            { cause: error },
            missing.map((s) => s.topic).join(','),
            (error as Error).message,
          );
        }
      }
    }
    const present = specs.filter((s) => existing.has(s.topic));
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
      const grow = present.flatMap((spec) => {
        const count =
          metadata.topics.find((t) => t.name === spec.topic)?.partitions.length ?? spec.partitions;
        return count < spec.partitions ? [{ topic: spec.topic, count: spec.partitions }] : [];
      });
      if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
    }
  } finally {
    await admin.disconnect();
  }
}

export async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await withKafkaRetry(() => admin.fetchTopicMetadata({ topics: [topic] }));
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count === 0) throw kafkaErrors.KAFKA_TOPIC_UNKNOWN(topic);
    return count;
  } finally {
    await admin.disconnect();
  }
}

/** The offset just past the last record of every partition (`high watermark`). */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await withKafkaRetry(() => admin.fetchTopicOffsets(topic));
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}
