import { randomUUID } from 'node:crypto';
import { type ConnectionDirectory, connectionCa, type SnykEtmConnection } from '@sluice/connections';
import { describeError } from '@sluice/errors';
import { ClientCache, httpErrors } from '@sluice/http';
import type { DeadLetter, DeadLetterWriter, Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type EndOfRunMarker,
  type EtmAssetEvent,
  fingerprint,
  type PartitionRun,
  type RemovalGuardSettings,
  type RemovalTotals,
  type RunWork,
  type SinkAdapter,
  SinkState,
  TOPICS,
} from '@sluice/pipeline';
import { etmSinkErrors } from './errors.ts';
import { EtmApi, type EtmApiSettings } from './etm-api.ts';
import { batchesOf, type EtmElement, toWire, type WireAsset, type WireFinding } from './wire.ts';

const STAGE = 'etm-sink';

type FindingStatus = WireFinding['findingStatus'];

/** What ETM last accepted for an asset: the de-duplication state, kept in `etl.sink-state`. */
export interface EtmAssetState {
  readonly connectionId: string;
  partition: number;
  asset: WireAsset;
  /** Fingerprint of the mapped asset ETM holds; `DELETED` once swept. */
  fp: string;
  createdIn: string;
  pushedIn: string;
  /** Per finding: fingerprint of what ETM holds, and its status there. */
  findings: Record<string, [string, FindingStatus]>;
}

interface PendingElement {
  asset?: { doc: WireAsset; fp: string };
  findings: Map<string, { doc: WireFinding; fp: string }>;
}

export interface EtmWork extends RunWork {
  readonly seenAssets: Set<string>;
  readonly seenFindings: Map<string, Set<string>>;
  /** The asset documents of this run, for elements that carry only finding changes. */
  readonly assets: Map<string, WireAsset>;
  readonly pending: Map<string, PendingElement>;
  pendingFindings: number;
  removals: string[];
  /** Assets pushed by this work; a state pushed in the same run by an earlier process means a replay. */
  readonly pushedHere: Set<string>;
}

const SWEPT = 'swept';

/**
 * Loads `etm.assets.v1` into Qualys ETM: de-duplicates against what ETM last accepted (content
 * fingerprints per asset and finding), sends REOPENED for a fixed finding that is open again, pushes
 * elements in batches of at most 100, dead-letters what ETM rejects, and after a complete run marks
 * assets it no longer returned DELETED and findings FIXED.
 */
export class EtmSinkAdapter implements SinkAdapter<EtmAssetEvent, EtmWork> {
  readonly stage = STAGE;
  readonly topic = TOPICS.etmAssets;
  readonly system = 'Qualys ETM';
  readonly state: SinkState<EtmAssetState>;
  readonly #connections: ConnectionDirectory;
  readonly #apis = new ClientCache<EtmApi>();
  readonly #logger: Logger;
  readonly #dlq: () => DeadLetterWriter;
  readonly #apiOverrides: Partial<EtmApiSettings>;
  /** Findings held in memory before pushing what is ready, to bound memory on large runs. */
  readonly #maxPendingFindings: number;

  constructor(options: {
    kafka: Kafka;
    producer: RecordProducer;
    connections: ConnectionDirectory;
    logger: Logger;
    deadLetters: () => DeadLetterWriter;
    name: string;
    apiOverrides?: Partial<EtmApiSettings>;
    maxPendingFindings?: number;
  }) {
    this.#connections = options.connections;
    this.#logger = options.logger;
    this.#dlq = options.deadLetters;
    this.#apiOverrides = options.apiOverrides ?? {};
    this.#maxPendingFindings = options.maxPendingFindings ?? 20_000;
    this.state = new SinkState<EtmAssetState>({
      kafka: options.kafka,
      producer: options.producer,
      prefix: `${STAGE}:asset/`,
      name: options.name,
    });
  }

