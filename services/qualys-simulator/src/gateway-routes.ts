import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { QualysAsset } from './asset.ts';
import { type SimulatorContext, sleep } from './context.ts';
import {
  type AssetPredicate,
  compileFilter,
  countMatching,
  DEFAULT_PAGE_SIZE,
  fieldSelector,
  MAX_PAGE_SIZE,
  searchPage,
} from './gav.ts';
import { parseOrThrow } from './validation.ts';

export const GAV_SEARCH_ROUTE = '/rest/2.0/search/am/asset';
export const GAV_COUNT_ROUTE = '/rest/2.0/count/am/asset';

const authFormSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  token: z.literal('true', { error: 'must be "true"' }),
});

const searchQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  lastSeenAssetId: z.coerce.number().int().min(0).default(0),
  includeFields: z.string().optional(),
  excludeFields: z.string().optional(),
  assetLastUpdated: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: 'must be an ISO 8601 date' })
    .optional(),
});

function formBody(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return typeof body === 'object' && body !== null ? (body as Record<string, string>) : {};
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

function rateHeaders(reply: FastifyReply, limit: number, remaining: number, windowSec: number): void {
  reply.header('X-RateLimit-Limit', String(limit));
  reply.header('X-RateLimit-Remaining', String(remaining));
  reply.header('X-RateLimit-Window-Sec', String(windowSec));
}

/**
 * Runs a gateway data call through what the gateway checks first: the JWT, injected throttling,
 * the rolling rate window and (when configured) the concurrency limit, all answered 429.
 */
async function gatewayCall(
  ctx: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  handle: () => unknown,
): Promise<unknown> {
  const token = bearer(request);
  if (!token || !ctx.tokens.verify(token)) {
    return reply.code(401).send({ responseCode: 'FAILED', responseMessage: 'Invalid or expired token' });
  }
  const { limit, windowSec, concurrency } = ctx.gatewayLimits.config;
  const throttled = (toWaitSec: number, remaining: number) => {
    ctx.stats.rateLimited429++;
    rateHeaders(reply, limit, remaining, windowSec);
    reply.header('X-RateLimit-ToWait-Sec', String(toWaitSec));
    return reply.code(429).send({
      responseCode: 'FAILED',
      responseMessage: `API rate limit exceeded; retry after ${toWaitSec} seconds`,
    });
  };
  const window = ctx.gatewayLimits.window(route);
  if (ctx.faults.gatewayThrottled()) return throttled(1, window.remaining());
  const decision = window.take();
  if (!decision.allowed) return throttled(decision.toWaitSec, 0);
  rateHeaders(reply, limit, decision.remaining, windowSec);
  const gate = ctx.gatewayLimits.gate(route);
  if (concurrency !== undefined) reply.header('X-ConcurrencyLimit-Limit', String(concurrency));
  if (gate.enter() === undefined) return throttled(1, decision.remaining);
  try {
    await sleep(ctx.faults.current.latencyMs);
    return handle();
  } finally {
    gate.leave();
  }
}

function predicateFor(body: unknown, assetLastUpdated: string | undefined): AssetPredicate {
  const matches = compileFilter(body);
  if (assetLastUpdated === undefined) return matches;
  const since = Date.parse(assetLastUpdated);
  return (asset: QualysAsset) => Date.parse(asset.lastModifiedDate) >= since && matches(asset);
}

export function registerGatewayRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post('/auth', async (request, reply) => {
    ctx.stats.auth++;
    const form = parseOrThrow(authFormSchema, formBody(request.body));
    const user = ctx.users.find((u) => u.username === form.username && u.password === form.password);
    if (!user) return reply.code(401).type('text/plain; charset=utf-8').send('Authentication Failure');
    return reply.code(201).type('text/plain; charset=utf-8').send(ctx.tokens.issue(user.username));
  });

  app.post(GAV_SEARCH_ROUTE, (request, reply) =>
    gatewayCall(ctx, request, reply, GAV_SEARCH_ROUTE, () => {
      const query = parseOrThrow(searchQuerySchema, request.query);
      const select = fieldSelector(query.includeFields, query.excludeFields);
      const matches = predicateFor(request.body, query.assetLastUpdated);
      const page = searchPage(ctx.dataset, { ...query, matches });
      const quirk = ctx.faults.current.emptyPageWithHasMore;
      const cursorKey = (cursor: number) =>
        `${JSON.stringify(request.body ?? {})}|${query.assetLastUpdated ?? ''}|${cursor}`;
      const last = page.assets.at(-1);
      if (!last) {
        const key = cursorKey(query.lastSeenAssetId);
        if (quirk && query.lastSeenAssetId > 0 && !ctx.emptyPagesServed.has(key)) {
          ctx.emptyPagesServed.add(key);
          return reply.send({
            responseCode: 'SUCCESS',
            responseMessage: 'Valid API Access',
            count: 0,
            hasMore: 1,
            lastSeenAssetId: query.lastSeenAssetId,
            assetListData: { asset: [] },
          });
        }
        return reply.code(204).send();
      }
      // The quirk claims more after the real last page; a new pull to this point sees it again.
      if (quirk && !page.hasMore) ctx.emptyPagesServed.delete(cursorKey(last.assetId));
      return reply.send({
        responseCode: 'SUCCESS',
        responseMessage: 'Valid API Access',
        count: page.assets.length,
        hasMore: page.hasMore || quirk ? 1 : 0,
        lastSeenAssetId: last.assetId,
        assetListData: { asset: page.assets.map((asset) => select(ctx.faults.servedGavAsset(asset))) },
      });
    }),
  );

  app.post(GAV_COUNT_ROUTE, (request, reply) =>
    gatewayCall(ctx, request, reply, GAV_COUNT_ROUTE, () => {
      const query = parseOrThrow(searchQuerySchema.pick({ assetLastUpdated: true }), request.query);
      const count = countMatching(ctx.dataset, predicateFor(request.body, query.assetLastUpdated));
      return reply.send({ responseCode: 'SUCCESS', count });
    }),
  );
}
