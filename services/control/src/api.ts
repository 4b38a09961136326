import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { configErrors, parseConfig } from '@sluice/config';
import { type Connection, connectionSchema } from '@sluice/connections';
import { SluiceError } from '@sluice/errors';
import type { Logger } from '@sluice/logging';
import type { ConnectionStore, RunBoard, RunView } from '@sluice/pipeline';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RunCoordinator } from './coordinator.ts';
import type { DeadLetterLog } from './dead-letters.ts';
import { controlErrors } from './errors.ts';
import { mergeEdit, plain, unmask } from './masking.ts';
import type { Scheduler } from './scheduler.ts';
import { testConnection } from './test-connection.ts';
import { connectionView, runDetail, runSummary } from './views.ts';

export interface ApiDependencies {
  readonly adminToken: () => string;
  readonly connections: ConnectionStore;
  readonly board: RunBoard;
  readonly coordinator: RunCoordinator;
  readonly scheduler: Scheduler;
  readonly deadLetters: DeadLetterLog;
  readonly logger: Logger;
  readonly uiDir: string;
  readonly clock: () => Date;
}

const COOKIE = 'sluice_session';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const runModeBody = z
  .object({ mode: z.enum(['auto', 'full', 'delta']).default('auto') })
  .default({ mode: 'auto' });
