import { parseArgs } from 'node:util';
import { describeError } from '@sluice/errors';
import { createLogger } from '@sluice/logging';
import { z } from 'zod';
import { generateQualysDataset } from './generate.ts';
import { startQualysSimulator } from './server.ts';
import { parseOrThrow } from './validation.ts';

/** Command line, e.g. `--port 18103 --seed 7 --assets 500`; flags override `QUALYS_SIM_*` variables. */
const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(0),
  host: z.string().default('127.0.0.1'),
  seed: z.coerce.number().int().default(1),
  assets: z.coerce.number().int().min(0).max(200_000).default(50),
});

const logger = createLogger({ name: 'qualys-simulator', destination: process.stderr });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      assets: { type: 'string' },
    },
  });
  const env = process.env;
  const config = parseOrThrow(configSchema, {
    port: values.port ?? env.QUALYS_SIM_PORT,
    host: values.host ?? env.QUALYS_SIM_HOST,
    seed: values.seed ?? env.QUALYS_SIM_SEED,
    assets: values.assets ?? env.QUALYS_SIM_ASSETS,
  });
  const simulator = await startQualysSimulator({
    port: config.port,
    host: config.host,
    dataset: generateQualysDataset({ seed: config.seed, assets: config.assets }),
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  logger.info({ url: simulator.url, seed: config.seed, assets: config.assets }, 'qualys simulator listening');

  const stop = (signal: string) => {
    logger.info({ signal }, 'qualys simulator stopping');
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  logger.error({ error: describeError(error) }, 'qualys simulator failed to start');
  process.exit(1);
});
