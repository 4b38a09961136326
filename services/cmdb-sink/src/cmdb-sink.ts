import type { ConnectionDirectory } from '@sluice/connections';
import type { Kafka } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type CmdbCiEvent, SinkService } from '@sluice/pipeline';
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
export class CmdbSink extends SinkService<CmdbCiEvent, CmdbWork, CmdbSinkAdapter> {
  constructor(options: CmdbSinkOptions) {
    super({
      ...options,
      groupId: 'sluice-cmdb-sink',
      name: 'cmdb-sink',
      adapter: ({ producer, deadLetters, name }) =>
        new CmdbSinkAdapter({
          kafka: options.kafka,
          producer,
          connections: options.connections,
          logger: options.logger,
          deadLetters,
          name,
          ...(options.apiOverrides ? { apiOverrides: options.apiOverrides } : {}),
        }),
    });
  }
}
