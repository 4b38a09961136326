import type { AddressInfo } from 'node:net';
import { SluiceError } from '@sluice/errors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Authenticator, type Principal } from './auth.ts';
import { Cmdb } from './cmdb.ts';
import { simulatorErrors } from './errors.ts';
import { FaultInjector, type FaultsView, type SimulatorFaults } from './faults.ts';
import { IdentificationEngine } from './ire.ts';
import type { IreMode } from './ire-payload.ts';
import { faultsBodySchema, type ServiceNowSimulatorOptions, simulatorConfig } from './options.ts';
import { FixedWindowRateLimiter } from './rate-limit.ts';
import { linkHeader, queryTable, renderOptions, renderRecord, type TableQueryParams } from './table-api.ts';

export interface SimulatorStats {
  /** Every request outside `/_sim`. */
  readonly requests: number;
  /** IRE calls that reached the engine (after auth, rate limit and faults). */
  readonly ireCalls: number;
  readonly itemsReceived: number;
  /** 429 answers, from the limit or from the `rate429` fault. */
  readonly rateLimited: number;
  /** `METHOD /route/pattern` → requests. */
  readonly byRoute: Record<string, number>;
}

export interface ServiceNowSimulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The store behind the API, for direct reads (and seeding) in tests. */
  readonly cmdb: Cmdb;
  /** Replaces the faults in force; `setFaults({})` switches them off. */
  setFaults(faults: SimulatorFaults): void;
  faults(): FaultsView;
  /** Every access token issued so far stops working (refresh tokens still do). */
  expireTokens(): void;
  stats(): SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** The platform's error body. */
function failure(message: string, detail: string | null = null) {
  return { error: { message, detail }, status: 'failure' as const };
}

/** Route prefixes: the default API and the versioned forms. */
const API_PREFIXES = ['/api/now', '/api/now/v1', '/api/now/v2'];

const IRE_ENDPOINTS: ReadonlyArray<{ path: string; mode: IreMode; dryRun: boolean }> = [
  { path: '/identifyreconcile', mode: 'legacy', dryRun: false },
  { path: '/identifyreconcile/enhanced', mode: 'enhanced', dryRun: false },
  { path: '/identifyreconcile/query', mode: 'legacy', dryRun: true },
  { path: '/identifyreconcile/queryEnhanced', mode: 'enhanced', dryRun: true },
];

/** An id shaped like a `sys_rate_limit_rules` sys_id, sent as `X-RateLimit-Rule`. */
const RATE_LIMIT_RULE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Query parameters as single strings; a repeated parameter counts once, as its first value. */
function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = first === undefined ? undefined : String(first);
  }
  return out;
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Starts the ServiceNow simulator: IRE (`/api/now/identifyreconcile[/enhanced|/query|/queryEnhanced]`),
 * the Table API (read), `/oauth_token.do`, per-user rate limits, faults, and `/_sim` admin routes.
 */
