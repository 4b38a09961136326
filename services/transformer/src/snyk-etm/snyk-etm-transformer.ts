import type { AssetTypeName, ConnectionDirectory, SnykEtmConnection } from '@sluice/connections';
import { snykAppUrl } from '@sluice/connections';
import {
  type AvroSerde,
  type ConsumedBatch,
  type ConsumedRecord,
  type Kafka,
  type OutgoingRecord,
  type RecordProducer,
  TopicTable,
} from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type Counts,
  entityKey,
  isEndOfRun,
  type RawEnvelope,
  recordHeaders,
  SNYK_RAW_TOPICS,
  TOPICS,
} from '@sluice/pipeline';
import { increment, transformBatch } from '../batch.ts';
import { transformerErrors } from '../errors.ts';
import { avroMarker } from '../marker-forwarding.ts';
import type { SnykProjectInput } from './functions.ts';
import { mapIssue, mapProject, type ProjectOutcome } from './mapper.ts';
import { MAPPING_VERSION } from './transform-maps.ts';

const _STAGE = 'transformer';

interface ProjectEntry {
  readonly project: Omit<SnykProjectInput, 'org'>;
  readonly orgId: string | undefined;
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
      throw transformerErrors.CONNECTION_UNKNOWN('Snyk → ETM', connectionId);
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
      if (!org) throw transformerErrors.ORG_UNKNOWN(`project ${project.id}`, envelope.parentId ?? '?');
      const outcome = this.#projectOutcome(project, org, assetTypes);
      if (outcome.kind === 'skipped') {
        increment(counts, `skipped.${outcome.reason}`);
        return undefined;
      }
      increment(counts, 'assets');
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
        throw transformerErrors.ISSUE_WITHOUT_PROJECT(issue.id);
      }
      const entry = await this.#lookup(() => this.#projects.get(entityKey(c, scanItem.id!)));
      if (!entry) throw transformerErrors.PROJECT_UNKNOWN(issue.id, scanItem.id);
      const org = await this.#lookup(() =>
        this.#orgs.get(entityKey(c, entry.orgId ?? envelope.parentId ?? '')),
      );
      if (!org)
        throw transformerErrors.ORG_UNKNOWN(`issue ${issue.id} (project ${scanItem.id})`, entry.orgId ?? '?');
      const outcome = this.#projectOutcome(entry.project, org, assetTypes);
      if (outcome.kind === 'skipped') {
        increment(counts, 'skipped.project-skipped');
        return undefined;
      }
      const finding = mapIssue({
        ...issue,
        project: { ...entry.project, org },
        org,
        appUrl: snykAppUrl(connection),
      });
      increment(counts, 'findings');
      return this.#event(envelope, 'FINDING', outcome.asset.assetHeader.externalAssetId, { finding });
    }
    throw transformerErrors.ENTITY_UNKNOWN(envelope.entity);
  }

  /** One input batch → its output records, dead letters and run-count events, for one transaction. */
  process(batch: ConsumedBatch, producer: RecordProducer): Promise<OutgoingRecord[]> {
    return transformBatch(batch, producer, {
      outputTopic: TOPICS.etmAssets,
      encode: (v) => this.#serde.encode(TOPICS.etmAssets, v),
      markerValue: (m) => ({
        connectionId: m.connectionId,
        runId: m.runId,
        kind: 'END_OF_RUN',
        externalAssetId: null,
        mappingVersion: MAPPING_VERSION,
        asset: null,
        finding: null,
        marker: avroMarker(m),
      }),
      map: (envelope, counts) => this.#map(envelope, counts),
      logger: this.#logger,
    });
  }
}
