import { connectionCa, type SnykEtmConnection } from '@sluice/connections';
import type { RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type CursorStore,
  RawRunWriter,
  type RunEventWriter,
  type RunMode,
  runErrorFrom,
  SNYK_RAW_TOPICS,
} from '@sluice/pipeline';
import { pullSnyk, type SnykPullResult } from './pull.ts';
import { SnykApi, type SnykApiSettings } from './snyk-api.ts';

export interface SnykRunRequest {
  readonly runId: string;
  /** `auto`: full on the first run and when the last full one is older than the connection allows. */
  readonly mode: RunMode | 'auto';
}

export interface SnykRunOutcome {
  readonly runId: string;
  readonly mode: RunMode;
  readonly complete: boolean;
  readonly pulled: Record<string, number>;
  readonly apiCalls: number;
  readonly rateLimited: number;
}

interface LastFull {
  readonly at: string;
  readonly runId: string;
}

const lastFullKey = (c: string) => `${c}:snyk:last-full`;
const watermarkKey = (c: string, orgId: string) => `${c}:snyk:issues-updated:${orgId}`;

export interface SnykProducerDeps {
  readonly producer: RecordProducer;
  readonly cursors: CursorStore;
  readonly events: RunEventWriter;
  readonly logger: Logger;
  /** Test and bench seam: client options such as a recording sleep. */
  readonly apiOverrides?: Partial<SnykApiSettings>;
  readonly now?: () => Date;
}

/**
 * Runs pulls for Snyk connections: decides full or delta from the watermarks in `etl.cursors`, writes
 * raw records and end-of-run markers, advances the watermarks only after a complete pull, and reports
 * the run on `etl.runs`.
 */
export class SnykProducer {
  readonly #deps: SnykProducerDeps;

  constructor(deps: SnykProducerDeps) {
    this.#deps = deps;
  }

  async #mode(connection: SnykEtmConnection, requested: SnykRunRequest['mode']): Promise<RunMode> {
    if (requested !== 'auto') return requested;
    const last = await this.#deps.cursors.get<LastFull>(lastFullKey(connection.name));
    if (!last) return 'full';
    const ageHours = ((this.#deps.now?.() ?? new Date()).getTime() - Date.parse(last.at)) / 3600_000;
    return ageHours >= connection.snyk.fullSyncEveryHours ? 'full' : 'delta';
  }

  async run(
    connection: SnykEtmConnection,
    request: SnykRunRequest,
    onProgress?: (pulled: Record<string, number>) => void,
  ): Promise<SnykRunOutcome> {
    const { producer, cursors, events, logger } = this.#deps;
    const connectionId = connection.name;
    const { runId } = request;
    const mode = await this.#mode(connection, request.mode);
    const log = logger.child({ connectionId, runId, mode });
    await events.emit({ type: 'producer.started', runId, connectionId, mode, source: 'snyk' });
    const api = new SnykApi({
      apiUrl: connection.snyk.apiUrl,
      token: connection.snyk.token,
      apiVersion: connection.snyk.apiVersion,
      pageSize: connection.snyk.pageSize,
      rateLimitPerMinute: connection.snyk.rateLimitPerMinute,
      timeoutMs: connection.snyk.timeoutMs,
      proxyUrl: connection.proxyUrl,
      ca: connectionCa(connection),
      ...this.#deps.apiOverrides,
    });
    const writer = new RawRunWriter(producer, { connectionId, runId, topics: SNYK_RAW_TOPICS });
    // Watermarks are read once up front, so the pull itself makes no Kafka round trips for them.
    await cursors.catchUp();
    let lastProgress = 0;
    const progress = (pulled: Record<string, number>) => {
      onProgress?.(pulled);
      const now = Date.now();
      if (now - lastProgress < 2000) return;
      lastProgress = now;
      void events
        .emit({
          type: 'producer.progress',
          runId,
          connectionId,
          pulled: { ...pulled },
          apiCalls: api.http.stats.calls,
          rateLimited: api.http.stats.rateLimited,
        })
        .catch(() => undefined);
    };
    let result: SnykPullResult | undefined;
    try {
      result = await pullSnyk({
        api,
        writer,
        mode,
        orgIds: connection.snyk.orgIds,
        logger: log,
        onProgress: progress,
        watermark: (orgId) => cursors.peek<string>(watermarkKey(connectionId, orgId)),
        overlapMs: connection.snyk.overlapMinutes * 60_000,
      });
    } catch (error) {
      const runError = runErrorFrom(error, 'Snyk');
      log.error({ err: error, code: runError.code }, 'Snyk pull failed');
      await writer
        .end({ mode, complete: false, completeEntities: [] })
        .catch((e) => log.error({ err: e }, 'cannot write end-of-run markers'));
      await events.emit({
        type: 'producer.finished',
        runId,
        connectionId,
        mode,
        complete: false,
        pulled: { ...writer.written },
        apiCalls: api.http.stats.calls,
        rateLimited: api.http.stats.rateLimited,
        error: runError,
      });
      await api.close();
      return {
        runId,
        mode,
        complete: false,
        pulled: { ...writer.written },
        apiCalls: api.http.stats.calls,
        rateLimited: api.http.stats.rateLimited,
      };
    }
    await writer.end({ mode, complete: true, completeEntities: result.completeEntities });
    const cursorUpdates: Record<string, unknown> = {};
    for (const [orgId, mark] of Object.entries(result.watermarks))
      cursorUpdates[watermarkKey(connectionId, orgId)] = mark;
    if (mode === 'full' && result.completeEntities.includes('issues'))
      cursorUpdates[lastFullKey(connectionId)] = { at: new Date().toISOString(), runId };
    await cursors.set(cursorUpdates);
    const outcome: SnykRunOutcome = {
      runId,
      mode,
      complete: true,
      pulled: result.pulled,
      apiCalls: api.http.stats.calls,
      rateLimited: api.http.stats.rateLimited,
    };
    await events.emit({
      type: 'producer.finished',
      runId,
      connectionId,
      mode,
      complete: true,
      pulled: result.pulled,
      apiCalls: outcome.apiCalls,
      rateLimited: outcome.rateLimited,
      ...(result.skippedOrgs.length > 0
        ? {
            error: {
              code: 'ORGS_SKIPPED',
              message: `orgs not readable with this token: ${result.skippedOrgs.map((o) => o.orgId).join(', ')}`,
              suggestion:
                'Give the token access to these orgs or remove them from the connection; nothing is swept until every org is read.',
            },
          }
        : {}),
    });
    log.info(
      { pulled: result.pulled, apiCalls: outcome.apiCalls, rateLimited: outcome.rateLimited },
      'Snyk pull finished',
    );
    await api.close();
    return outcome;
  }
}
