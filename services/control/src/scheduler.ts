import { createHash } from 'node:crypto';
import type { Connection } from '@sluice/connections';
import { describeError } from '@sluice/errors';
import { type Kafka, LeaderLease } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type ConnectionStore, type CursorStore, TOPICS } from '@sluice/pipeline';
import type { RunCoordinator } from './coordinator.ts';
import { dueSlot, firingBaseline, nextSlot } from './schedule.ts';

interface ScheduleState {
  /** Which schedule this state belongs to; an edited schedule starts over. */
  readonly schedule: string;
  /** When the schedule was set: slots before it never fire (a one-off date excepted). */
  readonly since: string;
  readonly lastSlot?: string;
}

const stateKey = (name: string) => `${name}:schedule`;
const fingerprint = (connection: Connection) =>
  createHash('sha1')
    .update(JSON.stringify(connection.schedule ?? null))
    .digest('hex');

export function scheduledRunId(name: string, slot: Date): string {
  return `${name}-sched-${slot
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 12)}`;
}

/**
 * Fires scheduled runs. Every control replica computes next-run times, but only the lease holder fires:
 * the lease is the single partition of `etl.scheduler-lease`, which the consumer group gives to exactly
 * one replica. The last slot fired per connection is kept in `etl.cursors`, so after downtime a missed
 * slot fires once; a slot that comes due while the connection is still running waits for that run to end.
 */
export class Scheduler {
  readonly #connections: ConnectionStore;
  readonly #cursors: CursorStore;
  readonly #coordinator: RunCoordinator;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #lease: LeaderLease;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> = Promise.resolve();

  constructor(options: {
    kafka: Kafka;
    connections: ConnectionStore;
    cursors: CursorStore;
    coordinator: RunCoordinator;
    logger: Logger;
    clock: () => Date;
  }) {
    this.#connections = options.connections;
    this.#cursors = options.cursors;
    this.#coordinator = options.coordinator;
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#lease = new LeaderLease({
      kafka: options.kafka,
      groupId: 'sluice-control-scheduler',
      topic: TOPICS.schedulerLease,
      onChange: (leader) =>
        this.#logger.info(
          { leader },
          leader ? 'this replica fires schedules' : 'another replica fires schedules',
        ),
    });
  }

  get leader(): boolean {
    return this.#lease.held;
  }

  async start(tickMs: number): Promise<void> {
    await this.#lease.start();
    if (tickMs > 0) this.#timer = setInterval(() => void this.tick(), tickMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#ticking;
    await this.#lease.stop();
  }

  #state(connection: Connection): ScheduleState | undefined {
    const state = this.#cursors.peek<ScheduleState>(stateKey(connection.name));
    return state?.schedule === fingerprint(connection) ? state : undefined;
  }

  #since(connection: Connection): Date {
    const state = this.#state(connection);
    return new Date(
      state?.since ?? this.#connections.stored(connection.name)?.updatedAt ?? this.#clock().toISOString(),
    );
  }

  /** The time of the connection's next scheduled run (a due slot waiting for a run to end counts). */
  nextRunAt(connection: Connection): Date | undefined {
    const schedule = connection.schedule;
    if (!schedule || !connection.enabled) return undefined;
    const state = this.#state(connection);
    const now = this.#clock();
    const baseline = firingBaseline(
      schedule,
      this.#since(connection),
      state?.lastSlot ? new Date(state.lastSlot) : undefined,
    );
    return dueSlot(schedule, baseline, now) ?? nextSlot(schedule, now);
  }

  /** One pass over the schedules; only the lease holder fires. Runs one at a time. */
  tick(): Promise<void> {
    this.#ticking = this.#ticking
      .then(() => this.#tick())
      .catch((error) => this.#logger.error({ err: describeError(error) }, 'scheduler tick failed'));
    return this.#ticking;
  }

  async #tick(): Promise<void> {
    if (!this.#lease.held) return;
    await this.#cursors.catchUp();
    const now = this.#clock();
    for (const connection of this.#connections.list()) {
      const schedule = connection.schedule;
      if (!schedule || !connection.enabled) continue;
      let state = this.#state(connection);
      if (!state) {
        state = { schedule: fingerprint(connection), since: this.#since(connection).toISOString() };
        await this.#cursors.set({ [stateKey(connection.name)]: state });
      }
      const baseline = firingBaseline(
        schedule,
        new Date(state.since),
        state.lastSlot ? new Date(state.lastSlot) : undefined,
      );
      const slot = dueSlot(schedule, baseline, now);
      if (!slot) continue;
      const active = this.#coordinator.activeRun(connection.name);
      if (active) {
        this.#logger.debug(
          { connectionId: connection.name, slot, active: active.runId },
          'slot due while a run is in progress: it fires after that run',
        );
        continue;
      }
      try {
        await this.#coordinator.request(
          connection.name,
          'auto',
          'schedule',
          scheduledRunId(connection.name, slot),
        );
        await this.#cursors.set({ [stateKey(connection.name)]: { ...state, lastSlot: slot.toISOString() } });
      } catch (error) {
        this.#logger.error(
          { err: describeError(error), connectionId: connection.name },
          'scheduled run could not start',
        );
      }
    }
  }
}