  #connection(connectionId: string): SnykEtmConnection {
    const c = this.#connections.get(connectionId);
    if (c?.type !== 'snyk-etm') throw etmSinkErrors.ETM_CONNECTION_UNKNOWN(connectionId);
    return c;
  }

  /** One client per connection, re-created when its settings or its password change (rotation). */
  #api(connectionId: string): EtmApi {
    const c = this.#connection(connectionId);
    return this.#apis.get(
      connectionId,
      [c.etm, c.proxyUrl, c.caFile, c.etm.password.reveal()],
      () =>
        new EtmApi({
          apiUrl: c.etm.apiUrl,
          username: c.etm.username,
          password: c.etm.password,
          connectorUuid: c.etm.connectorUuid,
          timeoutMs: c.etm.timeoutMs,
          proxyUrl: c.proxyUrl,
          ca: connectionCa(c),
          ...this.#apiOverrides,
        }),
    );
  }

  guard(connectionId: string): RemovalGuardSettings {
    return this.#connection(connectionId).removalGuard;
  }

  marker(value: EtmAssetEvent): EndOfRunMarker | undefined {
    if (value.kind !== 'END_OF_RUN' || !value.marker) return undefined;
    return {
      ...(value.marker as unknown as EndOfRunMarker),
      connectionId: value.connectionId,
      runId: value.runId,
    };
  }

  startWork(partition: number, runId: string, connectionId: string): EtmWork {
    return {
      connectionId,
      runId,
      partition,
      counts: {},
      seenAssets: new Set(),
      seenFindings: new Map(),
      assets: new Map(),
      pending: new Map(),
      pendingFindings: 0,
      removals: [],
      pushedHere: new Set(),
    };
  }

  #key(connectionId: string, externalAssetId: string): string {
    return `${connectionId}:${externalAssetId}`;
  }

  #count(work: EtmWork, name: string, by = 1): void {
    work.counts[name] = (work.counts[name] ?? 0) + by;
  }

  #pendingFor(work: EtmWork, id: string): PendingElement {
    let element = work.pending.get(id);
    if (!element) {
      element = { findings: new Map() };
      work.pending.set(id, element);
    }
    return element;
  }

  async accept(work: EtmWork, value: EtmAssetEvent): Promise<void> {
    const id = value.externalAssetId ?? '';
    const state = this.state.get(this.#key(work.connectionId, id));
    // After a restart the run is read again: what an earlier process pushed was counted then.
    const alreadyCounted = state?.pushedIn === work.runId && !work.pushedHere.has(id);
    if (value.kind === 'ASSET') {
      const asset = toWire<WireAsset>(value.asset);
      work.seenAssets.add(id);
      work.assets.set(id, asset);
      const fp = fingerprint(asset);
      if (state && state.fp === fp) {
        if (!alreadyCounted) this.#count(work, 'assetsUnchanged');
        return;
      }
      this.#pendingFor(work, id).asset = { doc: asset, fp };
      return;
    }
    if (value.kind === 'FINDING') {
      const finding = toWire<WireFinding>(value.finding);
      const fid = finding.externalFindingId;
      let seen = work.seenFindings.get(id);
      if (!seen) {
        seen = new Set();
        work.seenFindings.set(id, seen);
      }
      if (seen.has(fid)) return;
      seen.add(fid);
      const held = state?.findings[fid];
      const fp = fingerprint(finding);
      if (held && held[0] === fp) {
        if (!alreadyCounted) this.#count(work, 'findingsUnchanged');
        return;
      }
      const status: FindingStatus =
        finding.findingStatus === 'ACTIVE' && held?.[1] === 'FIXED' ? 'REOPENED' : finding.findingStatus;
      this.#pendingFor(work, id).findings.set(fid, { doc: { ...finding, findingStatus: status }, fp });
      work.pendingFindings++;
      if (work.pendingFindings >= this.#maxPendingFindings) await this.#pushPending(work, false);
    }
  }

  flush(work: EtmWork): Promise<void> {
    return this.#pushPending(work, true);
  }

  /** Pushes pending elements; at the end of the run, findings whose asset never arrived are dead letters. */
  async #pushPending(work: EtmWork, final: boolean): Promise<void> {
    const elements = new Map<EtmElement, { id: string; assetFp?: string; findingFps: Map<string, string> }>();
    const orphans: DeadLetter[] = [];
    for (const [id, pending] of work.pending) {
      const state = this.state.get(this.#key(work.connectionId, id));
      const asset = pending.asset?.doc ?? work.assets.get(id) ?? state?.asset;
      if (!asset) {
        if (!final) continue;
        for (const { doc } of pending.findings.values()) {
          orphans.push({
            stage: STAGE,
            code: 'FINDING_WITHOUT_ASSET',
            reason: `finding ${doc.externalFindingId} belongs to asset ${id}, which this run did not deliver and ETM does not hold`,
            key: id,
            value: JSON.stringify(doc),
            connectionId: work.connectionId,
            runId: work.runId,
          });
        }
        work.pending.delete(id);
        continue;
      }
      const findingFps = new Map<string, string>();
      for (const [fid, { fp }] of pending.findings) findingFps.set(fid, fp);
      elements.set(
        { asset, findingGroup: { findings: [...pending.findings.values()].map((f) => f.doc) } },
        { id, ...(pending.asset ? { assetFp: pending.asset.fp } : {}), findingFps },
      );
      work.pending.delete(id);
      work.pendingFindings -= pending.findings.size;
    }
    if (orphans.length > 0) {
      this.#count(work, 'deadLettered', orphans.length);
      this.#count(work, 'rejected', orphans.length);
      await this.#dlq().send(orphans);
    }
    await this.#deliver(work, [...elements.keys()], (element) => {
      const entry = elements.get(element);
      if (!entry) return;
      this.#accepted(work, entry.id, element, entry.assetFp, entry.findingFps);
      if (entry.assetFp) this.#count(work, 'assetsPushed');
      this.#count(work, 'findingsPushed', element.findingGroup.findings.length);
    });
  }

  /** Records what ETM accepted, so the next identical run pushes nothing. */
  #accepted(
    work: EtmWork,
    id: string,
    element: EtmElement,
    assetFp: string | undefined,
    findingFps: ReadonlyMap<string, string>,
  ): void {
    const key = this.#key(work.connectionId, id);
    const previous = this.state.get(key);
    const next: EtmAssetState = previous
      ? { ...previous, findings: { ...previous.findings } }
      : {
          connectionId: work.connectionId,
          partition: work.partition,
          asset: element.asset,
          fp: assetFp ?? '',
          createdIn: work.runId,
          pushedIn: work.runId,
          findings: {},
        };
    next.partition = work.partition;
    next.pushedIn = work.runId;
    work.pushedHere.add(id);
    if (assetFp !== undefined) {
      next.asset = element.asset;
      next.fp = assetFp;
    }
    for (const finding of element.findingGroup.findings) {
      next.findings[finding.externalFindingId] = [
        findingFps.get(finding.externalFindingId) ?? SWEPT,
        finding.findingStatus,
      ];
    }
    this.state.set(key, next);
  }

  /**
   * Sends elements in pushes of at most the connection's batch size (and under the body limit). ETM's
   * 207 rejections and elements it cannot take at all go to the dead-letter topic and are counted;
   * their state is not updated, so the next run tries them again.
   */
  async #deliver(
    work: EtmWork,
    elements: ReadonlyArray<EtmElement>,
    onAccepted: (element: EtmElement) => void,
  ): Promise<void> {
    if (elements.length === 0) return;
    const connection = this.#connection(work.connectionId);
    const api = this.#api(work.connectionId);
    const queue = batchesOf(elements, connection.etm.batchSize);
    while (queue.length > 0) {
      const batch = queue.shift()!;
      const trace = { calls: 0, rateLimited: 0, retries: 0, serverErrors: 0 };
      try {
        const result = await api.push(randomUUID(), batch, trace);
        this.#count(work, 'pushes');
        const rejected: DeadLetter[] = [];
        for (const element of batch) {
          const reason = result.rejected[element.asset.assetHeader.externalAssetId];
          if (reason === undefined) {
            onAccepted(element);
            continue;
          }
          rejected.push({
            stage: STAGE,
            code: 'ETM_ELEMENT_REJECTED',
            reason,
            key: element.asset.assetHeader.externalAssetId,
            value: JSON.stringify(element),
            connectionId: work.connectionId,
            runId: work.runId,
          });
        }
        if (rejected.length > 0) {
          this.#count(work, 'rejected', rejected.length);
          this.#count(work, 'deadLettered', rejected.length);
          await this.#dlq().send(rejected);
        }
      } catch (error) {
        if (httpErrors.HTTP_PAYLOAD_TOO_LARGE.is(error) && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          queue.unshift(batch.slice(0, half), batch.slice(half));
          continue;
        }
        if (httpErrors.HTTP_PAYLOAD_TOO_LARGE.is(error) || httpErrors.HTTP_BAD_REQUEST.is(error)) {
          const { code, message } = describeError(error);
          this.#count(work, 'rejected', batch.length);
          this.#count(work, 'deadLettered', batch.length);
          await this.#dlq().send(
            batch.map((element) => ({
              stage: STAGE,
              code,
              reason: message,
              key: element.asset.assetHeader.externalAssetId,
              value: JSON.stringify(element),
              connectionId: work.connectionId,
              runId: work.runId,
            })),
          );
          continue;
        }
        throw error;
      } finally {
        this.#count(work, 'apiCalls', trace.calls);
        this.#count(work, 'rateLimited', trace.rateLimited);
      }
    }
    await this.state.flush();
  }

  #connectionAssets(work: EtmWork): Array<[string, EtmAssetState]> {
    const prefix = `${work.connectionId}:`;
    const out: Array<[string, EtmAssetState]> = [];
    for (const [key, state] of this.state.entries()) {
      if (key.startsWith(prefix) && state.partition === work.partition)
        out.push([key.slice(prefix.length), state]);
    }
    return out;
  }

  removalTotals(work: EtmWork, run: PartitionRun): RemovalTotals {
    const held = this.#connectionAssets(work).filter(
      ([, s]) => s.asset.assetHeader.status !== 'DELETED' && s.createdIn !== work.runId,
    );
    work.removals = run.completeEntities.has('projects')
      ? held.filter(([id]) => !work.seenAssets.has(id)).map(([id]) => id)
      : [];
    return { held: held.length, candidates: work.removals.length, seen: work.seenAssets.size };
  }

  async sweep(work: EtmWork, run: PartitionRun): Promise<void> {
    const elements: EtmElement[] = [];
    const fixedOnly = (state: EtmAssetState, keep: ReadonlySet<string>): WireFinding[] =>
      Object.entries(state.findings)
        .filter(([fid, [, status]]) => status !== 'FIXED' && !keep.has(fid))
        .map(([fid]) => ({ externalFindingId: fid, findingStatus: 'FIXED' as const }));
    for (const id of work.removals) {
      const state = this.state.get(this.#key(work.connectionId, id));
      if (!state) continue;
      elements.push({
        asset: { ...state.asset, assetHeader: { ...state.asset.assetHeader, status: 'DELETED' } },
        findingGroup: { findings: fixedOnly(state, new Set()) },
      });
    }
    if (run.completeEntities.has('issues')) {
      for (const id of work.seenAssets) {
        const state = this.state.get(this.#key(work.connectionId, id));
        if (state?.asset.assetHeader.status !== 'ACTIVE') continue;
        const stale = fixedOnly(state, work.seenFindings.get(id) ?? new Set());
        if (stale.length > 0) elements.push({ asset: state.asset, findingGroup: { findings: stale } });
      }
    }
    await this.#deliver(work, elements, (element) => {
      const id = element.asset.assetHeader.externalAssetId;
      const deleted = element.asset.assetHeader.status === 'DELETED';
      this.#accepted(work, id, element, deleted ? 'DELETED' : undefined, new Map());
      if (deleted) this.#count(work, 'assetsDeleted');
      this.#count(work, 'findingsFixed', element.findingGroup.findings.length);
    });
    this.#logger.debug(
      {
        connectionId: work.connectionId,
        runId: work.runId,
        partition: work.partition,
        elements: elements.length,
      },
      'ETM sweep done',
    );
  }

  close(): Promise<void> {
    return this.#apis.closeAll();
  }
}