export async function startServiceNowSimulator(
  options: ServiceNowSimulatorOptions = {},
): Promise<ServiceNowSimulator> {
  const config = simulatorConfig(options);
  const clock = config.now ?? (() => new Date());
  const nowMs = () => clock().getTime();
  const cmdb = new Cmdb({ now: clock });
  const engine = new IdentificationEngine(cmdb, {
    dataSources: config.dataSources,
    maxItems: config.maxItemsPerPayload,
  });
  const auth = new Authenticator({
    users: config.users,
    clients: config.oauthClients,
    tokenTtlSec: config.tokenTtlSec,
    now: nowMs,
  });
  const limiter = new FixedWindowRateLimiter({ ...config.rateLimit, now: nowMs });
  const faults = new FaultInjector(config.faults);
  let stats = {
    requests: 0,
    ireCalls: 0,
    itemsReceived: 0,
    rateLimited: 0,
    byRoute: {} as Record<string, number>,
  };

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: config.bodyLimitBytes });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        simulatorErrors.REQUEST_BODY_INVALID.with({ details: { detail: 'The payload is not valid JSON.' } }),
      );
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (error instanceof SluiceError) {
      const detail = typeof error.details.detail === 'string' ? error.details.detail : null;
      return reply.code(error.statusCode ?? 500).send(failure(error.message, detail));
    }
    const status = (error as { statusCode?: number }).statusCode;
    const message = error instanceof Error ? error.message : String(error);
    if (status && status >= 400 && status < 500) return reply.code(status).send(failure(message));
    config.logger?.error({ err: error }, 'servicenow simulator: unexpected error');
    return reply.code(500).send(failure('Internal server error', message));
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(400).send(failure('Requested URI does not represent any resource'));
    }
    return reply.code(404).send(failure('Not found', `${request.method} ${request.url}`));
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/_sim')) return;
    stats.requests++;
    const route = `${request.method} ${request.routeOptions.url ?? '(unmatched)'}`;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    if (!request.url.startsWith('/api/')) return;

    const principal = auth.authenticate(request.headers.authorization);
    if (!principal) {
      reply.header('WWW-Authenticate', 'BASIC realm="Service-now"');
      return reply.code(401).send(failure('User Not Authenticated', 'Required to provide Auth information'));
    }
    request.principal = principal;

    const decision = limiter.take(principal.user);
    reply.header('X-RateLimit-Limit', decision.limit);
    reply.header('X-RateLimit-Reset', decision.resetEpochSec);
    reply.header('X-RateLimit-Rule', RATE_LIMIT_RULE);
    if (!decision.allowed) {
      stats.rateLimited++;
      reply.header('Retry-After', decision.retryAfterSec);
      return reply
        .code(429)
        .send(
          failure(
            'Rate limit exceeded',
            `Rate limit of ${decision.limit} requests per ${config.rateLimit.windowSec} seconds for user ${principal.user} exceeded`,
          ),
        );
    }
    if (faults.tooManyRequests()) {
      stats.rateLimited++;
      reply.header('Retry-After', 1);
      return reply.code(429).send(failure('Rate limit exceeded', 'Simulated fault: rate429'));
    }
    const serverError = faults.serverError();
    if (serverError) {
      return reply
        .code(serverError)
        .send(failure('Internal server error', `Simulated fault: rate5xx (${serverError})`));
    }
  });

  app.post('/oauth_token.do', async (request, reply) => {
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      string | undefined
    >;
    const outcome = auth.issueToken(form);
    if (!outcome.ok) return reply.code(outcome.status).send(outcome.body);
    return outcome.grant;
  });

  for (const prefix of API_PREFIXES) {
    for (const endpoint of IRE_ENDPOINTS) {
      app.post(`${prefix}${endpoint.path}`, async (request) => {
        const query = queryOf(request);
        const body = request.body as { items?: unknown } | undefined;
        stats.ireCalls++;
        if (Array.isArray(body?.items)) stats.itemsReceived += body.items.length;
        const result = engine.process(body, {
          mode: endpoint.mode,
          dataSource: query.sysparm_data_source,
          options: query.options,
          dryRun: endpoint.dryRun,
          forceItemError: faults.itemError,
        });
        config.logger?.debug(
          { route: endpoint.path, items: result.items.length, hasError: result.hasError },
          'servicenow simulator: IRE payload processed',
        );
        return { result };
      });
    }

    app.get(`${prefix}/table/:table`, async (request, reply) => {
      const { table } = request.params as { table: string };
      const params: TableQueryParams & { sysparm_no_count?: string } = queryOf(request);
      const base = baseUrl(request);
      const page = queryTable(cmdb, table, params, base);
      if (params.sysparm_no_count !== 'true') reply.header('X-Total-Count', page.total);
      reply.header('Link', linkHeader(new URL(request.url, base), page));
      return { result: page.result };
    });

    app.get(`${prefix}/table/:table/:sysId`, async (request, reply) => {
      const { table, sysId } = request.params as { table: string; sysId: string };
      if (!cmdb.hasTable(table)) throw simulatorErrors.CMDB_TABLE_UNKNOWN(table);
      const record = cmdb.get(sysId);
      if (!record || !cmdb.model.tablesReadThrough(table).has(record.sys_class_name)) {
        return reply
          .code(404)
          .send(failure('No Record found', "Record doesn't exist or ACL restricts the record retrieval"));
      }
      const options = renderOptions(queryOf(request), baseUrl(request));
      return { result: renderRecord(cmdb, record, options) };
    });
  }

  app.get('/_sim/stats', async () => snapshot());
  app.post('/_sim/faults', async (request, reply) => {
    const parsed = faultsBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ');
      return reply.code(400).send(failure('Invalid faults', detail));
    }
    faults.set(parsed.data);
    return faults.view();
  });
  app.get('/_sim/faults', async () => faults.view());
  app.post('/_sim/expire-tokens', async () => ({ expired: auth.expireTokens() }));
  app.post('/_sim/reset', async () => {
    cmdb.reset();
    return { reset: true };
  });
  app.get('/_sim/cmdb/summary', async () => cmdb.summary());

  function snapshot(): SimulatorStats {
    return { ...stats, byRoute: { ...stats.byRoute } };
  }

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  config.logger?.info({ url, dataSources: config.dataSources }, 'servicenow simulator listening');

  return {
    url,
    cmdb,
    setFaults: (next) => faults.set(next),
    faults: () => faults.view(),
    expireTokens: () => void auth.expireTokens(),
    stats: snapshot,
    resetStats: () => {
      stats = { requests: 0, ireCalls: 0, itemsReceived: 0, rateLimited: 0, byRoute: {} };
    },
    close: () => app.close(),
  };
}
