import type { ConnectionDirectory } from '@sluice/connections';
import { AvroSerde, type Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type EtmAssetEvent, RunSink } from '@sluice/pipeline';
import { EtmSinkAdapter, type EtmWork } from './etm-adapter.ts';
import type { EtmApiSettings } from './etm-api.ts';

export interface EtmSinkOptions {
  readonly kafka: Kafka;
  readonly registryUrl: string;
  readonly connections: ConnectionDirectory;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly apiOverrides?: Partial<EtmApiSettings>;
  readonly maxPendingFindings?: number;
}

/** The ETM sink service: `etm.assets.v1` → Qualys ETM, one consumer group member per instance. */
export class EtmSink {
  readonly adapter: EtmSinkAdapter;
  readonly #producer: RecordProducer;
  readonly #sink: RunSink<EtmAssetEvent, EtmWork>;
  #ready = false;

  constructor(options: EtmSinkOptions) {
    this.#producer = new RecordProducer(options.kafka);
    const name = `etm-sink-${options.instanceId}`;
    this.adapter = new EtmSinkAdapter({
      kafka: options.kafka,
      producer: this.#producer,
      connections: options.connections,
      logger: options.logger,
      deadLetters: () => this.#sink.deadLetters,
      name,
      ...(options.apiOverrides ? { apiOverrides: options.apiOverrides } : {}),
      ...(options.maxPendingFindings ? { maxPendingFindings: options.maxPendingFindings } : {}),
    });
    this.#sink = new RunSink({
      kafka: options.kafka,
      serde: new AvroSerde({ registryUrl: options.registryUrl }),
      producer: this.#producer,
      adapter: this.adapter,
      logger: options.logger,
      groupId: 'sluice-etm-sink',
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
