import { AvroSerde, type DeadLetterWriter, type Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { RunSink, type RunWork, type SinkAdapter } from './run-sink.ts';

/** What a sink service needs of its adapter besides the `SinkAdapter` contract. */
export interface HostedAdapter {
  readonly state: { start(): Promise<void>; stop(): Promise<void> };
  close(): Promise<void>;
}

export interface SinkServiceOptions<A> {
  readonly kafka: Kafka;
  readonly registryUrl: string;
  readonly logger: Logger;
  readonly instanceId: string;
  /** The consumer group all instances of this sink share. */
  readonly groupId: string;
  readonly name: string;
  readonly adapter: (deps: {
    producer: RecordProducer;
    deadLetters: () => DeadLetterWriter;
    name: string;
  }) => A;
}

/** A sink service: one adapter (ETM, CMDB) hosted by the run-aware sink, with its producer and state. */
export class SinkService<V, W extends RunWork, A extends SinkAdapter<V, W> & HostedAdapter> {
  readonly adapter: A;
  readonly #producer: RecordProducer;
  readonly #sink: RunSink<V, W>;
  #ready = false;

  constructor(options: SinkServiceOptions<A>) {
    this.#producer = new RecordProducer(options.kafka);
    const name = `${options.name}-${options.instanceId}`;
    this.adapter = options.adapter({
      producer: this.#producer,
      deadLetters: () => this.#sink.deadLetters,
      name,
    });
    this.#sink = new RunSink({
      kafka: options.kafka,
      serde: new AvroSerde({ registryUrl: options.registryUrl }),
      producer: this.#producer,
      adapter: this.adapter,
      logger: options.logger,
      groupId: options.groupId,
      name,
    });
  }

  get ready(): boolean {
    return this.#ready;
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    await this.adapter.state.start();
    await this.#sink.start();
    this.#ready = true;
  }

  async stop(): Promise<void> {
    this.#ready = false;
    await this.#sink.stop();
    await this.adapter.state.stop();
    await this.adapter.close();
    await this.#producer.disconnect();
  }
}
