import { connectionCa, type QualysCmdbConnection } from '@sluice/connections';
import type { RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { RawRunWriter, type RunError, type RunEventWriter, runErrorFrom, TOPICS } from '@sluice/pipeline';
import { QUALYS_SUGGESTIONS } from './errors.ts';
import { GavApi, type GavApiSettings } from './gav-api.ts';
import { pullQualys, type QualysPullResult } from './pull.ts';
import { QpsApi, type QpsApiSettings } from './qps-api.ts';

/** The raw topics of a Qualys run: end-of-run markers go to all of them. */
export const QUALYS_RAW_TOPICS = [TOPICS.qualysAssets] as const;

export interface QualysRunRequest {
  readonly runId: string;
}

export interface QualysRunOutcome {
  readonly runId: string;
  /** Qualys runs are always full: the asset APIs have no reliable change feed for removals. */
  readonly mode: 'full';
  readonly complete: boolean;
  readonly pulled: Record<string, number>;
  readonly apiCalls: number;
  readonly rateLimited: number;
}

/** Client seams for tests and benches, applied to whichever API the connection uses. */
export type QualysApiOverrides = Partial<GavApiSettings> & Partial<QpsApiSettings>;

export interface QualysProducerDeps {
  readonly producer: RecordProducer;
  readonly events: RunEventWriter;
  readonly logger: Logger;
  readonly apiOverrides?: QualysApiOverrides;
}

/** The connection's asset API: Global AssetView by default, QPS when the connection asks for it. */
export function qualysApiFor(connection: QualysCmdbConnection, overrides: QualysApiOverrides = {}) {
  const { qualys } = connection;
  const common = {
    username: qualys.username,
    password: qualys.password,
    timeoutMs: qualys.timeoutMs,
    proxyUrl: connection.proxyUrl,
    ca: connectionCa(connection),
  };
  if (qualys.useAssetManagementAndTaggingApi) {
    return new QpsApi({
      ...common,
      apiUrl: qualys.apiUrl ?? qualys.gatewayUrl,
      limitResults: qualys.pageSize,
      ...overrides,
    });
  }
  return new GavApi({ ...common, gatewayUrl: qualys.gatewayUrl, pageSize: qualys.pageSize, ...overrides });
}

/** The run's error for operators: the shared HTTP suggestions, else the Qualys-specific ones. */
function qualysRunError(error: unknown): RunError {
  const runError = runErrorFrom(error, 'Qualys');
  const suggestion = runError.suggestion ?? QUALYS_SUGGESTIONS[runError.code];
  return suggestion ? { ...runError, suggestion } : runError;
}

/**
 * Runs pulls for Qualys connections: every run reads the whole asset list, writes raw records and
 * end-of-run markers (complete only when the list was read to its end), and reports the run on
 * `etl.runs`.
 */
export class QualysProducer {
  readonly #deps: QualysProducerDeps;

  constructor(deps: QualysProducerDeps) {
    this.#deps = deps;
  }

  async run(
    connection: QualysCmdbConnection,
    request: QualysRunRequest,
    onProgress?: (pulled: Record<string, number>) => void,
  ): Promise<QualysRunOutcome> {
    const { producer, events, logger } = this.#deps;
    const connectionId = connection.name;
    const { runId } = request;
    const mode = 'full';
    await events.emit({ type: 'producer.started', runId, connectionId, mode, source: 'qualys' });
    const api = qualysApiFor(connection, this.#deps.apiOverrides);
    const log = logger.child({ connectionId, runId, mode, api: api.entity });
    const writer = new RawRunWriter(producer, { connectionId, runId, topics: QUALYS_RAW_TOPICS });
    const calls = () => ({ apiCalls: api.http.stats.calls, rateLimited: api.http.stats.rateLimited });
    let pulled: Record<string, number> = {};
    let lastProgress = 0;
    const progress = (counts: Readonly<Record<string, number>>) => {
      pulled = { ...counts };
      onProgress?.(pulled);
      const now = Date.now();
      if (now - lastProgress < 2000) return;
      lastProgress = now;
      void events
        .emit({ type: 'producer.progress', runId, connectionId, pulled, ...calls() })
        .catch(() => undefined);
    };
    let result: QualysPullResult;
    try {
      result = await pullQualys({ api, writer, logger: log, onProgress: progress });
    } catch (error) {
      const runError = qualysRunError(error);
      log.error({ err: error, code: runError.code }, 'Qualys pull failed');
      await writer
        .end({ mode, complete: false, completeEntities: [] })
        .catch((e) => log.error({ err: e }, 'cannot write end-of-run markers'));
      const outcome: QualysRunOutcome = { runId, mode, complete: false, pulled, ...calls() };
      await events.emit({
        type: 'producer.finished',
        runId,
        connectionId,
        mode,
        complete: false,
        pulled,
        apiCalls: outcome.apiCalls,
        rateLimited: outcome.rateLimited,
        error: runError,
      });
      await api.close();
      return outcome;
    }
    await writer.end({ mode, complete: true, completeEntities: result.completeEntities });
    const outcome: QualysRunOutcome = {
      runId,
      mode,
      complete: true,
      pulled: { ...result.pulled },
      ...calls(),
    };
    await events.emit({
      type: 'producer.finished',
      runId,
      connectionId,
      mode,
      complete: true,
      pulled: outcome.pulled,
      apiCalls: outcome.apiCalls,
      rateLimited: outcome.rateLimited,
    });
    log.info(
      { pulled: outcome.pulled, apiCalls: outcome.apiCalls, rateLimited: outcome.rateLimited },
      'Qualys pull finished',
    );
    await api.close();
    return outcome;
  }
}
