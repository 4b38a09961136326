import Fastify, { type FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Registry };

export interface ObservabilityOptions {
  readonly service: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Ready means able to do work now (connected to Kafka, state rebuilt); healthy only means alive. */
  readonly ready?: () => boolean | Promise<boolean>;
  readonly registry?: Registry;
}

export interface ObservabilityServer {
  readonly url: string;
  readonly registry: Registry;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** A metrics registry with the process defaults and a `service` label on every series. */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The small server every service starts: `/healthz`, `/readyz` and Prometheus `/metrics`. */
export async function startObservabilityServer(options: ObservabilityOptions): Promise<ObservabilityServer> {
  const registry = options.registry ?? createRegistry(options.service);
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok', service: options.service }));
  app.get('/readyz', async (_req, reply) => {
    const ready = options.ready ? await options.ready() : true;
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not-ready', service: options.service });
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { url, registry, app, close: () => app.close() };
}
