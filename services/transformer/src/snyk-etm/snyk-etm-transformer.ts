import type { AssetTypeName, ConnectionDirectory, SnykEtmConnection } from '@sluice/connections';
import { snykAppUrl } from '@sluice/connections';
import { describeError } from '@sluice/errors';
import {
  type AvroSerde,
  type ConsumedBatch,
  type ConsumedRecord,
  deadLetterRecord,
  type Kafka,
  type OutgoingRecord,
  type RecordProducer,
  TopicTable,
} from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type Counts,
  entityKey,
  HEADERS,
  isEndOfRun,
  type RawEnvelope,
  recordHeaders,
  runEventRecord,
  SNYK_RAW_TOPICS,
  TOPICS,
} from '@sluice/pipeline';
import { avroMarker, forwardMarker, parseMarker } from '../marker-forwarding.ts';
import type { SnykProjectInput } from './functions.ts';
import { mapIssue, mapProject, type ProjectOutcome } from './mapper.ts';
import { MAPPING_VERSION } from './transform-maps.ts';

const STAGE = 'transformer';

interface ProjectEntry {
  readonly project: Omit<SnykProjectInput, 'org'>;
  readonly orgId: string | undefined;
}

class Unmappable extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Snyk raw topics → `etm.assets.v1`. Orgs and projects are held as tables rebuilt from their compacted
 * raw topics at start (every partition, so any instance can join any issue); projects become ASSET
 * events, issues FINDING events; markers are forwarded; unmappable records go to the dead-letter topic.
 */
export class SnykEtmTransformer {
  readonly #orgs = new Map<string, SnykProjectInput['org']>();
  readonly #projects = new Map<string, ProjectEntry>();
  readonly #outcomes = new WeakMap<object, ProjectOutcome>();
  readonly #table: TopicTable;
  readonly #serde: AvroSerde;
  readonly #connections: ConnectionDirectory;
  readonly #logger: Logger;