const runsQuery = z.object({
  connection: z.string().optional(),
  runId: z.string().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const lettersQuery = z.object({
  connection: z.string().optional(),
  runId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});
const sessionBody = z.object({ token: z.string().min(1) });

/** The zod error of a request part as a coded 400 that names the field. */
function validate<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : part;
  throw controlErrors.VALIDATION_FAILED.with({ details: { field } }, field, issue?.message ?? 'invalid');
}

/** A connection definition validated by the connection schema; the error names the first bad field. */
function validConnection(definition: unknown): Connection {
  try {
    return parseConfig(connectionSchema, definition, 'connection');
  } catch (error) {
    if (configErrors.CONFIG_INVALID.is(error)) {
      const problem = (error.details.problems as Array<{ field: string; message: string }> | undefined)?.[0];
      const field = problem?.field ?? '(root)';
      throw controlErrors.VALIDATION_FAILED.with(
        { details: { field } },
        field,
        problem?.message ?? error.message,
      );
    }
    throw error;
  }
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHmac('sha256', 'sluice').update(a).digest();
  const hb = createHmac('sha256', 'sluice').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function sessionValue(token: string): string {
  return createHmac('sha256', token).update('sluice-dashboard-session').digest('base64url');
}

function cookieOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

/**
 * The control API and the dashboard: connections (CRUD, apply, test), runs (run now, history), dead
 * letters, a live event stream, and the static dashboard. Every `/api` call needs the admin token, as a
 * bearer token or as the dashboard's session cookie.
 */
export function buildApi(deps: ApiDependencies): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
    if (error instanceof SluiceError) {
      const field = typeof error.details.field === 'string' ? { field: error.details.field } : {};
      return reply
        .code(error.statusCode ?? 500)
        .send({ error: { code: error.code, message: error.message, ...field } });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { code: 'BAD_REQUEST', message: error.message } });
    }
    deps.logger.error({ err: error }, 'control API error');
    return reply
      .code(500)
      .send({ error: { code: 'INTERNAL', message: 'internal error; see the control service log' } });
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/session')) return;
    const token = deps.adminToken();
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const cookie = cookieOf(request);
    const ok =
      (bearer !== undefined && sameSecret(bearer, token)) ||
      (cookie !== undefined && sameSecret(cookie, sessionValue(token)));
    if (!ok) throw controlErrors.UNAUTHORIZED();
  });

  const viewOf = (connection: Connection) =>
    connectionView(
      connection,
      deps.board.list().filter((v) => v.connectionId === connection.name),
      deps.scheduler.nextRunAt(connection),
    );
  const stored = (name: string) => {
    const connection = deps.connections.get(name);
    if (!connection) throw controlErrors.CONNECTION_NOT_FOUND(name);
    return connection;
  };

  app.post('/api/session', async (request, reply) => {
    const { token } = validate(sessionBody, request.body, 'body');
    if (!sameSecret(token, deps.adminToken())) throw controlErrors.UNAUTHORIZED();
    reply.header('set-cookie', `${COOKIE}=${sessionValue(token)}; HttpOnly; Path=/; SameSite=Strict`);
    return reply.code(204).send();
  });
  app.delete('/api/session', async (_request, reply) => {
    reply.header('set-cookie', `${COOKIE}=; HttpOnly; Path=/; SameSite=Strict; Max-Age=0`);
    return reply.code(204).send();
  });

  app.get('/api/connections', async () =>
    deps.connections
      .list()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(viewOf),
  );
  app.get('/api/connections/:name', async (request) =>
    viewOf(stored((request.params as { name: string }).name)),
  );

  app.post('/api/connections', async (request, reply) => {
    const connection = validConnection(request.body);
    if (deps.connections.get(connection.name)) throw controlErrors.CONNECTION_EXISTS(connection.name);
    await deps.connections.put(connection, deps.clock());
    return reply.code(201).send(viewOf(connection));
  });

  /** Create or replace (what `sluice connections apply` sends): idempotent, unchanged when equal. */
  app.put('/api/connections/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const body = validate(z.record(z.string(), z.unknown()), request.body, 'body');
    if (body.name !== undefined && body.name !== name)
      throw controlErrors.VALIDATION_FAILED.with(
        { details: { field: 'name' } },
        'name',
        `must be ${name}, as in the URL`,
      );
    const previous = deps.connections.get(name);
    const connection = validConnection(unmask({ ...body, name }, previous ? plain(previous) : undefined));
    const changed = !previous || JSON.stringify(plain(previous)) !== JSON.stringify(plain(connection));
    if (changed) await deps.connections.put(connection, deps.clock());
    return reply.code(previous ? 200 : 201).send({ ...viewOf(connection), changed });
  });

  app.patch('/api/connections/:name', async (request) => {
    const { name } = request.params as { name: string };
    const previous = stored(name);
    const edit = validate(z.record(z.string(), z.unknown()), request.body, 'body');
    if (edit.name !== undefined && edit.name !== name)
      throw controlErrors.VALIDATION_FAILED.with(
        { details: { field: 'name' } },
        'name',
        'a connection cannot be renamed',
      );
    if (edit.type !== undefined && edit.type !== previous.type)
      throw controlErrors.VALIDATION_FAILED.with(
        { details: { field: 'type' } },
        'type',
        'the connector type cannot change',
      );
    const connection = validConnection(mergeEdit(plain(previous), edit));
    await deps.connections.put(connection, deps.clock());
    return viewOf(connection);
  });

  app.delete('/api/connections/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    stored(name);
    await deps.connections.delete(name);
    return reply.code(204).send();
  });

  app.post('/api/connections/:name/test', async (request) =>
    testConnection(stored((request.params as { name: string }).name)),
  );

  app.post('/api/connections/:name/runs', async (request, reply) => {
    const { name } = request.params as { name: string };
    const { mode } = validate(runModeBody, request.body ?? {}, 'body');
    stored(name);
    const { runId, started } = await deps.coordinator.request(name, mode, 'manual');
    return reply.code(202).send({ runId, started });
  });

  app.get('/api/runs', async (request) => {
    const q = validate(runsQuery, request.query, 'query');
    const time = (v: RunView) => v.startedAt ?? v.requestedAt ?? '';
    return deps.board
      .list()
      .filter(
        (v) => (!q.connection || v.connectionId === q.connection) && (!q.runId || v.runId.includes(q.runId)),
      )
      .filter(
        (v) =>
          (!q.from || time(v) >= new Date(q.from).toISOString()) &&
          (!q.to || time(v) <= new Date(q.to).toISOString()),
      )
      .sort((a, b) => time(b).localeCompare(time(a)))
      .slice(0, q.limit)
      .map(runSummary);
  });

  app.get('/api/runs/:runId', async (request) => {
    const { runId } = request.params as { runId: string };
    const view = deps.board.get(runId);
    if (!view) throw controlErrors.RUN_NOT_FOUND(runId);
    return runDetail(view);
  });

  app.get('/api/dead-letters', async (request) => {
    const q = validate(lettersQuery, request.query, 'query');
    await deps.deadLetters.catchUp();
    return deps.deadLetters.list({
      ...(q.connection ? { connection: q.connection } : {}),
      ...(q.runId ? { runId: q.runId } : {}),
      limit: q.limit,
    });
  });

  /** Server-sent events: `run` on every run change, `connection` on every connection change. */
  app.get('/api/events', async (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': ok\n\n');
    const send = (event: string, data: unknown) =>
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const pending = new Map<string, RunView>();
    let flush: NodeJS.Timeout | undefined;
    const offRuns = deps.board.onEvent((view) => {
      pending.set(view.runId, view);
      flush ??= setTimeout(() => {
        flush = undefined;
        for (const v of pending.values()) {
          send('run', runSummary(v));
          const connection = deps.connections.get(v.connectionId);
          if (connection) send('connection', viewOf(connection));
        }
        pending.clear();
      }, 250);
    });
    const offConnections = deps.connections.onChange((name, entry) =>
      send('connection', entry ? viewOf(entry.connection) : { name, deleted: true }),
    );
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    request.raw.on('close', () => {
      offRuns();
      offConnections();
      clearInterval(keepAlive);
      if (flush) clearTimeout(flush);
    });
  });

  /** The dashboard's static files; anything else not under /api is the single page. */
  const serveUi = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = normalize(decodeURIComponent(request.url.split('?')[0] ?? '/')).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' || !extname(path) ? 'index.html' : path.slice(1);
    try {
      const body = await readFile(join(deps.uiDir, file));
      return reply
        .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', 'no-cache')
        .send(body);
    } catch {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no ${file}` } });
    }
  };
  app.get('/', serveUi);
  app.get('/*', async (request, reply) => {
    if (request.url.startsWith('/api/'))
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such API route' } });
    return serveUi(request, reply);
  });

  return app;
}
