import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminRoutes, faultsBody } from './admin-routes.ts';
import { apiRoutes } from './api-routes.ts';
import { USER_FIRST_NAMES } from './catalog.ts';
import { SnykDataset } from './dataset.ts';
import { snykSimulatorErrors } from './errors.ts';
import { FaultInjector, type SnykFaults } from './faults.ts';
import { generateSnykDataset } from './generate.ts';
import { hashSeed, Prng } from './prng.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import type { SnykUser } from './resources.ts';
import type { Caller, SimulatorState } from './state.ts';
import { type SimulatorStats, StatsRecorder } from './stats.ts';

export interface SnykSimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `generateSnykDataset({ seed: 1, orgs: 2, projects: 20, issues: 200 })`. */
  dataset?: SnykDataset;
  /** Default `[{ token: 'snyk-sim-token' }]`; a token without `orgIds` sees every org. */
  tokens?: Array<{ token: string; orgIds?: string[] }>;
  /** Per token, per rolling minute; default 1620 (Snyk's documented limit). */
  rateLimitPerMinute?: number;
  faults?: Partial<SnykFaults>;
  /** Serve HTTPS with this key and certificate (PEM), for tests of the TLS checks. */
  https?: { key: string; cert: string };
}

export interface SnykSimulator {
  /** `http://127.0.0.1:PORT`; the REST base is `url + '/rest'`. */
  readonly url: string;
  /** Live: mutations are visible to the next request; `POST /_sim/generate` replaces it. */
  readonly dataset: SnykDataset;
  setFaults(faults: Partial<SnykFaults>): void;
  setRateLimit(perMinute: number): void;
  stats(): SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = 'snyk-sim-token';

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  dataset: z.instanceof(SnykDataset).optional(),
  tokens: z
    .array(z.strictObject({ token: z.string().min(1), orgIds: z.array(z.string().min(1)).optional() }))
    .min(1)
    .default([{ token: DEFAULT_TOKEN }]),
  rateLimitPerMinute: z.number().int().min(1).default(1620),
  faults: faultsBody.default({}),
  https: z.object({ key: z.string().min(1), cert: z.string().min(1) }).optional(),
});

function validated<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw snykSimulatorErrors.SIM_INVALID_INPUT(what, issue.path.join('.') || '(root)', issue.message);
}

/** The service-account user behind a token; the same token always gets the same user. */
function userFor(token: string): SnykUser {
  const rng = new Prng(hashSeed('user', token));
  const id = rng.uuid();
  const first = rng.pick(USER_FIRST_NAMES);
  const username = `sluice-${first.toLowerCase()}-${id.slice(0, 8)}`;
  return {
    id,
    type: 'user',
    attributes: { name: `${first} (service account)`, username, email: `${username}@example.com` },
  };
}

/** Starts the Snyk REST API simulator on 127.0.0.1 (a free port unless one is given). */
export async function startSnykSimulator(options: SnykSimulatorOptions = {}): Promise<SnykSimulator> {
  const config = validated(optionsSchema, options, 'simulator option');
  const callers = new Map<string, Caller>(
    config.tokens.map(({ token, orgIds }) => [
      token,
      { token, user: userFor(token), orgIds: orgIds === undefined ? undefined : new Set(orgIds) },
    ]),
  );
  const state: SimulatorState = {
    dataset: config.dataset ?? generateSnykDataset({ seed: 1, orgs: 2, projects: 20, issues: 200 }),
    callers,
    limiter: new SlidingWindowLimiter({ perMinute: config.rateLimitPerMinute }),
    faults: new FaultInjector(config.faults),
    stats: new StatsRecorder(),
  };

  const app = Fastify({
    logger: false,
    genReqId: () => randomUUID(),
    forceCloseConnections: true,
    ...(config.https ? { https: config.https } : {}),
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/rest')) {
      state.stats.request(`${request.method} ${request.routeOptions.url ?? '(unmatched)'}`);
    }
  });
  await app.register(apiRoutes(state), { prefix: '/rest' });
  await app.register(adminRoutes(state), { prefix: '/_sim' });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `${config.https ? 'https' : 'http'}://${host}:${port}`,
    get dataset() {
      return state.dataset;
    },
    setFaults: (faults) => state.faults.set(validated(faultsBody, faults, 'fault')),
    setRateLimit: (perMinute) =>
      state.limiter.setLimit(validated(z.number().int().min(1), perMinute, 'rate limit')),
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    close: () => app.close(),
  };
}
