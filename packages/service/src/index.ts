import { hostname } from 'node:os';
import { loadConfig } from '@sluice/config';
import { describeError } from '@sluice/errors';
import { createKafka, ensureTopics, type Kafka } from '@sluice/kafka';
import { createLogger, type Logger } from '@sluice/logging';
import { startObservabilityServer } from '@sluice/observability';
import { ConnectionStore, pipelineTopics } from '@sluice/pipeline';
import { z } from 'zod';

/** What every service reads from its environment; service-specific settings come on top. */
export const serviceEnvironmentSchema = z.object({
  KAFKA_BROKERS: z.string().min(1, 'KAFKA_BROKERS is required (host:port[,host:port])'),
  SCHEMA_REGISTRY_URL: z.url().optional(),
  /** Stable per replica (the pod name in Kubernetes): the transformer's transactional id derives from it. */
  INSTANCE_ID: z.string().min(1).default(hostname()),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLUICE_PARTITIONS: z.coerce.number().int().min(1).max(64).default(6),
});

export type ServiceEnvironment = z.output<typeof serviceEnvironmentSchema>;

export interface ServiceContext {
  readonly name: string;
  readonly env: ServiceEnvironment;
  readonly logger: Logger;
  readonly kafka: Kafka;
  /** The registry URL, required by the services that read or write Avro. */
  registryUrl(): string;
  /** The connections the control service keeps, read and followed; stopped with the service. */
  connections(): Promise<ConnectionStore>;
}

export interface RunningService {
  ready(): boolean;
  stop(): Promise<void>;
}

/**
 * The thin `main.ts` of every service: environment parsed once (an error names the variable), pipeline
 * topics ensured, `/healthz` `/readyz` `/metrics` served, SIGTERM and SIGINT stop it gracefully.
 */
export async function runService(
  name: string,
  start: (context: ServiceContext) => Promise<RunningService>,
): Promise<void> {
  let env: ServiceEnvironment;
  try {
    env = loadConfig(serviceEnvironmentSchema, {
      overrides: Object.fromEntries(
        Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''),
      ),
    });
  } catch (error) {
    process.stderr.write(`${name}: ${describeError(error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ name, level: env.LOG_LEVEL, base: { instance: env.INSTANCE_ID } });
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    clientId: `sluice-${name}`,
    logger,
  });
  let service: RunningService | undefined;
  let connections: ConnectionStore | undefined;
  const observability = await startObservabilityServer({
    service: name,
    host: env.METRICS_HOST,
    port: env.METRICS_PORT,
    ready: () => service?.ready() ?? false,
  });
  const context: ServiceContext = {
    name,
    env,
    logger,
    kafka,
    registryUrl: () => {
      if (!env.SCHEMA_REGISTRY_URL) {
        logger.fatal('SCHEMA_REGISTRY_URL is required by this service');
        process.exit(2);
      }
      return env.SCHEMA_REGISTRY_URL;
    },
    connections: async () => {
      if (!connections) {
        connections = new ConnectionStore({ kafka, name: `${name}-${env.INSTANCE_ID}`, logger });
        await connections.start();
      }
      return connections;
    },
  };
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    try {
      await service?.stop();
      await connections?.stop();
      await observability.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, `${name} did not stop cleanly`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await ensureTopics(kafka, pipelineTopics(env.SLUICE_PARTITIONS));
    service = await start(context);
    logger.info({ metrics: observability.url }, `${name} started`);
    process.stdout.write(`${JSON.stringify({ service: name, metrics: observability.url })}\n`);
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}
