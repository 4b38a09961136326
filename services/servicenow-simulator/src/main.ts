import { parseArgs } from 'node:util';
import { describeError } from '@sluice/errors';
import { createLogger } from '@sluice/logging';
import { startServiceNowSimulator } from './server.ts';

/**
 * `node services/servicenow-simulator/src/main.ts [--port 18104] [--host 127.0.0.1]
 *   [--data-source SG-Qualys --data-source ServiceNow] [--rate-limit 1000/3600] [--token-ttl 1800]`
 * Prints one JSON line `{"url":…}` on stdout when listening; logs go to stderr.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-source': { type: 'string', multiple: true },
    'rate-limit': { type: 'string' },
    'token-ttl': { type: 'string' },
  },
});

const logger = createLogger({ name: 'servicenow-simulator', destination: process.stderr });
const [limit, windowSec] = (values['rate-limit'] ?? '').split('/').map(Number);

try {
  const simulator = await startServiceNowSimulator({
    port: Number(values.port),
    host: values.host,
    ...(values['data-source'] ? { dataSources: values['data-source'] } : {}),
    ...(values['rate-limit']
      ? { rateLimit: { limit: limit ?? Number.NaN, windowSec: windowSec ?? 3600 } }
      : {}),
    ...(values['token-ttl'] ? { tokenTtlSec: Number(values['token-ttl']) } : {}),
    logger,
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'servicenow simulator stopping');
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.error({ err: describeError(error) }, 'servicenow simulator failed to start');
  process.exitCode = 1;
}
