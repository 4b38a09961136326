import { type QualysCmdbConnection, qualysCmdbConnectionSchema } from '@sluice/connections';
import type { OutgoingRecord, RecordProducer } from '@sluice/kafka';
import { silentLogger } from '@sluice/logging';
import { type EndOfRunMarker, HEADERS, type RunEvent, RunEventWriter } from '@sluice/pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateQualysDataset,
  type QualysSimulator,
  startQualysSimulator,
} from '../../qualys-simulator/src/index.ts';
import { QualysProducer } from './producer.ts';
import { fakeClock, SIM_PASSWORD, SIM_USER, secret } from './testing.ts';

/** Kafka left out: the records a run would send, on three partitions per topic. */
class SentRecords {
  readonly records: OutgoingRecord[] = [];

  async send(records: ReadonlyArray<OutgoingRecord>): Promise<void> {
    this.records.push(...records);
  }

  async partitions(): Promise<number> {
    return 3;
  }

  async toEveryPartition(
    topic: string,
    make: (partition: number) => Omit<OutgoingRecord, 'topic' | 'partition'>,
  ): Promise<OutgoingRecord[]> {
    return [0, 1, 2].map((partition) => ({ ...make(partition), topic, partition }));
  }

  on(topic: string, kind: 'record' | 'end-of-run'): OutgoingRecord[] {
    return this.records.filter((r) => r.topic === topic && r.headers?.[HEADERS.kind] === kind);
  }

  events(): RunEvent[] {
    return this.records.filter((r) => r.topic === 'etl.runs').map((r) => JSON.parse(String(r.value)));
  }
}

const sims: QualysSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function setup(options: { password?: string; qps?: boolean } = {}) {
  const clock = fakeClock();
  const sim = await startQualysSimulator({
    dataset: generateQualysDataset({ seed: 9, assets: 40, clock: clock.date }),
    clock: clock.date,
  });
  sims.push(sim);
  const connection: QualysCmdbConnection = qualysCmdbConnectionSchema.parse({
    name: 'qualys-lab',
    type: 'qualys-cmdb',
    qualys: {
      gatewayUrl: sim.url,
      username: SIM_USER,
      password: secret(options.password ?? SIM_PASSWORD),
      useAssetManagementAndTaggingApi: options.qps ?? false,
    },
    servicenow: {
      instanceUrl: 'http://127.0.0.1:9',
      auth: { type: 'basic', username: 'sn', password: secret('sn-password') },
    },
  });
  const sent = new SentRecords();
  const producer = sent as unknown as RecordProducer;
  const qualys = new QualysProducer({
    producer,
    events: new RunEventWriter(producer),
    logger: silentLogger(),
    apiOverrides: { now: clock.now, sleep: clock.sleep },
  });
  return { sim, sent, connection, qualys };
}

describe('QualysProducer', () => {
  it('writes every asset, then complete end-of-run markers, and reports the run', async () => {
    const { sim, sent, connection, qualys } = await setup();
    const outcome = await qualys.run(connection, { runId: 'run-1' });

    expect(outcome).toEqual({
      runId: 'run-1',
      mode: 'full',
      complete: true,
      pulled: { expected: 40, assets: 40, pages: 1, emptyPages: 0, duplicates: 0 },
      apiCalls: 3,
      rateLimited: 0,
    });
    const records = sent.on('qualys.raw.assets', 'record');
    expect(records.map((r) => r.key)).toEqual(sim.dataset.assets.map((a) => `qualys-lab:${a.assetId}`));
    expect(records.every((r) => r.headers?.[HEADERS.entity] === 'gav-asset')).toBe(true);
    const markers = sent
      .on('qualys.raw.assets', 'end-of-run')
      .map((r) => JSON.parse(String(r.value)) as EndOfRunMarker);
    expect(markers.map((m) => [m.sourcePartition, m.mode, m.complete, m.completeEntities])).toEqual([
      [0, 'full', true, ['assets']],
      [1, 'full', true, ['assets']],
      [2, 'full', true, ['assets']],
    ]);
    const events = sent.events();
    expect([...new Set(events.map((e) => e.type))]).toEqual([
      'producer.started',
      'producer.progress',
      'producer.finished',
    ]);
    expect(events[0]).toMatchObject({ connectionId: 'qualys-lab', mode: 'full', source: 'qualys' });
    expect(events.at(-1)).toMatchObject({ complete: true, pulled: outcome.pulled, apiCalls: 3 });
  });

  it('reads the QPS API when the connection asks for it', async () => {
    const { sent, connection, qualys } = await setup({ qps: true });
    const outcome = await qualys.run(connection, { runId: 'run-2' });

    expect(outcome).toMatchObject({ complete: true, pulled: { assets: 40 }, apiCalls: 2 });
    const records = sent.on('qualys.raw.assets', 'record');
    expect(records.every((r) => r.headers?.[HEADERS.entity] === 'qps-hostasset')).toBe(true);
  });

  it('ends a failed run with incomplete markers and an actionable error, never the password', async () => {
    const password = 'wrong-Password-0453';
    const { sent, connection, qualys } = await setup({ password });
    const outcome = await qualys.run(connection, { runId: 'run-3' });

    expect(outcome).toEqual({
      runId: 'run-3',
      mode: 'full',
      complete: false,
      pulled: {},
      apiCalls: 1,
      rateLimited: 0,
    });
    expect(sent.on('qualys.raw.assets', 'record')).toEqual([]);
    const markers = sent
      .on('qualys.raw.assets', 'end-of-run')
      .map((r) => JSON.parse(String(r.value)) as EndOfRunMarker);
    expect(markers.map((m) => [m.complete, m.completeEntities])).toEqual([
      [false, []],
      [false, []],
      [false, []],
    ]);
    const finished = sent.events().at(-1);
    expect(finished).toMatchObject({
      type: 'producer.finished',
      complete: false,
      error: { code: 'HTTP_UNAUTHORIZED', suggestion: expect.stringContaining('Qualys rejected') },
    });
    expect(JSON.stringify(sent.records)).not.toContain(password);
  });
});
