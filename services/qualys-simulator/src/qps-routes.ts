import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type SimulatorContext, sleep } from './context.ts';
import {
  countResponse,
  errorResponse,
  hostAssetResponse,
  parseServiceRequest,
  qpsCount,
  qpsPage,
  simpleReturn,
  withSingleItemLists,
} from './qps.ts';

export const QPS_SEARCH_ROUTE = '/qps/rest/2.0/search/am/hostasset';
export const QPS_COUNT_ROUTE = '/qps/rest/2.0/count/am/hostasset';

export const XML_TYPE = 'application/xml; charset=utf-8';

function basicUser(ctx: SimulatorContext, request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return ctx.users.find((u) => u.username === username && u.password === password)?.username;
}

function rawBody(body: unknown): string {
  if (typeof body === 'string') return body;
  return body === undefined || body === null ? '' : String(body);
}

/**
 * Runs a QPS call through Basic auth and the API limits. Concurrency is checked first (it wins when
 * both apply); a refused call gets 409 with a SIMPLE_RETURN body and is not counted against the rate.
 */
async function qpsCall(
  ctx: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  handle: () => unknown,
): Promise<unknown> {
  if (!basicUser(ctx, request)) {
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="Qualys API"')
      .type(XML_TYPE)
      .send(errorResponse('INVALID_CREDENTIALS', 'Bad Login/Password'));
  }
  const { limit, windowSec } = ctx.qpsLimits.config;
  const window = ctx.qpsLimits.window(route);
  const gate = ctx.qpsLimits.gate(route);
  const conflict = (code: 1960 | 1965, running: number, remaining: number, toWaitSec?: number) => {
    ctx.stats.conflicts409++;
    reply.header('X-RateLimit-Limit', String(limit));
    reply.header('X-RateLimit-Window-Sec', String(windowSec));
    reply.header('X-RateLimit-Remaining', String(remaining));
    reply.header('X-Concurrency-Limit-Limit', String(gate.limit));
    reply.header('X-Concurrency-Limit-Running', String(running));
    if (toWaitSec !== undefined) reply.header('X-RateLimit-ToWait-Sec', String(toWaitSec));
    const text =
      code === 1965
        ? `This API cannot be run again for another ${toWaitSec ?? 1} seconds.`
        : `This API cannot be run again until ${Math.max(1, running - gate.limit)} currently running instance has finished.`;
    return reply
      .code(409)
      .type(XML_TYPE)
      .send(simpleReturn(code, text, ctx.clock(), toWaitSec));
  };

  const injected = ctx.faults.qpsConflict();
  if (injected === 1960) return conflict(1960, gate.running + 1, window.remaining(), 1);
  if (injected === 1965) return conflict(1965, gate.running + 1, 0, 1);

  const running = gate.enter();
  if (running === undefined) return conflict(1960, gate.running + 1, window.remaining());
  try {
    const decision = window.take();
    if (!decision.allowed) return conflict(1965, running, 0, decision.toWaitSec);
    reply.header('X-RateLimit-Limit', String(limit));
    reply.header('X-RateLimit-Window-Sec', String(windowSec));
    reply.header('X-RateLimit-Remaining', String(decision.remaining));
    reply.header('X-Concurrency-Limit-Limit', String(gate.limit));
    reply.header('X-Concurrency-Limit-Running', String(running));
    await sleep(ctx.faults.current.latencyMs);
    return handle();
  } finally {
    gate.leave();
  }
}

export function registerQpsRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post(QPS_SEARCH_ROUTE, (request, reply) =>
    qpsCall(ctx, request, reply, QPS_SEARCH_ROUTE, () => {
      const serviceRequest = parseServiceRequest(rawBody(request.body));
      const page = qpsPage(ctx.dataset, serviceRequest);
      const single = ctx.faults.current.singleItemListsAsObject;
      const assets = page.assets.map((asset) => {
        const host = ctx.dataset.toHostAsset(asset);
        return single ? withSingleItemLists(host) : host;
      });
      return reply.type(XML_TYPE).send(hostAssetResponse({ assets, hasMoreRecords: page.hasMoreRecords }));
    }),
  );

  app.post(QPS_COUNT_ROUTE, (request, reply) =>
    qpsCall(ctx, request, reply, QPS_COUNT_ROUTE, () => {
      const serviceRequest = parseServiceRequest(rawBody(request.body));
      return reply.type(XML_TYPE).send(countResponse(qpsCount(ctx.dataset, serviceRequest)));
    }),
  );
}
