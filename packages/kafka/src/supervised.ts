import type { Logger } from '@sluice/logging';
import type { Consumer, ConsumerCrashEvent, InstrumentationEvent } from 'kafkajs';

type EventName = Consumer['events'][keyof Consumer['events']];
// biome-ignore lint/suspicious/noExplicitAny: kafkajs types each event's payload separately
type Listener = (event: InstrumentationEvent<any>) => void;

/**
 * A kafkajs consumer that comes back after any crash. kafkajs restarts a crashed consumer only when the
 * error is retriable; a broker away long enough ends in non-retriable ones ("Failed to find group
 * coordinator") and would leave the service alive but no longer consuming. Here a fresh consumer is
 * started instead, with the same listeners.
 */
export class SupervisedConsumer {
  readonly #create: () => Consumer;
  readonly #run: (consumer: Consumer) => Promise<void>;
  readonly #logger: Logger | undefined;
  readonly #listeners: Array<[EventName, Listener]> = [];
  #current: Consumer;
  #stopped = false;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(create: () => Consumer, run: (consumer: Consumer) => Promise<void>, logger?: Logger) {
    this.#create = create;
    this.#run = run;
    this.#logger = logger;
    this.#current = create();
  }

  get current(): Consumer {
    return this.#current;
  }

  /** Listens to an instrumentation event of this consumer and of every consumer that replaces it. */
  on(event: (events: Consumer['events']) => EventName, listener: Listener): void {
    const name = event(this.#current.events);
    this.#listeners.push([name, listener]);
    this.#current.on(name as Parameters<Consumer['on']>[0], listener);
  }

  async start(): Promise<void> {
    this.#watch(this.#current);
    await this.#run(this.#current);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    await this.#current.disconnect();
  }

  #watch(consumer: Consumer): void {
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => {
      if (event.payload.restart || this.#stopped || consumer !== this.#current) return;
      this.#logger?.warn(
        { groupId: event.payload.groupId, error: event.payload.error.message },
        'consumer crashed: starting a new one',
      );
      this.#schedule();
    });
  }

  #schedule(): void {
    this.#restartTimer = setTimeout(() => void this.#restart(), 3000);
  }

  async #restart(): Promise<void> {
    if (this.#stopped) return;
    await this.#current.disconnect().catch(() => undefined);
    const next = this.#create();
    for (const [name, listener] of this.#listeners) next.on(name as Parameters<Consumer['on']>[0], listener);
    this.#current = next;
    this.#watch(next);
    try {
      await this.#run(next);
    } catch (error) {
      this.#logger?.warn({ err: error }, 'consumer restart failed: trying again');
      this.#schedule();
    }
  }
}
