/**
 * A broker restart in the middle of a run: the producer waits for Kafka instead of failing, the
 * transformer and the sink reconnect, and the run completes with nothing lost or doubled in ETM.
 * Runs only against the project's own local stack, which it restarts.
 */
import { join } from 'node:path';
import { AllInOne, sluiceConfigSchema } from '@sluice/cli';
import { type EtmSimulator, startEtmSimulator } from '@sluice/etm-simulator';
import { createLogger } from '@sluice/logging';
import {
  generateSnykDataset,
  NON_OSS_PROJECT_TYPES,
  type SnykSimulator,
  startSnykSimulator,
} from '@sluice/snyk-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStack, PROJECT_ROOT } from '../../deploy/local/stack.ts';
import { cluster, eventually } from '../harness/cluster.ts';

const ownStack = !process.env.KAFKA_BROKERS;
process.env.RESTART_SNYK_TOKEN = 'restart-token-0001';
process.env.RESTART_ETM_PASSWORD = 'etm-sim-password';

let snyk: SnykSimulator;
let etm: EtmSimulator;
let pipeline: AllInOne;

beforeAll(async () => {
  if (!ownStack) return;
  snyk = await startSnykSimulator({
    dataset: generateSnykDataset({ seed: 11, orgs: 2, projects: 40, issues: 4000 }),
    tokens: [{ token: 'restart-token-0001' }],
  });
  etm = await startEtmSimulator();
  const { brokers, registryUrl } = cluster();
  pipeline = new AllInOne({
    config: sluiceConfigSchema.parse({
      kafka: { brokers },
      schemaRegistry: { url: registryUrl },
      partitions: 3,
      connections: [
        {
          name: 'snyk-restart',
          type: 'snyk-etm',
          snyk: {
            apiUrl: snyk.url,
            appUrl: 'https://app.snyk.io',
            token: '${RESTART_SNYK_TOKEN}',
            pageSize: 10,
            rateLimitPerMinute: 1620,
          },
          etm: {
            apiUrl: etm.url,
            username: 'etm-sim',
            password: '${RESTART_ETM_PASSWORD}',
            connectorUuid: '5f1c0000-0000-4000-8000-00000000e7e1',
          },
        },
      ],
    }),
    logger: createLogger({
      name: 'restart-test',
      level: (process.env.RESTART_LOG_LEVEL ?? 'fatal') as 'fatal',
    }),
    instanceId: 'restart',
  });
  await pipeline.start();
});

afterAll(async () => {
  await pipeline?.stop();
  await Promise.all([snyk?.close(), etm?.close()]);
});

describe.runIf(ownStack)('broker restart during a run', () => {
  it('completes the run with every asset and finding in ETM exactly once', async () => {
    const running = pipeline.run('snyk-restart', 'full', { timeoutMs: 300_000 });
    const pulledSoFar = () =>
      pipeline.board.list().find((v) => v.connectionId === 'snyk-restart')?.pulled.issues ?? 0;
    await eventually(() => pulledSoFar() > 500 || undefined, 60_000, 'the pull to be under way');
    const stack = new LocalStack({ home: join(PROJECT_ROOT, '.stack-test'), log: () => {} });
    await stack.down();
    await new Promise((r) => setTimeout(r, 2000));
    await stack.up();
    const view = await running;
    expect(view.state).toBe('Completed');

    const openSource = snyk.dataset.projects.filter((p) => !NON_OSS_PROJECT_TYPES.has(p.attributes.type));
    const openSourceIds = new Set(openSource.map((p) => p.id));
    const issues = snyk.dataset.issues.filter(
      (i) =>
        i.attributes.type === 'package_vulnerability' && openSourceIds.has(i.relationships.scan_item.data.id),
    );
    const inventory = etm.inventory('Snyk');
    expect(inventory).toHaveLength(openSource.length);
    const findings = inventory.flatMap((a) => a.findings.map((f) => f.externalFindingId));
    expect(findings).toHaveLength(issues.length);
    expect(new Set(findings)).toEqual(new Set(issues.map((i) => i.id)));
    expect(view.transformer.findings).toBe(issues.length);
  });
});
