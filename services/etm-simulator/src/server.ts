import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EtmStore, type Json } from './store.ts';
import { elementProblem } from './validate.ts';

export interface EtmFaults {
  /** Statuses answered to the next push requests in order (e.g. [429, 503]) before normal service. */
  failNextPushes: number[];
  /** externalAssetId → reason: those elements are rejected in a 207. */
  rejectAssets: Record<string, string>;
  /** Share of push requests answered 429 / 503 at random. */
  rate429: number;
  rate5xx: number;
  seed: number;
}

export interface EtmSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly users?: ReadonlyArray<{ username: string; password: string }>;
  readonly connectors?: ReadonlyArray<string>;
  readonly tokenTtlMs?: number;
  readonly faults?: Partial<EtmFaults>;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly https?: { key: string; cert: string };
}

export interface EtmStats {
  requests: number;
  auth: number;
  pushes: number;
  accepted: number;
  rejected: number;
  replays: number;
  rateLimited: number;
  serverErrors: number;
  unauthorized: number;
  byStatus: Record<string, number>;
}

export interface EtmSimulator {
  readonly url: string;
  readonly store: EtmStore;
  readonly connectors: ReadonlyArray<string>;
  setFaults(faults: Partial<EtmFaults>): void;
  expireTokens(): void;
  inventory(source?: string): Array<{ asset: Json; findings: Json[] }>;
  stats(): EtmStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEFAULT_CONNECTOR = '5f1c0000-0000-4000-8000-00000000e7e1';
const MAX_ELEMENTS = 100;
const MAX_BODY = 5 * 1024 * 1024;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function jwt(subject: string, ttlMs: number): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: subject, iat: now, exp: now + Math.floor(ttlMs / 1000), jti: randomUUID() })}.${randomBytes(24).toString('base64url')}`;
}

const faultsSchema = z
  .object({
    failNextPushes: z.array(z.number().int().min(400).max(599)),
    rejectAssets: z.record(z.string(), z.string()),
    rate429: z.number().min(0).max(1),
    rate5xx: z.number().min(0).max(1),
    seed: z.number().int(),
  })
  .partial();

/**
 * A Qualys ETM connector push endpoint that behaves as spec/etm-ingest-api.md says: JWT auth with
 * expiry, upserts by externalAssetId / externalFindingId, 207 partial rejections, 413 above 100
 * elements or 5 MB, 429 with Retry-After, idempotency per requestId, and the inventory read-back.
 */
export async function startEtmSimulator(options: EtmSimulatorOptions = {}): Promise<EtmSimulator> {
  const users = options.users ?? [{ username: 'etm-sim', password: 'etm-sim-password' }];
  const connectors = [...(options.connectors ?? [DEFAULT_CONNECTOR])];
  const ttl = options.tokenTtlMs ?? 4 * 3600_000;
  const store = new EtmStore();
  const tokens = new Map<string, number>();
  const replies = new Map<string, { status: number; body: Json }>();
  let faults: EtmFaults = {
    failNextPushes: [],
    rejectAssets: {},
    rate429: 0,
    rate5xx: 0,
    seed: 1,
    ...options.faults,
  };
  let random = mulberry32(faults.seed);
  const fresh = (): EtmStats => ({
    requests: 0,
    auth: 0,
    pushes: 0,
    accepted: 0,
    rejected: 0,
    replays: 0,
    rateLimited: 0,
    serverErrors: 0,
    unauthorized: 0,
    byStatus: {},
  });
  let stats = fresh();

  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addHook('onResponse', async (req, reply) => {
    if (req.url.startsWith('/_sim')) return;
    stats.byStatus[reply.statusCode] = (stats.byStatus[reply.statusCode] ?? 0) + 1;
  });
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _req, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply
        .code(413)
        .send({ responseCode: 'PAYLOAD_TOO_LARGE', message: 'request body exceeds 5 MB' });
    if (error.statusCode && error.statusCode < 500)
      return reply.code(400).send({ responseCode: 'INVALID_REQUEST', message: error.message });
    return reply.code(500).send({ responseCode: 'INTERNAL_ERROR', message: 'internal error' });
  });
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/_sim')) stats.requests++;
  });

  app.post('/auth', async (req: FastifyRequest, reply: FastifyReply) => {
    stats.auth++;
    const form = (req.body ?? {}) as Record<string, string>;
    const user = users.find((u) => u.username === form.username && u.password === form.password);
    if (!user)
      return reply
        .code(401)
        .type('application/json')
        .send({ responseCode: 'UNAUTHORIZED', message: 'Invalid username or password' });
    const token = jwt(user.username, ttl);
    tokens.set(token, Date.now() + ttl);
    return reply.code(201).type('text/plain').send(token);
  });

  app.post('/rest/2.0/am/connector/asset/data/sync', async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const expires = token ? tokens.get(token) : undefined;
    if (!expires || expires < Date.now()) {
      stats.unauthorized++;
      return reply
        .code(401)
        .send({ responseCode: 'UNAUTHORIZED', message: 'token missing, unknown or expired' });
    }
    const forced = faults.failNextPushes.shift();
    const status = forced ?? (random() < faults.rate429 ? 429 : random() < faults.rate5xx ? 503 : undefined);
    if (status === 429) {
      stats.rateLimited++;
      return reply
        .code(429)
        .header('retry-after', '1')
        .header('x-ratelimit-towait-sec', '1')
        .send({ responseCode: 'RATE_LIMITED', message: 'too many requests' });
    }
    if (status !== undefined) {
      stats.serverErrors++;
      return reply.code(status).send({ responseCode: 'SERVICE_UNAVAILABLE', message: 'try again later' });
    }
    const body = req.body as Json | undefined;
    const meta = body?.connectorMetaData as Json | undefined;
    const data = body?.assetData;
    if (
      !meta ||
      typeof meta.connectorUuid !== 'string' ||
      typeof meta.requestId !== 'string' ||
      meta.requestId === ''
    ) {
      return reply.code(400).send({
        responseCode: 'INVALID_REQUEST',
        message: 'connectorMetaData.connectorUuid and connectorMetaData.requestId are required',
      });
    }
    if (!Array.isArray(data))
      return reply.code(400).send({ responseCode: 'INVALID_REQUEST', message: 'assetData must be an array' });
    if (data.length > MAX_ELEMENTS)
      return reply
        .code(413)
        .send({ responseCode: 'PAYLOAD_TOO_LARGE', message: `at most ${MAX_ELEMENTS} elements per request` });
    if (meta.assetCount !== undefined && meta.assetCount !== data.length) {
      return reply.code(400).send({
        responseCode: 'INVALID_REQUEST',
        message: `connectorMetaData.assetCount is ${meta.assetCount} but assetData has ${data.length} elements`,
      });
    }
    if (!connectors.includes(meta.connectorUuid))
      return reply
        .code(404)
        .send({ responseCode: 'NOT_FOUND', message: `unknown connector ${meta.connectorUuid}` });
    const replayKey = `${meta.connectorUuid}/${meta.requestId}`;
    const previous = replies.get(replayKey);
    if (previous) {
      stats.replays++;
      return reply.code(previous.status).send(previous.body);
    }
    stats.pushes++;
    const assets = store.assets(meta.connectorUuid);
    const assetsError: Record<string, string> = {};
    for (const [i, element] of data.entries()) {
      const id = ((element as Json)?.asset as Json | undefined)?.assetHeader as Json | undefined;
      const key = typeof id?.externalAssetId === 'string' ? id.externalAssetId : `assetData[${i}]`;
      const problem =
        elementProblem(element, (externalAssetId) => !assets.has(externalAssetId)) ??
        faults.rejectAssets[key];
      if (problem) {
        assetsError[key] = problem;
        stats.rejected++;
        continue;
      }
      store.apply(meta.connectorUuid, element as Parameters<EtmStore['apply']>[1]);
      stats.accepted++;
    }
    const rejected = Object.keys(assetsError).length;
    const answer =
      rejected === 0
        ? {
            status: 200,
            body: {
              responseCode: 'SUCCESSFULLY_PUBLISHED',
              message: 'All assets are submitted for processing',
              assetsError: {},
            },
          }
        : {
            status: 207,
            body: {
              responseCode: 'PARTIALLY_PUBLISHED',
              message: `${rejected} of ${data.length} assets were rejected`,
              assetsError,
            },
          };
    replies.set(replayKey, answer);
    return reply.code(answer.status).send(answer.body);
  });

  app.get('/etm/inventory', async (req: FastifyRequest) => {
    const query = req.query as { source?: string; connectorUuid?: string };
    return {
      assets: store.inventory({
        ...(query.source ? { source: query.source } : {}),
        ...(query.connectorUuid ? { connectorUuid: query.connectorUuid } : {}),
      }),
    };
  });

  app.get('/_sim/stats', async () => stats);
  app.post('/_sim/faults', async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = faultsSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message}` });
    }
    simulator.setFaults(parsed.data as Partial<EtmFaults>);
    return { faults };
  });
  app.post('/_sim/expire-tokens', async () => {
    simulator.expireTokens();
    return { expired: true };
  });
  app.post('/_sim/reset', async () => {
    store.clear();
    replies.clear();
    stats = fresh();
    return { reset: true };
  });

  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const simulator: EtmSimulator = {
    url: address,
    store,
    connectors,
    setFaults(next) {
      faults = { ...faults, ...next };
      if (next.seed !== undefined) random = mulberry32(next.seed);
    },
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    inventory: (source) => store.inventory(source ? { source } : {}),
    stats: () => structuredClone(stats),
    resetStats() {
      stats = fresh();
    },
    close: () => app.close(),
  };
  return simulator;
}
