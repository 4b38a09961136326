import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SupervisedConsumer } from './supervised.ts';

const events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' } as const;

/** Just enough of a kafkajs consumer: instrumentation events and disconnect. */
class FakeConsumer extends EventEmitter {
  readonly events = events;
  disconnected = false;
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
  crash(restart: boolean): void {
    this.emit(events.CRASH, {
      payload: { error: new Error('Failed to find group coordinator'), groupId: 'g', restart },
    });
  }
}

describe('SupervisedConsumer', () => {
  let created: FakeConsumer[];
  let runs: FakeConsumer[];
  let supervised: SupervisedConsumer;

  beforeEach(() => {
    vi.useFakeTimers();
    created = [];
    runs = [];
    const create = () => {
      const c = new FakeConsumer();
      created.push(c);
      return c as unknown as Consumer;
    };
    supervised = new SupervisedConsumer(create, async (c) => {
      runs.push(c as unknown as FakeConsumer);
    });
  });
  afterEach(() => vi.useRealTimers());

  it('starts a new consumer after a crash kafkajs does not restart, keeping the listeners', async () => {
    const joins: string[] = [];
    supervised.on(
      (e) => e.GROUP_JOIN,
      (event) => joins.push(event.payload as string),
    );
    await supervised.start();
    expect(runs).toHaveLength(1);

    created[0]?.crash(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(created).toHaveLength(2);
    expect(created[0]?.disconnected).toBe(true);
    expect(runs[1]).toBe(created[1]);
    expect(supervised.current).toBe(created[1] as unknown as Consumer);

    created[1]?.emit(events.GROUP_JOIN, { payload: 'second' });
    expect(joins).toEqual(['second']);
  });

  it('leaves restarts that kafkajs does itself alone, and stops for good on stop()', async () => {
    await supervised.start();
    created[0]?.crash(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(created).toHaveLength(1);

    created[0]?.crash(false);
    await supervised.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(created).toHaveLength(1);
  });

  it('keeps trying when the new consumer cannot start yet', async () => {
    let failures = 1;
    const attempts: number[] = [];
    const flaky = new SupervisedConsumer(
      () => new FakeConsumer() as unknown as Consumer,
      async () => {
        attempts.push(Date.now());
        if (attempts.length > 1 && failures-- > 0) throw new Error('broker not up');
      },
    );
    await flaky.start();
    (flaky.current as unknown as FakeConsumer).crash(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(attempts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(attempts).toHaveLength(3);
    await flaky.stop();
  });
});
