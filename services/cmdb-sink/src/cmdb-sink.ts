import type { ConnectionDirectory } from '@sluice/connections';
import { AvroSerde, type Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type CmdbCiEvent, RunSink } from '@sluice/pipeline';
import { CmdbSinkAdapter, type CmdbWork } from './cmdb-adapter.ts';
import type { ServiceNowApiSettings } from './servicenow-api.ts';

export interface CmdbSinkOptions {
  readonly kafka: Kafka;
  readonly registryUrl: string;
  readonly connections: ConnectionDirectory;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly apiOverrides?: Partial<ServiceNowApiSettings>;
}

/** The CMDB sink service: `cmdb.cis.v1` → ServiceNow IRE, one consumer group member per instance. */
export class CmdbSink {
  readonly adapter: CmdbSinkAdapter;
  readonly #producer: RecordProducer;
  readonly #sink: RunSink<CmdbCiEvent, CmdbWork>;
  #ready = false;

  constructor(options: CmdbSinkOptions) {
    this.#producer = new RecordProducer(options.kafka);
    const name = `cmdb-sink-${options.instanceId}`;
    this.adapter = new CmdbSinkAdapter({
      kafka: options.kafka,
      producer: this.#producer,
      connections: options.connections,
      logger: options.logger,
      deadLetters: () => this.#sink.deadLetters,
      name,
      ...(options.apiOverrides ? { apiOverrides: options.apiOverrides } : {}),
    });
    this.#sink = new RunSink({
      kafka: options.kafka,
      serde: new AvroSerde({ registryUrl: options.registryUrl }),
      producer: this.#producer,
      adapter: this.adapter,
      logger: options.logger,
      groupId: 'sluice-cmdb-sink',
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
