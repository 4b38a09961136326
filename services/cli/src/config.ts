import { loadConfig } from '@sluice/config';
import { connectionSchema } from '@sluice/connections';
import { z } from 'zod';

/** The configuration file of `sluice run`: where Kafka is, and the connections. */
export const sluiceConfigSchema = z.object({
  kafka: z.object({
    brokers: z.array(z.string().min(1)).min(1),
    clientId: z.string().default('sluice'),
  }),
  schemaRegistry: z.object({ url: z.url() }),
  /** Partitions of the pipeline's topics, set when they are first created. */
  partitions: z.number().int().min(1).max(64).default(6),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  connections: z.array(connectionSchema).default([]),
});

export type SluiceConfig = z.output<typeof sluiceConfigSchema>;

/**
 * File, then `SLUICE_*` variables, then the well-known `KAFKA_BROKERS` and `SCHEMA_REGISTRY_URL`,
 * which point any command at an existing cluster.
 */
export function loadSluiceConfig(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SluiceConfig {
  const overrides: Record<string, unknown> = {};
  if (env.KAFKA_BROKERS) overrides.kafka = { brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()) };
  if (env.SCHEMA_REGISTRY_URL) overrides.schemaRegistry = { url: env.SCHEMA_REGISTRY_URL };
  return loadConfig(sluiceConfigSchema, { file, env, envPrefix: 'SLUICE_', overrides });
}
