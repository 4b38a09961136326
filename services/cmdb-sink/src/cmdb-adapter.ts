import { type ConnectionDirectory, connectionCa, type QualysCmdbConnection } from '@sluice/connections';
import { ClientCache } from '@sluice/http';
import type { DeadLetter, DeadLetterWriter, Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type CmdbCi,
  type CmdbCiEvent,
  type EndOfRunMarker,
  fingerprint,
  type IreItem,
  type PartitionRun,
  type RemovalGuardSettings,
  type RemovalTotals,
  type RunWork,
  type SinkAdapter,
  SinkState,
  TOPICS,
} from '@sluice/pipeline';
import { cmdbSinkErrors } from './errors.ts';
import { irePayload, outcomeOf, resultsByInternalId } from './ire-wire.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { ServiceNowApi, type ServiceNowApiSettings } from './servicenow-api.ts';

const STAGE = 'cmdb-sink';
const RETIRED = '7';

/** What the CMDB last accepted for a CI, keyed by native key: the de-duplication and retirement state. */
export interface CmdbCiState {
  readonly connectionId: string;
  partition: number;
  fp: string;
  createdIn: string;
  pushedIn: string;
  /** The main item as last sent: a retirement resends it with `install_status: "7"`. */
  main: IreItem;
  retired: boolean;
}

export interface CmdbWork extends RunWork {
  readonly seen: Set<string>;
  readonly pending: Map<string, CmdbCi>;
  removals: string[];
  readonly pushedHere: Set<string>;
}

/** A CI to load and what it is for: a load of the run's content, or a retirement. */
interface Load {
  readonly nativeKey: string;
  readonly ci: CmdbCi;
  readonly fp: string;
  readonly retire: boolean;
}

/** Shared CIs (a region's datacenter) are written by one batch at a time in this process. */
const sharedItems = new KeyedMutex();

/**
 * Loads `cmdb.cis.v1` into ServiceNow through the IRE: skips CIs whose content the CMDB already has,
 * loads the rest in import partitions (default 1 000 CIs) as IRE batches of the connection's size
 * (default 100 items, never above 500) with several batches in flight, reads every item's result
 * (HTTP 200 is not success), dead-letters failed items with their IRE error code, and retires CIs a
 * complete run no longer returned.
 */
export class CmdbSinkAdapter implements SinkAdapter<CmdbCiEvent, CmdbWork> {
  readonly stage = STAGE;
  readonly topic = TOPICS.cmdbCis;
  readonly system = 'ServiceNow';
  readonly state: SinkState<CmdbCiState>;
  readonly #connections: ConnectionDirectory;
  readonly #apis = new ClientCache<ServiceNowApi>();
  readonly #logger: Logger;
  readonly #dlq: () => DeadLetterWriter;
  readonly #apiOverrides: Partial<ServiceNowApiSettings>;

  constructor(options: {
    kafka: Kafka;
    producer: RecordProducer;
    connections: ConnectionDirectory;
    logger: Logger;
    deadLetters: () => DeadLetterWriter;
    name: string;
    apiOverrides?: Partial<ServiceNowApiSettings>;
  }) {
    this.#connections = options.connections;
    this.#logger = options.logger;
    this.#dlq = options.deadLetters;
    this.#apiOverrides = options.apiOverrides ?? {};
    this.state = new SinkState<CmdbCiState>({
      kafka: options.kafka,
      producer: options.producer,
      prefix: `${STAGE}:ci/`,
      name: options.name,
    });
  }

