/**
 * `npm run demo`: the whole pipeline on the built-in simulators, as separate services behind the control
 * service. It starts the local Kafka + schema registry (unless KAFKA_BROKERS / SCHEMA_REGISTRY_URL point
 * elsewhere), the four simulators with generated data, the six services, applies demo/connections.yaml,
 * runs both connectors, and prints the dashboard URL. Ctrl-C stops everything it started but the stack;
 * `npm run demo -- --exit` stops after the runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startEtmSimulator } from '@sluice/etm-simulator';
import { generateQualysDataset, startQualysSimulator } from '@sluice/qualys-simulator';
import { startServiceNowSimulator } from '@sluice/servicenow-simulator';
import { generateSnykDataset, startSnykSimulator } from '@sluice/snyk-simulator';
import { LocalStack, PROJECT_ROOT } from '../deploy/local/stack.ts';

const ADMIN_TOKEN = process.env.SLUICE_ADMIN_TOKEN ?? 'sluice-demo-admin-token';
const CONTROL_PORT = Number(process.env.CONTROL_PORT ?? 18080);
const SERVICES = [
  'transformer',
  'etm-sink',
  'cmdb-sink',
  'snyk-producer',
  'qualys-producer',
  'control',
] as const;
const exitAfterRuns = process.argv.includes('--exit');
const say = (line: string) => process.stdout.write(`\n▶ ${line}\n`);

async function cluster(): Promise<{ brokers: string; registry: string }> {
  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL)
    return { brokers: process.env.KAFKA_BROKERS, registry: process.env.SCHEMA_REGISTRY_URL };
  say('starting the local Kafka broker and schema registry (npm run stack -- up)');
  const status = await new LocalStack({
    home: join(PROJECT_ROOT, '.stack'),
    log: (l) => process.stdout.write(`  ${l}\n`),
  }).up();
  return { brokers: status.kafka, registry: status.schemaRegistry };
}

const { brokers, registry } = await cluster();
const snyk = await startSnykSimulator({
  port: 18101,
  dataset: generateSnykDataset({ seed: 7, orgs: 3, projects: 60, issues: 3000 }),
  tokens: [{ token: 'snyk-demo-token' }],
});
const etm = await startEtmSimulator({ port: 18102 });
const qualys = await startQualysSimulator({
  port: 18103,
  dataset: generateQualysDataset({ seed: 7, assets: 500 }),
});
const servicenow = await startServiceNowSimulator({ port: 18104 });
say(`simulators: Snyk ${snyk.url} · ETM ${etm.url} · Qualys ${qualys.url} · ServiceNow ${servicenow.url}`);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  KAFKA_BROKERS: brokers,
  SCHEMA_REGISTRY_URL: registry,
  SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
  SLUICE_CONTROL_URL: `http://127.0.0.1:${CONTROL_PORT}`,
  CONTROL_PORT: String(CONTROL_PORT),
  LOG_LEVEL: 'warn',
  SNYK_DEMO_TOKEN: 'snyk-demo-token',
  ETM_DEMO_PASSWORD: 'etm-sim-password',
  QUALYS_DEMO_PASSWORD: 'qualys-sim-password',
  SN_DEMO_PASSWORD: 'sn-sim-password',
};
const logs = join(PROJECT_ROOT, '.stack', 'demo-logs');
mkdirSync(logs, { recursive: true });
const children: ChildProcess[] = [];

async function startService(service: (typeof SERVICES)[number]): Promise<void> {
  const log = openSync(join(logs, `${service}.log`), 'a');
  const child = spawn(process.execPath, [resolve(PROJECT_ROOT, 'services', service, 'src', 'main.ts')], {
    env: { ...env, INSTANCE_ID: `demo-${service}` },
    stdio: ['ignore', 'pipe', log],
  });
  children.push(child);
  await new Promise<void>((ready, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"service"')) ready();
    });
    child.once('exit', (code) =>
      fail(new Error(`${service} exited with ${code}; see ${join(logs, `${service}.log`)}`)),
    );
  });
}

function sluice(args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(PROJECT_ROOT, 'services/cli/src/main.ts'), ...args], {
      stdio: 'inherit',
      env,
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function shutdown(code: number): Promise<never> {
  for (const child of children.reverse()) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)),
  );
  await Promise.all([snyk.close(), etm.close(), qualys.close(), servicenow.close()]);
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

say(`starting the services: ${SERVICES.join(', ')} (logs in ${logs})`);
await Promise.all(SERVICES.map(startService));

say('npm run sluice -- connections apply -f demo/connections.yaml');
let code = await sluice(['connections', 'apply', '-f', resolve(PROJECT_ROOT, 'demo/connections.yaml')]);
for (const name of ['snyk-demo', 'qualys-demo']) {
  say(`npm run sluice -- run ${name}      (through the control service)`);
  code ||= await sluice(['run', name]);
}
say('npm run sluice -- connections list');
await sluice(['connections', 'list']);
say(`dashboard: http://127.0.0.1:${CONTROL_PORT}/   admin token: ${ADMIN_TOKEN}`);
if (exitAfterRuns) await shutdown(code);
say(
  'the services keep running for the dashboard; Ctrl-C stops them (the Kafka stack stays: npm run stack -- down)',
);
