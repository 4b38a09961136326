/**
 * Schedules on the real broker with a controlled clock: each kind fires at its times, never while the
 * connection is running, once for several missed slots, and once per slot with two control replicas.
 */
import { connectionSchema } from '@sluice/connections';
import { Control } from '@sluice/control';
import { RecordProducer } from '@sluice/kafka';
import { createLogger } from '@sluice/logging';
import { RunEventWriter } from '@sluice/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testKafka, uniqueName } from '../harness/cluster.ts';

let now = new Date('2026-12-01T00:00:00Z');
const clock = () => now;
const kafka = testKafka('scheduler-test');
const logger = createLogger({ name: 'scheduler-test', level: 'warn' });
const replica = (id: string) =>
  new Control({ kafka, logger, adminToken: () => 'token', instanceId: id, tickMs: 0, partitions: 3, clock });
let a: Control;
let b: Control | undefined;
let producer: RecordProducer;
let events: RunEventWriter;

beforeAll(async () => {
  a = replica('sched-a');
  await a.start();
  producer = new RecordProducer(kafka);
  await producer.connect();
  events = new RunEventWriter(producer);
  await eventually(() => a.scheduler.leader || undefined, 60_000, 'replica a to take the scheduler lease');
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await producer?.disconnect();
});

async function define(schedule: unknown): Promise<string> {
  const name = uniqueName('sched');
  const connection = connectionSchema.parse({
    name,
    type: 'snyk-etm',
    schedule,
    snyk: { apiUrl: 'https://api.snyk.io', token: '${T}' },
    etm: { apiUrl: 'https://etm.example', username: 'u', password: '${P}', connectorUuid: 'c' },
  });
  await a.connections.put(connection, now);
  return name;
}

/** The scheduled runs of a connection, as every replica's run board sees them. */
function fired(control: Control, name: string): string[] {
  return control.board
    .list()
    .filter((v) => v.connectionId === name && v.trigger === 'schedule')
    .map((v) => v.runId)
    .sort();
}

async function tickAt(iso: string, controls: Control[] = [a]): Promise<void> {
  now = new Date(iso);
  for (const control of controls) await control.scheduler.tick();
  // Give the run events time to come back through Kafka before the test looks.
  await new Promise((r) => setTimeout(r, 400));
  for (const control of controls) await control.board.catchUp();
}

/** Ends a run (as a producer would after failing early), so the connection is free again. */
async function finish(runId: string, name: string): Promise<void> {
  await events.emit({ type: 'run.cancelled', runId, connectionId: name, reason: 'test: run ended' });
  await eventually(() => (a.coordinator.activeRun(name) ? undefined : true), 30_000, `run ${runId} to end`);
}

