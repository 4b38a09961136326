import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cluster, eventually, readTopic, testKafka, uniqueName } from '../../../test/harness/cluster.ts';
import {
  AvroSerde,
  ConsumerRunner,
  DEAD_LETTER_TOPIC,
  DeadLetterWriter,
  DLQ_HEADERS,
  decodeRecords,
  ensureTopics,
  RecordProducer,
  TopicTable,
} from './index.ts';

const kafka = testKafka();
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function producer(): Promise<RecordProducer> {
  const p = new RecordProducer(kafka);
  await p.connect();
  cleanups.push(() => p.disconnect());
  return p;
}

function schemaDir(topic: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-avsc-'));
  writeFileSync(
    join(dir, `${topic}.avsc`),
    JSON.stringify({
      type: 'record',
      name: 'Person',
      namespace: 'sluice.test',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'age', type: 'int' },
        { name: 'email', type: ['null', 'string'], default: null },
      ],
    }),
  );
  return dir;
}

describe('Kafka and schema registry', () => {
  it('creates topics idempotently, with compaction when asked', async () => {
    const topic = uniqueName('compacted');
    await ensureTopics(kafka, [{ topic, partitions: 3, compacted: true }]);
    await ensureTopics(kafka, [{ topic, partitions: 3, compacted: true }]);
    await ensureTopics(kafka, [{ topic, partitions: 4, compacted: true }]);
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }],
    });
    await admin.disconnect();
    expect(meta.topics[0]?.partitions).toHaveLength(4);
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('compact');
  });

  it('produces and consumes Avro records through the registry', async () => {
    const topic = uniqueName('people.v1');
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
    const serde = new AvroSerde({ registryUrl: cluster().registryUrl });
    await serde.registerSchemas(schemaDir(topic));
    expect(serde.schemaId(topic)).toBeGreaterThan(0);
    const subjects = await (await fetch(`${cluster().registryUrl}/subjects`)).json();
    expect(subjects).toContain(`${topic}-value`);
    const config = (await (await fetch(`${cluster().registryUrl}/config/${topic}-value`)).json()) as {
      compatibilityLevel: string;
    };
    expect(config.compatibilityLevel).toBe('BACKWARD');

    const people = [
      { id: 'a', age: 31, email: 'a@example.test' },
      { id: 'b', age: 42, email: null },
    ];
    const p = await producer();
    await p.send(
      await Promise.all(people.map(async (v) => ({ topic, key: v.id, value: await serde.encode(topic, v) }))),
    );
    await expect(serde.encode(topic, { id: 'c', age: 'old' })).rejects.toThrow(/age/);

    // A second serde (another service) registers the same schema again and decodes what the first wrote.
    const reader = new AvroSerde({ registryUrl: cluster().registryUrl });
    await reader.registerSchemas(schemaDir(topic));
    const records = await readTopic(kafka, topic, { count: 2 });
    const decoded = await Promise.all(records.map((r) => reader.decode(r.value, topic)));
    expect(
      decoded.sort((x, y) => String((x as { id: string }).id).localeCompare((y as { id: string }).id)),
    ).toEqual(people);
  });

  it('sends a poison record to the dead-letter topic with its reason and keeps consuming', async () => {
    const topic = uniqueName('people.v1');
    await ensureTopics(kafka, [
      { topic, partitions: 1 },
      { topic: DEAD_LETTER_TOPIC, partitions: 3 },
    ]);
    const serde = new AvroSerde({ registryUrl: cluster().registryUrl });
    await serde.registerSchemas(schemaDir(topic));
    const p = await producer();
    await p.send([
      { topic, key: 'good-1', value: await serde.encode(topic, { id: 'good-1', age: 1, email: null }) },
      { topic, key: 'poison', value: Buffer.from('this is not avro') },
      { topic, key: 'good-2', value: await serde.encode(topic, { id: 'good-2', age: 2, email: null }) },
    ]);
    const seen: string[] = [];
    const dlq = new DeadLetterWriter(p);
    const runner = new ConsumerRunner({
      kafka,
      groupId: uniqueName('poison-group'),
      topics: [topic],
      handle: async (batch) => {
        const { decoded, deadLetters } = await decodeRecords<{ id: string }>(
          serde,
          batch.records,
          'test-stage',
          () => ({ runId: 'run-1' }),
        );
        seen.push(...decoded.map((d) => d.value.id));
        await dlq.send(deadLetters);
      },
    });
    await runner.start();
    cleanups.push(() => runner.stop());
    await eventually(() => seen.length === 2 || undefined, 30_000, 'the good records');
    expect(seen).toEqual(['good-1', 'good-2']);
    const letters = (await readTopic(kafka, DEAD_LETTER_TOPIC, { count: 1, idleMs: 500 })).filter(
      (r) => r.headers[DLQ_HEADERS.sourceTopic] === topic,
    );
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.key).toBe('poison');
    expect(letter.value?.toString()).toBe('this is not avro');
    expect(letter.headers[DLQ_HEADERS.code]).toBe('RECORD_NOT_DECODABLE');
    expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/cannot be decoded/);
    expect(letter.headers[DLQ_HEADERS.sourcePartition]).toBe('0');
    expect(letter.headers[DLQ_HEADERS.sourceOffset]).toBe('1');
    expect(letter.headers[DLQ_HEADERS.stage]).toBe('test-stage');
    expect(letter.headers[DLQ_HEADERS.runId]).toBe('run-1');
  });

  it('keeps read-process-write exactly-once across a crash in the middle of a transaction', async () => {
    const input = uniqueName('eos-in');
    const output = uniqueName('eos-out');
    await ensureTopics(kafka, [
      { topic: input, partitions: 3 },
      { topic: output, partitions: 2 },
    ]);
    const p = await producer();
    const count = 300;
    await p.send(Array.from({ length: count }, (_, i) => ({ topic: input, key: `k${i}`, value: String(i) })));
    const group = uniqueName('eos-group');
    const worker = (
      crashAt: number,
    ): { child: ChildProcess; exited: Promise<number | null>; ready: Promise<void> } => {
      const child = spawn(process.execPath, [resolve('test/fixtures/eos-worker.ts')], {
        env: {
          ...process.env,
          BROKERS: cluster().brokers.join(','),
          IN: input,
          OUT: output,
          GROUP: group,
          TXID: `${group}-tx`,
          CRASH_AT_BATCH: String(crashAt),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const ready = new Promise<void>((r) =>
        child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && r()),
      );
      return { child, ready, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
    };
    const first = worker(2);
    await first.exited;
    const second = worker(0);
    cleanups.push(async () => second.child.kill('SIGTERM'));
    await second.ready;

    const committed = await readTopic(kafka, output, { count, idleMs: 3000, timeoutMs: 90_000 });
    const values = committed.map((r) => r.value?.toString());
    expect(values).toHaveLength(count);
    expect(new Set(values).size).toBe(count);
    expect(new Set(values)).toEqual(new Set(Array.from({ length: count }, (_, i) => `out:${i}`)));

    // The crash really happened mid-transaction: uncommitted output exists in the log but was aborted.
    const consumer = kafka.consumer({ groupId: uniqueName('uncommitted'), readUncommitted: true });
    let raw = 0;
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    await consumer.run({ eachMessage: async () => void raw++ });
    await eventually(() => raw > count || undefined, 20_000, 'aborted records in the log');
    await consumer.disconnect();
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('rebalances a two-member group without losing or repeating a committed record', async () => {
    const topic = uniqueName('rebalance');
    await ensureTopics(kafka, [{ topic, partitions: 4 }]);
    const p = await producer();
    const total = 2000;
    const groupId = uniqueName('rebalance-group');
    const processed = new Map<string, number>();
    const byMember = new Map<string, number>();
    const committed = new Map<number, bigint>();
    const repeatsOfCommitted: string[] = [];
    const member = (name: string) => {
      const runner = new ConsumerRunner({
        kafka,
        groupId,
        topics: [topic],
        sessionTimeoutMs: 10_000,
        handle: async (batch) => {
          for (const r of batch.records) {
            const id = `${r.partition}:${r.offset}`;
            if (BigInt(r.offset) < (committed.get(r.partition) ?? 0n))
              repeatsOfCommitted.push(`${name} ${id}`);
            processed.set(id, (processed.get(id) ?? 0) + 1);
            byMember.set(name, (byMember.get(name) ?? 0) + 1);
          }
          await new Promise((r) => setTimeout(r, 20));
        },
      });
      runner.on(
        (events) => events.COMMIT_OFFSETS,
        (event) => {
          for (const t of event.payload.topics) {
            for (const part of t.partitions) {
              const offset = BigInt(part.offset);
              if (offset > (committed.get(part.partition) ?? 0n)) committed.set(part.partition, offset);
            }
          }
        },
      );
      return runner;
    };
    const a = member('a');
    await a.start();
    cleanups.push(() => a.stop());
    for (let i = 0; i < total / 2; i += 100) {
      await p.send(
        Array.from({ length: 100 }, (_, j) => ({ topic, key: `k${i + j}`, value: String(i + j) })),
      );
    }
    await eventually(() => processed.size >= 200 || undefined, 30_000, 'first member progress');
    const b = member('b');
    await b.start();
    cleanups.push(() => b.stop());
    for (let i = total / 2; i < total; i += 100) {
      await p.send(
        Array.from({ length: 100 }, (_, j) => ({ topic, key: `k${i + j}`, value: String(i + j) })),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(() => processed.size === total || undefined, 60_000, 'all records processed');
    await a.stop();
    await b.stop();
    expect(processed.size).toBe(total);
    expect(repeatsOfCommitted).toEqual([]);
    expect(byMember.get('b') ?? 0).toBeGreaterThan(0);
    expect([...committed.values()].reduce((sum, o) => sum + o, 0n)).toBe(BigInt(total));
  });

  it('rebuilds an in-memory table from a compacted topic and follows new writes', async () => {
    const topic = uniqueName('table');
    await ensureTopics(kafka, [{ topic, partitions: 2, compacted: true }]);
    const p = await producer();
    await p.send([
      { topic, key: 'x', value: '1' },
      { topic, key: 'y', value: '1' },
      { topic, key: 'x', value: '2' },
    ]);
    const state = new Map<string, string>();
    const table = new TopicTable({
      kafka,
      topics: [topic],
      name: 'test',
      apply: (r) => state.set(r.key ?? '', r.value?.toString() ?? ''),
    });
    await table.start();
    cleanups.push(() => table.stop());
    expect(Object.fromEntries(state)).toEqual({ x: '2', y: '1' });
    await p.send([{ topic, key: 'z', value: '9' }]);
    await table.catchUp();
    expect(state.get('z')).toBe('9');
  });
});
