import type { AddressInfo } from 'node:net';
import { SluiceError } from '@sluice/errors';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin-routes.ts';
import { ApiLimits, emptyStats, type SimulatorContext, type SimulatorStats, type User } from './context.ts';
import type { QualysDataset } from './dataset.ts';
import { simulatorErrors } from './errors.ts';
import { FaultInjector, type QualysFaults } from './faults.ts';
import { registerGatewayRoutes } from './gateway-routes.ts';
import { generateQualysDataset } from './generate.ts';
import { TokenIssuer } from './jwt.ts';
import { errorResponse } from './qps.ts';
import { registerQpsRoutes, XML_TYPE } from './qps-routes.ts';

export type { QualysFaults } from './faults.ts';

export interface QualysSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only loopback by default. */
  host?: string;
  /** Default: `generateQualysDataset({ seed: 1, assets: 50 })`. */
  dataset?: QualysDataset;
  /** Default: `[{ username: 'qualys-sim', password: 'qualys-sim-password' }]`; shared by JWT and Basic auth. */
  users?: Array<{ username: string; password: string }>;
  /** Default 4 h, as the real gateway. */
  jwtTtlMs?: number;
  /** Per gateway endpoint; default 1000 calls per 60 s and no concurrency limit. Over it → 429. */
  gatewayRateLimit?: { limit: number; windowSec: number; concurrency?: number };
  /** Per QPS endpoint; default the standard tier: 300 per 3600 s, 2 at once. Over it → 409. */
  qpsRateLimit?: { limit: number; windowSec: number; concurrency: number };
  faults?: Partial<QualysFaults>;
  clock?: () => Date;
}

export type QualysSimulatorStats = SimulatorStats;

export interface QualysSimulator {
  /** `http://127.0.0.1:PORT`: serves the gateway paths (`/auth`, `/rest/2.0/…`) and QPS (`/qps/rest/2.0/…`). */
  readonly url: string;
  readonly dataset: QualysDataset;
  setFaults(faults: Partial<QualysFaults>): void;
  /** Every issued JWT becomes invalid (401), to test renewal. */
  expireTokens(): void;
  stats(): QualysSimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEFAULT_USERS: ReadonlyArray<User> = [
  { username: 'qualys-sim', password: 'qualys-sim-password' },
];
export const DEFAULT_JWT_TTL_MS = 4 * 60 * 60 * 1000;
export const DEFAULT_GATEWAY_RATE_LIMIT: NonNullable<QualysSimulatorOptions['gatewayRateLimit']> = {
  limit: 1000,
  windowSec: 60,
};
export const DEFAULT_QPS_RATE_LIMIT = { limit: 300, windowSec: 3600, concurrency: 2 };

function positive(value: number, name: string, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw simulatorErrors.QUALYS_SIM_INVALID_REQUEST(
      name,
      `must be a ${allowZero ? 'non-negative' : 'positive'} number`,
    );
  }
  return value;
}

/** Bodies arrive as what each API expects: JSON parsed, XML as text, forms as a record. */
function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(simulatorErrors.QUALYS_SIM_INVALID_REQUEST('(body)', 'malformed JSON'), undefined);
    }
  });
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, String(body)),
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, String(body)));
}

/** Errors answer in each API's own dialect: QPS XML, gateway JSON envelope, admin JSON with the field. */
function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SluiceError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    const message = status === 500 ? 'internal error' : error.message;
    if (status === 500) request.log.error({ err: error }, 'unexpected simulator error');
    if (request.url.startsWith('/qps/')) {
      return reply
        .code(status)
        .type(XML_TYPE)
        .send(errorResponse(status === 400 ? 'INVALID_REQUEST' : 'INTERNAL_ERROR', message));
    }
    if (request.url.startsWith('/_sim')) {
      const field = error instanceof SluiceError ? error.details.field : undefined;
      return reply.code(status).send({ error: error.code ?? 'ERROR', message, ...(field ? { field } : {}) });
    }
    return reply.code(status).send({ responseCode: 'FAILED', responseMessage: message });
  });
}

/** Starts the simulator on loopback; resolves once it is listening. */
export async function startQualysSimulator(options: QualysSimulatorOptions = {}): Promise<QualysSimulator> {
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const gatewayLimit = options.gatewayRateLimit ?? DEFAULT_GATEWAY_RATE_LIMIT;
  const qpsLimit = options.qpsRateLimit ?? DEFAULT_QPS_RATE_LIMIT;
  const ctx: SimulatorContext = {
    dataset: options.dataset ?? generateQualysDataset({ seed: 1, assets: 50, clock }),
    faults: new FaultInjector(options.faults),
    tokens: new TokenIssuer(positive(options.jwtTtlMs ?? DEFAULT_JWT_TTL_MS, 'jwtTtlMs'), now),
    users: options.users ?? DEFAULT_USERS,
    clock,
    gatewayLimits: new ApiLimits(
      {
        limit: positive(gatewayLimit.limit, 'gatewayRateLimit.limit', true),
        windowSec: positive(gatewayLimit.windowSec, 'gatewayRateLimit.windowSec'),
        concurrency: gatewayLimit.concurrency,
      },
      now,
    ),
    qpsLimits: new ApiLimits(
      {
        limit: positive(qpsLimit.limit, 'qpsRateLimit.limit', true),
        windowSec: positive(qpsLimit.windowSec, 'qpsRateLimit.windowSec'),
        concurrency: positive(qpsLimit.concurrency, 'qpsRateLimit.concurrency', true),
      },
      now,
    ),
    stats: emptyStats(),
    emptyPagesServed: new Set(),
  };

  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  registerBodyParsers(app);
  registerErrorHandler(app);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/_sim')) return;
    ctx.stats.requests++;
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    ctx.stats.byRoute[route] = (ctx.stats.byRoute[route] ?? 0) + 1;
  });
  registerGatewayRoutes(app, ctx);
  registerQpsRoutes(app, ctx);
  registerAdminRoutes(app, ctx);

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    dataset: ctx.dataset,
    setFaults: (faults) => {
      ctx.faults.set(faults);
      ctx.emptyPagesServed.clear();
    },
    expireTokens: () => ctx.tokens.expireAll(),
    stats: () => structuredClone(ctx.stats),
    resetStats: () => {
      ctx.stats = emptyStats();
    },
    close: () => app.close(),
  };
}
