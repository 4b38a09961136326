/** Helpers for integration tests: the cluster the global setup found, unique names, reading topics. */
import { randomUUID } from 'node:crypto';
import { type ConsumedRecord, createKafka, type Kafka, toConsumedRecord } from '@sluice/kafka';
import { inject } from 'vitest';

export function cluster(): { brokers: string[]; registryUrl: string } {
  return { brokers: inject('kafkaBrokers').split(','), registryUrl: inject('schemaRegistryUrl') };
}

export function testKafka(clientId = 'sluice-test'): Kafka {
  return createKafka({ brokers: cluster().brokers, clientId });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Reads `topic` from the beginning (read-committed) until `count` records arrived, or until nothing new
 * came for `idleMs` once `count` is reached, so a test also sees records that should not be there.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  options: { count: number; idleMs?: number; timeoutMs?: number },
): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), allowAutoTopicCreation: false });
  const records: ConsumedRecord[] = [];
  let lastArrival = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      records.push(toConsumedRecord(topic, partition, message));
      lastArrival = Date.now();
    },
  });
  const started = Date.now();
  const idleMs = options.idleMs ?? 1500;
  const timeoutMs = options.timeoutMs ?? 60_000;
  while (Date.now() - started < timeoutMs) {
    if (records.length >= options.count && Date.now() - lastArrival >= idleMs) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await consumer.disconnect();
  return records;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
