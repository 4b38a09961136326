/** Runs the ETM simulator standalone: `node services/etm-simulator/src/main.ts --port 18102 [--host 127.0.0.1]`. */
import { parseArgs } from 'node:util';
import { startEtmSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    connector: { type: 'string', multiple: true },
  },
});
const simulator = await startEtmSimulator({
  port: Number(values.port),
  host: values.host,
  ...(values.connector ? { connectors: values.connector } : {}),
});
process.stdout.write(`${JSON.stringify({ url: simulator.url, connectors: simulator.connectors })}\n`);
const stop = () => void simulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