describe('schedules', () => {
  it('daily: fires at the time every day, once per slot', async () => {
    now = new Date('2026-12-01T00:00:00Z');
    const name = await define({ kind: 'daily', time: '02:30' });
    await tickAt('2026-12-01T02:29:00Z');
    expect(fired(a, name)).toEqual([]);
    await tickAt('2026-12-01T02:30:00Z');
    await eventually(() => fired(a, name).length === 1 || undefined, 20_000, 'the first daily run');
    expect(fired(a, name)).toEqual([`${name}-sched-202612010230`]);
    await finish(`${name}-sched-202612010230`, name);
    await tickAt('2026-12-01T23:00:00Z');
    expect(fired(a, name)).toHaveLength(1);
    await tickAt('2026-12-02T02:30:05Z');
    await eventually(() => fired(a, name).length === 2 || undefined, 20_000, 'the second daily run');
    expect(fired(a, name)[1]).toBe(`${name}-sched-202612020230`);
  });

  it('weekly, monthly, once and recurring fire at their slots', async () => {
    now = new Date('2026-12-01T00:00:00Z');
    const weekly = await define({ kind: 'weekly', time: '08:00', dayOfWeek: 5 });
    const monthly = await define({ kind: 'monthly', time: '23:00', dayOfMonth: 31 });
    const once = await define({ kind: 'once', at: '2026-12-03T12:00:00Z' });
    const recurring = await define({
      kind: 'recurring',
      every: 2,
      unit: 'days',
      start: '2026-12-02T06:00:00Z',
      end: '2026-12-06T06:00:00Z',
    });
    expect(a.scheduler.nextRunAt(a.connections.get(weekly)!)?.toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(a.scheduler.nextRunAt(a.connections.get(monthly)!)?.toISOString()).toBe(
      '2026-12-31T23:00:00.000Z',
    );
    expect(a.scheduler.nextRunAt(a.connections.get(once)!)?.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    expect(a.scheduler.nextRunAt(a.connections.get(recurring)!)?.toISOString()).toBe(
      '2026-12-02T06:00:00.000Z',
    );

    await tickAt('2026-12-02T06:00:00Z');
    await eventually(() => fired(a, recurring).length === 1 || undefined, 20_000, 'recurring #1');
    await finish(fired(a, recurring)[0]!, recurring);
    await tickAt('2026-12-03T12:00:00Z');
    await eventually(() => fired(a, once).length === 1 || undefined, 20_000, 'the one-off run');
    expect(fired(a, once)).toEqual([`${once}-sched-202612031200`]);
    await finish(fired(a, once)[0]!, once);
    await tickAt('2026-12-04T08:00:00Z');
    await eventually(
      () => (fired(a, weekly).length === 1 && fired(a, recurring).length === 2) || undefined,
      20_000,
      'weekly and recurring #2',
    );
    expect(fired(a, weekly)).toEqual([`${weekly}-sched-202612040800`]);
    expect(fired(a, recurring)[1]).toBe(`${recurring}-sched-202612040600`);
    await finish(fired(a, recurring)[1]!, recurring);
    await tickAt('2026-12-31T23:00:00Z');
    await eventually(
      () => (fired(a, monthly).length === 1 && fired(a, recurring).length === 3) || undefined,
      20_000,
      'the monthly run and recurring #3',
    );
    expect(fired(a, monthly)).toEqual([`${monthly}-sched-202612312300`]);
    // The recurring schedule ended on 2026-12-06 06:00: its last slot fires once, nothing after it.
    expect(fired(a, recurring)).toEqual([
      `${recurring}-sched-202612020600`,
      `${recurring}-sched-202612040600`,
      `${recurring}-sched-202612060600`,
    ]);
    expect(fired(a, once)).toHaveLength(1);
    expect(a.scheduler.nextRunAt(a.connections.get(once)!)).toBeUndefined();
  });

  it('never starts a run while the connection is running; the due slot fires once it ends', async () => {
    now = new Date('2027-01-01T00:00:00Z');
    const name = await define({ kind: 'recurring', every: 1, unit: 'hours', start: '2027-01-01T01:00:00Z' });
    await tickAt('2027-01-01T01:00:00Z');
    await eventually(() => fired(a, name).length === 1 || undefined, 20_000, 'the first run');
    await tickAt('2027-01-01T02:00:00Z');
    await tickAt('2027-01-01T03:00:00Z');
    expect(fired(a, name)).toHaveLength(1);
    await finish(fired(a, name)[0]!, name);
    await tickAt('2027-01-01T03:10:00Z');
    await eventually(() => fired(a, name).length === 2 || undefined, 20_000, 'the waiting slot');
    expect(fired(a, name)[1]).toBe(`${name}-sched-202701010300`);
  });

  it('fires a missed run once after downtime', async () => {
    now = new Date('2027-02-01T00:00:00Z');
    const name = await define({ kind: 'recurring', every: 1, unit: 'hours', start: '2027-02-01T00:30:00Z' });
    await tickAt('2027-02-01T00:30:00Z');
    await eventually(() => fired(a, name).length === 1 || undefined, 20_000, 'the first run');
    await finish(fired(a, name)[0]!, name);
    // Five slots pass while nobody ticks (the control service is down).
    await tickAt('2027-02-01T05:45:00Z');
    await eventually(() => fired(a, name).length === 2 || undefined, 20_000, 'the catch-up run');
    await tickAt('2027-02-01T05:50:00Z');
    expect(fired(a, name)).toEqual([`${name}-sched-202702010030`, `${name}-sched-202702010530`]);
  });

  it('fires each slot once with two control replicas, and the other takes over when the leader stops', async () => {
    b = replica('sched-b');
    await b.start();
    await new Promise((r) => setTimeout(r, 3000));
    const leaders = [a, b].filter((c) => c.scheduler.leader);
    expect(leaders).toHaveLength(1);
    now = new Date('2027-03-01T00:00:00Z');
    const name = await define({ kind: 'recurring', every: 1, unit: 'hours', start: '2027-03-01T01:00:00Z' });
    await b.connections.catchUp();
    await tickAt('2027-03-01T01:00:00Z', [a, b]);
    await tickAt('2027-03-01T01:00:30Z', [b, a]);
    await eventually(() => fired(a, name).length === 1 || undefined, 20_000, 'the run');
    await new Promise((r) => setTimeout(r, 1000));
    expect(fired(a, name)).toHaveLength(1);
    expect(fired(b, name)).toHaveLength(1);
    await finish(fired(a, name)[0]!, name);

    const [leader] = leaders;
    const other = leader === a ? b : a;
    await leader!.scheduler.stop();
    await eventually(
      () => other.scheduler.leader || undefined,
      60_000,
      'the other replica to take the lease',
    );
    await tickAt('2027-03-01T02:00:00Z', [a, b]);
    await eventually(
      () => fired(other, name).length === 2 || undefined,
      20_000,
      'the run after the takeover',
    );
    expect(fired(other, name)).toEqual([`${name}-sched-202703010100`, `${name}-sched-202703010200`]);
  });
});