  constructor(options: {
    kafka: Kafka;
    serde: AvroSerde;
    connections: ConnectionDirectory;
    logger: Logger;
    name: string;
  }) {
    this.#serde = options.serde;
    this.#connections = options.connections;
    this.#logger = options.logger;
    this.#table = new TopicTable({
      kafka: options.kafka,
      topics: [TOPICS.snykOrgs, TOPICS.snykProjects],
      name: `${options.name}-snyk-joins`,
      apply: (record) => this.#applyTable(record),
    });
  }

  readonly inputTopics = SNYK_RAW_TOPICS;

  /** Loads the join tables; resolves when everything already in the topics is applied. */
  start(): Promise<void> {
    return this.#table.start();
  }

  stop(): Promise<void> {
    return this.#table.stop();
  }

  #applyTable(record: ConsumedRecord): void {
    if (!record.key || isEndOfRun(record.headers)) return;
    if (record.value === null) {
      this.#orgs.delete(record.key);
      this.#projects.delete(record.key);
      return;
    }
    try {
      const envelope = JSON.parse(record.value.toString()) as RawEnvelope<SnykProjectInput>;
      if (envelope.entity === 'org')
        this.#orgs.set(record.key, envelope.data as unknown as SnykProjectInput['org']);
      else if (envelope.entity === 'project')
        this.#projects.set(record.key, { project: envelope.data, orgId: envelope.parentId });
    } catch {
      // A malformed raw record is dead-lettered by the stream side, which sees it too.
    }
  }

  async #lookup<T>(find: () => T | undefined): Promise<T | undefined> {
    const found = find();
    if (found !== undefined) return found;
    // The producer wrote the org or project before this record; the table may just not have read it yet.
    await this.#table.catchUp();
    return find();
  }

  #connection(connectionId: string): SnykEtmConnection {
    const connection = this.#connections.get(connectionId);
    if (connection?.type !== 'snyk-etm') {
      throw new Unmappable('CONNECTION_UNKNOWN', `no Snyk → ETM connection named ${connectionId}`);
    }
    return connection;
  }

  #projectOutcome(
    project: Omit<SnykProjectInput, 'org'>,
    org: SnykProjectInput['org'],
    assetTypes: ReadonlySet<AssetTypeName>,
  ): ProjectOutcome {
    const cached = this.#outcomes.get(project);
    if (cached) return cached;
    const outcome = mapProject({ ...project, org }, assetTypes);
    this.#outcomes.set(project, outcome);
    return outcome;
  }

  async #event(
    envelope: RawEnvelope,
    kind: 'ASSET' | 'FINDING',
    externalAssetId: string,
    body: { asset?: unknown; finding?: unknown },
  ): Promise<OutgoingRecord> {
    const value = await this.#serde.encode(TOPICS.etmAssets, {
      connectionId: envelope.connectionId,
      runId: envelope.runId,
      kind,
      externalAssetId,
      mappingVersion: MAPPING_VERSION,
      asset: body.asset ?? null,
      finding: body.finding ?? null,
      marker: null,
    });
    return {
      topic: TOPICS.etmAssets,
      key: entityKey(envelope.connectionId, externalAssetId),
      value,
      headers: recordHeaders('record', envelope.connectionId, envelope.runId, kind.toLowerCase()),
    };
  }

  async #map(envelope: RawEnvelope, counts: Counts): Promise<OutgoingRecord | undefined> {
    const connection = this.#connection(envelope.connectionId);
    const assetTypes = new Set(connection.assetTypes);
    const c = envelope.connectionId;
    if (envelope.entity === 'org') return undefined;
    if (envelope.entity === 'project') {
      const project = envelope.data as Omit<SnykProjectInput, 'org'>;
      const org = await this.#lookup(() => this.#orgs.get(entityKey(c, envelope.parentId ?? '')));
      if (!org)
        throw new Unmappable(
          'ORG_UNKNOWN',
          `project ${project.id} belongs to org ${envelope.parentId}, which was not pulled`,
        );
      const outcome = this.#projectOutcome(project, org, assetTypes);
      if (outcome.kind === 'skipped') {
        counts[`skipped.${outcome.reason}`] = (counts[`skipped.${outcome.reason}`] ?? 0) + 1;
        return undefined;
      }
      counts.assets = (counts.assets ?? 0) + 1;
      return this.#event(envelope, 'ASSET', outcome.asset.assetHeader.externalAssetId, {
        asset: outcome.asset,
      });
    }
    if (envelope.entity === 'issue') {
      const issue = envelope.data as {
        id: string;
        attributes: Record<string, unknown>;
        relationships?: Record<string, unknown>;
      };
      if (issue.attributes?.type !== 'package_vulnerability') {
        counts['skipped.not-a-package-vulnerability'] =
          (counts['skipped.not-a-package-vulnerability'] ?? 0) + 1;
        return undefined;
      }
      const scanItem = (
        issue.relationships?.scan_item as { data?: { id?: string; type?: string } } | undefined
      )?.data;
      if (!scanItem?.id || scanItem.type !== 'project') {
        throw new Unmappable('ISSUE_WITHOUT_PROJECT', `issue ${issue.id} has no project scan_item`);
      }
      const entry = await this.#lookup(() => this.#projects.get(entityKey(c, scanItem.id!)));
      if (!entry)
        throw new Unmappable(
          'PROJECT_UNKNOWN',
          `issue ${issue.id} belongs to project ${scanItem.id}, which was not pulled`,
        );
      const org = await this.#lookup(() =>
        this.#orgs.get(entityKey(c, entry.orgId ?? envelope.parentId ?? '')),
      );
      if (!org)
        throw new Unmappable(
          'ORG_UNKNOWN',
          `issue ${issue.id}: the org of project ${scanItem.id} was not pulled`,
        );
      const outcome = this.#projectOutcome(entry.project, org, assetTypes);
      if (outcome.kind === 'skipped') {
        counts['skipped.project-skipped'] = (counts['skipped.project-skipped'] ?? 0) + 1;
        return undefined;
      }
      const finding = mapIssue({
        ...issue,
        project: { ...entry.project, org },
        org,
        appUrl: snykAppUrl(connection),
      });
      counts.findings = (counts.findings ?? 0) + 1;
      return this.#event(envelope, 'FINDING', outcome.asset.assetHeader.externalAssetId, { finding });
    }
    throw new Unmappable('ENTITY_UNKNOWN', `unknown raw entity ${envelope.entity}`);
  }

  /** One input batch → its output records, dead letters and run-count events, for one transaction. */
  async process(batch: ConsumedBatch, producer: RecordProducer): Promise<OutgoingRecord[]> {
    const out: OutgoingRecord[] = [];
    const countsByRun = new Map<string, { connectionId: string; counts: Counts }>();
    const countsFor = (connectionId: string, runId: string) => {
      let entry = countsByRun.get(runId);
      if (!entry) {
        entry = { connectionId, counts: {} };
        countsByRun.set(runId, entry);
      }
      return entry.counts;
    };
    for (const record of batch.records) {
      const connectionId = record.headers[HEADERS.connectionId] ?? '';
      const runId = record.headers[HEADERS.runId] ?? '';
      if (isEndOfRun(record.headers)) {
        const marker = parseMarker(record);
        out.push(
          ...(await forwardMarker(
            producer,
            TOPICS.etmAssets,
            marker,
            (v) => this.#serde.encode(TOPICS.etmAssets, v),
            (m) => ({
              connectionId: m.connectionId,
              runId: m.runId,
              kind: 'END_OF_RUN',
              externalAssetId: null,
              mappingVersion: MAPPING_VERSION,
              asset: null,
              finding: null,
              marker: avroMarker(m),
            }),
          )),
        );
        continue;
      }
      const counts = countsFor(connectionId, runId);
      try {
        if (record.value === null) continue;
        let envelope: RawEnvelope;
        try {
          envelope = JSON.parse(record.value.toString()) as RawEnvelope;
        } catch {
          throw new Unmappable('RAW_RECORD_MALFORMED', 'raw record value is not JSON');
        }
        const mapped = await this.#map(envelope, counts);
        if (mapped) out.push(mapped);
      } catch (error) {
        const { code, message } =
          error instanceof Unmappable ? { code: error.code, message: error.message } : describeError(error);
        counts.deadLettered = (counts.deadLettered ?? 0) + 1;
        this.#logger.warn(
          {
            code,
            connectionId,
            runId,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
          },
          `unmappable record: ${message}`,
        );
        out.push(
          deadLetterRecord({
            stage: STAGE,
            code,
            reason: message,
            key: record.key,
            value: record.value,
            source: { topic: record.topic, partition: record.partition, offset: record.offset },
            connectionId,
            runId,
          }),
        );
      }
    }
    for (const [runId, { connectionId, counts }] of countsByRun) {
      if (Object.keys(counts).length > 0)
        out.push(runEventRecord({ type: 'transformer.batch', runId, connectionId, counts }));
    }
    return out;
  }
}
