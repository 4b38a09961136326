/**
 * `npm run demo`: the whole pipeline on the built-in simulators. Starts the local Kafka + schema
 * registry (unless KAFKA_BROKERS / SCHEMA_REGISTRY_URL point elsewhere), the Snyk and ETM simulators with
 * a generated data set, then runs the connection twice with `sluice run --once`: a full run, and a delta
 * run after random changes in Snyk.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startEtmSimulator } from '@sluice/etm-simulator';
import { generateSnykDataset, startSnykSimulator } from '@sluice/snyk-simulator';
import { LocalStack, PROJECT_ROOT } from '../deploy/local/stack.ts';

const SNYK_TOKEN = 'snyk-demo-token';
const say = (line: string) => process.stdout.write(`\n▶ ${line}\n`);

async function cluster(): Promise<{ brokers: string; registry: string }> {
  if (process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL) {
    return { brokers: process.env.KAFKA_BROKERS, registry: process.env.SCHEMA_REGISTRY_URL };
  }
  say('starting the local Kafka broker and schema registry (npm run stack -- up)');
  const status = await new LocalStack({
    home: join(PROJECT_ROOT, '.stack'),
    log: (l) => process.stdout.write(`  ${l}\n`),
  }).up();
  return { brokers: status.kafka, registry: status.schemaRegistry };
}

function sluice(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(PROJECT_ROOT, 'services/cli/src/main.ts'), ...args], {
      stdio: 'inherit',
      env,
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

const { brokers, registry } = await cluster();
const dataset = generateSnykDataset({ seed: 7, orgs: 3, projects: 60, issues: 3000 });
const snyk = await startSnykSimulator({ port: 18101, dataset, tokens: [{ token: SNYK_TOKEN }] });
const etm = await startEtmSimulator({ port: 18102 });
say(
  `Snyk simulator ${snyk.url}: ${dataset.orgs.length} orgs, ${dataset.projects.length} projects, ${dataset.issues.length} issues`,
);
say(`ETM simulator ${etm.url}`);

const env = {
  ...process.env,
  KAFKA_BROKERS: brokers,
  SCHEMA_REGISTRY_URL: registry,
  SNYK_DEMO_TOKEN: SNYK_TOKEN,
  ETM_DEMO_PASSWORD: 'etm-sim-password',
};
const config = resolve(PROJECT_ROOT, 'demo/connections.yaml');
let code = 0;
try {
  say('sluice run snyk-demo --config demo/connections.yaml --once --full');
  code ||= await sluice(['run', 'snyk-demo', '--config', config, '--once', '--full'], env);
  const changes = dataset.mutateRandomly(40, 11);
  const byAction = changes.reduce<Record<string, number>>(
    (acc, c) => ({ ...acc, [c.action]: (acc[c.action] ?? 0) + 1 }),
    {},
  );
  say(`changed Snyk between runs: ${JSON.stringify(byAction)}`);
  say('sluice run snyk-demo --config demo/connections.yaml --once   (a delta run: only what changed)');
  code ||= await sluice(['run', 'snyk-demo', '--config', config, '--once'], env);
  const inventory = etm.inventory('Snyk');
  const findings = inventory.flatMap((a) => a.findings);
  const by = (values: unknown[]) =>
    values.reduce<Record<string, number>>(
      (acc, v) => ({ ...acc, [String(v)]: (acc[String(v)] ?? 0) + 1 }),
      {},
    );
  say(
    `ETM now holds ${inventory.length} assets ${JSON.stringify(by(inventory.map((a) => (a.asset.assetHeader as { status: string }).status)))} and ${findings.length} findings ${JSON.stringify(by(findings.map((f) => f.findingStatus)))}`,
  );
  say(`the stack keeps running for the next demo; stop it with: npm run stack -- down`);
} finally {
  await snyk.close();
  await etm.close();
}
process.exit(code);
