/**
 * Standalone simulator for the demo:
 *   node services/snyk-simulator/src/main.ts --port 18101 --seed 7 --orgs 3 --projects 60 --issues 2000 [--token X]
 * Prints one JSON line `{"url":…}` on stdout once listening; logs go to stderr; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { describeError } from '@sluice/errors';
import { createLogger } from '@sluice/logging';
import { z } from 'zod';
import { generateSnykDataset } from './generate.ts';
import { DEFAULT_TOKEN, startSnykSimulator } from './server.ts';

const count = z.coerce.number().int().min(0);
const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.coerce.number().int().default(1),
  orgs: count.default(2),
  projects: count.default(20),
  issues: count.default(200),
  token: z.array(z.string().min(1)).min(1).default([DEFAULT_TOKEN]),
  'rate-limit': z.coerce.number().int().min(1).default(1620),
});

const log = createLogger({ name: 'snyk-simulator', destination: process.stderr });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      orgs: { type: 'string' },
      projects: { type: 'string' },
      issues: { type: 'string' },
      token: { type: 'string', multiple: true },
      'rate-limit': { type: 'string' },
    },
    strict: true,
  });
  const parsed = configSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    log.error({ field: issue.path.join('.') }, `invalid option --${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const config = parsed.data;
  const dataset = generateSnykDataset({
    seed: config.seed,
    orgs: config.orgs,
    projects: config.projects,
    issues: config.issues,
  });
  const simulator = await startSnykSimulator({
    port: config.port,
    host: config.host,
    dataset,
    tokens: config.token.map((token) => ({ token })),
    rateLimitPerMinute: config['rate-limit'],
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  log.info({ url: simulator.url, ...dataset.summary(), byOrg: undefined }, 'snyk simulator listening');

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await simulator.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  log.error({ err: describeError(error) }, 'snyk simulator failed to start');
  process.exit(1);
});