  #connection(connectionId: string): QualysCmdbConnection {
    const c = this.#connections.get(connectionId);
    if (c?.type !== 'qualys-cmdb') throw cmdbSinkErrors.CMDB_CONNECTION_UNKNOWN(connectionId);
    return c;
  }

  /** One client per connection, re-created when its settings or credentials change (rotation). */
  #api(connectionId: string): ServiceNowApi {
    const c = this.#connection(connectionId);
    const sn = c.servicenow;
    const secrets =
      sn.auth.type === 'basic'
        ? [sn.auth.password.reveal()]
        : [sn.auth.clientSecret.reveal(), sn.auth.password?.reveal()];
    return this.#apis.get(
      connectionId,
      [sn, c.proxyUrl, c.caFile, ...secrets],
      () =>
        new ServiceNowApi({
          instanceUrl: sn.instanceUrl,
          auth: sn.auth,
          dataSource: sn.dataSource,
          timeoutMs: sn.timeoutMs,
          proxyUrl: c.proxyUrl,
          ca: connectionCa(c),
          ...this.#apiOverrides,
        }),
    );
  }

  guard(connectionId: string): RemovalGuardSettings {
    return this.#connection(connectionId).removalGuard;
  }

  marker(value: CmdbCiEvent): EndOfRunMarker | undefined {
    if (value.kind !== 'END_OF_RUN' || !value.marker) return undefined;
    return { ...value.marker, connectionId: value.connectionId, runId: value.runId };
  }

  startWork(partition: number, runId: string, connectionId: string): CmdbWork {
    return {
      connectionId,
      runId,
      partition,
      counts: {},
      seen: new Set(),
      pending: new Map(),
      removals: [],
      pushedHere: new Set(),
    };
  }

  #key(connectionId: string, nativeKey: string): string {
    return `${connectionId}:${nativeKey}`;
  }

  #count(work: CmdbWork, name: string, by = 1): void {
    work.counts[name] = (work.counts[name] ?? 0) + by;
  }

  async accept(work: CmdbWork, value: CmdbCiEvent): Promise<void> {
    if (value.kind !== 'CI' || !value.ci || !value.nativeKey) return;
    const nativeKey = value.nativeKey;
    work.seen.add(nativeKey);
    const state = this.state.get(this.#key(work.connectionId, nativeKey));
    if (state && !state.retired && state.fp === fingerprint(value.ci)) {
      // Unchanged since the CMDB last accepted it: skipped (unless an earlier process of this run loaded it).
      if (!(state.pushedIn === work.runId && !work.pushedHere.has(nativeKey))) this.#count(work, 'skipped');
      return;
    }
    work.pending.set(nativeKey, value.ci);
    if (work.pending.size >= this.#connection(work.connectionId).servicenow.partitionSize)
      await this.flush(work);
  }

  /** Loads the pending CIs as one import partition. */
  async flush(work: CmdbWork): Promise<void> {
    const loads: Load[] = [...work.pending].map(([nativeKey, ci]) => ({
      nativeKey,
      ci,
      fp: fingerprint(ci),
      retire: false,
    }));
    work.pending.clear();
    await this.#load(work, loads);
  }

  /** Packs CIs into IRE batches of at most `batchSize` items (shared items counted once per batch). */
  #batches(loads: ReadonlyArray<Load>, batchSize: number): Load[][] {
    const batches: Load[][] = [];
    let current: Load[] = [];
    let ids = new Set<string>();
    for (const load of loads) {
      const added = load.ci.items.filter((i) => !ids.has(i.internalId)).length;
      if (current.length > 0 && ids.size + added > batchSize) {
        batches.push(current);
        current = [];
        ids = new Set();
      }
      current.push(load);
      for (const item of load.ci.items) ids.add(item.internalId);
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  async #load(work: CmdbWork, loads: ReadonlyArray<Load>): Promise<void> {
    if (loads.length === 0) return;
    const connection = this.#connection(work.connectionId);
    const api = this.#api(work.connectionId);
    const queue = this.#batches(loads, connection.servicenow.batchSize);
    const workers = Array.from(
      { length: Math.min(connection.servicenow.concurrency, queue.length) },
      async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) await this.#loadBatch(work, api, batch);
      },
    );
    await Promise.all(workers);
    await this.state.flush();
  }

  async #loadBatch(work: CmdbWork, api: ServiceNowApi, batch: ReadonlyArray<Load>): Promise<void> {
    const payload = irePayload(batch.map((l) => l.ci));
    const shared = [
      ...new Set(
        batch.flatMap((l) =>
          l.ci.items
            .slice(1)
            .filter((i) => i.internalId.startsWith('dc-'))
            .map((i) => i.internalId),
        ),
      ),
    ];
    const trace = { calls: 0, rateLimited: 0, retries: 0, serverErrors: 0 };
    const answer = await sharedItems.withKeys(shared, async () => {
      try {
        return await api.identifyReconcile(payload, trace);
      } finally {
        this.#count(work, 'apiCalls', trace.calls);
        this.#count(work, 'rateLimited', trace.rateLimited);
        this.#count(work, 'ireBatches');
      }
    });
    const results = resultsByInternalId(payload, answer);
    const failed: DeadLetter[] = [];
    for (const load of batch) {
      const outcomes = load.ci.items.map((item) => ({ item, ...outcomeOf(results.get(item.internalId)) }));
      const main = outcomes[0];
      const failure =
        outcomes.find((o) => o.outcome === 'errors') ?? outcomes.find((o) => o.outcome === 'skipped');
      if (!main || failure) {
        this.#count(work, failure?.outcome === 'skipped' ? 'skipped' : 'errors');
        failed.push({
          stage: STAGE,
          code: failure?.code ?? 'IRE_ERROR',
          reason: `${failure?.item.className ?? 'item'} ${failure?.item.internalId ?? ''}: ${failure?.message ?? 'failed'}`,
          key: load.nativeKey,
          value: JSON.stringify(irePayload([load.ci])),
          connectionId: work.connectionId,
          runId: work.runId,
        });
        continue;
      }
      this.#count(work, load.retire ? 'retired' : main.outcome);
      this.#accepted(work, load);
    }
    if (failed.length > 0) {
      this.#count(work, 'deadLettered', failed.length);
      await this.#dlq().send(failed);
    }
  }

  #accepted(work: CmdbWork, load: Load): void {
    const key = this.#key(work.connectionId, load.nativeKey);
    const previous = this.state.get(key);
    const main = load.ci.items[0]!;
    this.state.set(key, {
      connectionId: work.connectionId,
      partition: work.partition,
      fp: load.retire ? RETIRED : load.fp,
      createdIn: previous?.createdIn ?? work.runId,
      pushedIn: work.runId,
      main: load.retire ? (previous?.main ?? main) : main,
      retired: load.retire,
    });
    work.pushedHere.add(load.nativeKey);
  }

  removalTotals(work: CmdbWork, run: PartitionRun): RemovalTotals {
    const prefix = `${work.connectionId}:`;
    const held: string[] = [];
    for (const [key, state] of this.state.entries()) {
      if (
        key.startsWith(prefix) &&
        state.partition === work.partition &&
        !state.retired &&
        state.createdIn !== work.runId
      ) {
        held.push(key.slice(prefix.length));
      }
    }
    work.removals = run.completeEntities.has('assets') ? held.filter((k) => !work.seen.has(k)) : [];
    return { held: held.length, candidates: work.removals.length, seen: work.seen.size };
  }

  /** Retires, through IRE, the CIs the run did not return: same native key, `install_status` 7. */
  async sweep(work: CmdbWork): Promise<void> {
    const loads: Load[] = [];
    for (const nativeKey of work.removals) {
      const state = this.state.get(this.#key(work.connectionId, nativeKey));
      if (!state) continue;
      const item: IreItem = { ...state.main, values: { ...state.main.values, install_status: RETIRED } };
      loads.push({
        nativeKey,
        ci: {
          api: 'GAV',
          className: item.className,
          matchedRule: 'retirement',
          items: [item],
          relations: [],
        },
        fp: RETIRED,
        retire: true,
      });
    }
    await this.#load(work, loads);
    this.#logger.debug(
      {
        connectionId: work.connectionId,
        runId: work.runId,
        partition: work.partition,
        retired: loads.length,
      },
      'CMDB retirement done',
    );
  }

  close(): Promise<void> {
    return this.#apis.closeAll();
  }
}
