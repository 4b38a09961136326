import type { Consumer, Kafka } from 'kafkajs';
import { CONSUMER_RETRY } from './client.ts';
import { SupervisedConsumer } from './supervised.ts';

/**
 * A lease held by exactly one member of a consumer group: the member that is assigned partition 0 of
 * a one-partition topic. When the holder leaves or dies, the group rebalances and another member gets it.
 */
export class LeaderLease {
  readonly #consumer: SupervisedConsumer;
  readonly #topic: string;
  readonly #onChange: ((leader: boolean) => void) | undefined;
  #leader = false;

  constructor(options: {
    kafka: Kafka;
    groupId: string;
    topic: string;
    onChange?: (leader: boolean) => void;
    sessionTimeoutMs?: number;
  }) {
    this.#topic = options.topic;
    this.#onChange = options.onChange;
    const create = () =>
      options.kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: 1_000,
        allowAutoTopicCreation: false,
        retry: CONSUMER_RETRY,
      });
    this.#consumer = new SupervisedConsumer(create, (consumer) => this.#run(consumer));
    this.#consumer.on(
      (events) => events.GROUP_JOIN,
      (event) => this.#set((event.payload.memberAssignment[this.#topic] ?? []).includes(0)),
    );
    this.#consumer.on(
      (events) => events.CRASH,
      () => this.#set(false),
    );
    this.#consumer.on(
      (events) => events.DISCONNECT,
      () => this.#set(false),
    );
  }

  get held(): boolean {
    return this.#leader;
  }

  #set(leader: boolean): void {
    if (leader === this.#leader) return;
    this.#leader = leader;
    this.#onChange?.(leader);
  }

  async start(): Promise<void> {
    await this.#consumer.start();
  }

  async #run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: [this.#topic], fromBeginning: false });
    await consumer.run({ eachMessage: async () => {} });
  }

  async stop(): Promise<void> {
    this.#set(false);
    await this.#consumer.stop();
  }
}
