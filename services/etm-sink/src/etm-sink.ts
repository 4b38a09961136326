import type { ConnectionDirectory } from '@sluice/connections';
import type { Kafka } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type EtmAssetEvent, SinkService } from '@sluice/pipeline';
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
export class EtmSink extends SinkService<EtmAssetEvent, EtmWork, EtmSinkAdapter> {
  constructor(options: EtmSinkOptions) {
    super({
      ...options,
      groupId: 'sluice-etm-sink',
      name: 'etm-sink',
      adapter: ({ producer, deadLetters, name }) =>
        new EtmSinkAdapter({
          kafka: options.kafka,
          producer,
          connections: options.connections,
          logger: options.logger,
          deadLetters,
          name,
          ...(options.apiOverrides ? { apiOverrides: options.apiOverrides } : {}),
          ...(options.maxPendingFindings ? { maxPendingFindings: options.maxPendingFindings } : {}),
        }),
    });
  }
}
