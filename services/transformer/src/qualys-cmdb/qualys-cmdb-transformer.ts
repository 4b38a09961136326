import type { ConnectionDirectory, QualysCmdbConnection } from '@sluice/connections';
import type { AvroSerde, ConsumedBatch, OutgoingRecord, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { type Counts, entityKey, type RawEnvelope, recordHeaders, TOPICS } from '@sluice/pipeline';
import { increment, transformBatch } from '../batch.ts';
import { transformerErrors } from '../errors.ts';
import { avroMarker } from '../marker-forwarding.ts';
import type { CiClassRuleSet } from './ci-rules.ts';
import { mapQualysAsset } from './ire-mapper.ts';
import { MAPPING_VERSION } from './ire-maps.ts';
import type { GavAsset, HostAsset } from './qualys-types.ts';

/**
 * `qualys.raw.assets` → `cmdb.cis.v1`: each asset classed by the CI class rules in force (reloadable,
 * their version stamped on the record) and built into its IRE items. Assets need no joins, so this
 * stage keeps no tables.
 */
export class QualysCmdbTransformer {
  readonly inputTopics = [TOPICS.qualysAssets] as const;
  readonly #serde: AvroSerde;
  readonly #connections: ConnectionDirectory;
  readonly #rules: CiClassRuleSet;
  readonly #logger: Logger;

  constructor(options: {
    serde: AvroSerde;
    connections: ConnectionDirectory;
    rules: CiClassRuleSet;
    logger: Logger;
  }) {
    this.#serde = options.serde;
    this.#connections = options.connections;
    this.#rules = options.rules;
    this.#logger = options.logger;
  }

  #connection(connectionId: string): QualysCmdbConnection {
    const connection = this.#connections.get(connectionId);
    if (connection?.type !== 'qualys-cmdb')
      throw transformerErrors.CONNECTION_UNKNOWN('Qualys → CMDB', connectionId);
    return connection;
  }

  async #map(envelope: RawEnvelope, counts: Counts): Promise<OutgoingRecord> {
    const connection = this.#connection(envelope.connectionId);
    const rules = this.#rules.rules;
    const input =
      envelope.entity === 'gav-asset'
        ? ({ api: 'GAV', asset: envelope.data as GavAsset } as const)
        : envelope.entity === 'qps-hostasset'
          ? ({ api: 'QPS', asset: envelope.data as HostAsset } as const)
          : undefined;
    if (!input) throw transformerErrors.ENTITY_UNKNOWN(envelope.entity);
    const ci = mapQualysAsset(input, {
      connectionName: connection.name,
      dataSource: connection.servicenow.dataSource,
      includeSoftware: connection.servicenow.includeSoftware,
      rules,
    });
    const nativeKey = ci.items[0]?.sysObjectSourceInfo?.sourceNativeKey ?? '';
    increment(counts, 'cis');
    const value = await this.#serde.encode(TOPICS.cmdbCis, {
      connectionId: envelope.connectionId,
      runId: envelope.runId,
      kind: 'CI',
      nativeKey,
      rulesetVersion: rules.version,
      mappingVersion: MAPPING_VERSION,
      ci,
      marker: null,
    });
    return {
      topic: TOPICS.cmdbCis,
      key: entityKey(envelope.connectionId, nativeKey),
      value,
      headers: recordHeaders('record', envelope.connectionId, envelope.runId, 'ci'),
    };
  }

  process(batch: ConsumedBatch, producer: RecordProducer): Promise<OutgoingRecord[]> {
    return transformBatch(batch, producer, {
      outputTopic: TOPICS.cmdbCis,
      encode: (v) => this.#serde.encode(TOPICS.cmdbCis, v),
      markerValue: (m) => ({
        connectionId: m.connectionId,
        runId: m.runId,
        kind: 'END_OF_RUN',
        nativeKey: null,
        rulesetVersion: this.#rules.version,
        mappingVersion: MAPPING_VERSION,
        ci: null,
        marker: avroMarker(m),
      }),
      map: (envelope, counts) => this.#map(envelope, counts),
      logger: this.#logger,
    });
  }
}
