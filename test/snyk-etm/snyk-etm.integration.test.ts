/**
 * Snyk → Kafka → ETM end to end, on the real broker and registry: a hand-checked data set, a second run
 * after changes, a third identical run, and the same flow under faults.
 */
import { AllInOne, runSummary, sluiceConfigSchema } from '@sluice/cli';
import { DEFAULT_CONNECTOR, type EtmSimulator, startEtmSimulator } from '@sluice/etm-simulator';
import { DEAD_LETTER_TOPIC, DLQ_HEADERS } from '@sluice/kafka';
import { createLogger } from '@sluice/logging';
import { SnykDataset, type SnykSimulator, startSnykSimulator } from '@sluice/snyk-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, readTopic, testKafka } from '../harness/cluster.ts';
import {
  applyChanges,
  buildDataset,
  expectedAfterChanges,
  expectedAfterFirstRun,
  I,
  ID_P1,
  P2,
} from './dataset.ts';

const SNYK_TOKEN = 'snyk-e2e-token-7f3a9c';
process.env.SNYK_E2E_TOKEN = SNYK_TOKEN;
process.env.ETM_E2E_PASSWORD = 'etm-sim-password';

const FAULT_CONNECTOR = '5f1c0000-0000-4000-8000-0000000fa017';

let snyk: SnykSimulator;
let snykFaulty: SnykSimulator;
let etm: EtmSimulator;
let pipeline: AllInOne;

function connection(name: string, snykUrl: string, connectorUuid: string) {
  return {
    name,
    type: 'snyk-etm',
    description: 'end-to-end test connection',
    assetTypes: ['CODE_REPOSITORY', 'GENERIC_APPLICATION'],
    removalGuard: { maxShare: 0.5 },
    snyk: { apiUrl: snykUrl, appUrl: 'https://app.snyk.io', token: '${SNYK_E2E_TOKEN}', pageSize: 10 },
    etm: { apiUrl: etm.url, username: 'etm-sim', password: '${ETM_E2E_PASSWORD}', connectorUuid },
  };
}

beforeAll(async () => {
  const dataset = new SnykDataset();
  buildDataset(dataset);
  const faultyDataset = new SnykDataset();
  buildDataset(faultyDataset);
  snyk = await startSnykSimulator({ dataset, tokens: [{ token: SNYK_TOKEN }] });
  snykFaulty = await startSnykSimulator({ dataset: faultyDataset, tokens: [{ token: SNYK_TOKEN }] });
  etm = await startEtmSimulator({ connectors: [DEFAULT_CONNECTOR, FAULT_CONNECTOR] });
  const { brokers, registryUrl } = cluster();
  const config = sluiceConfigSchema.parse({
    kafka: { brokers },
    schemaRegistry: { url: registryUrl },
    partitions: 3,
    connections: [
      connection('snyk-e2e', snyk.url, DEFAULT_CONNECTOR),
      connection('snyk-faults', snykFaulty.url, FAULT_CONNECTOR),
    ],
  });
  pipeline = new AllInOne({
    config,
    logger: createLogger({ name: 'e2e', level: 'warn' }),
    instanceId: 'e2e',
  });
  await pipeline.start();
});

afterAll(async () => {
  await pipeline?.stop();
  await Promise.all([snyk?.close(), snykFaulty?.close(), etm?.close()]);
});

const inventory = (connectorUuid: string) =>
  etm.store.inventory({ source: 'Snyk', connectorUuid }) as Array<{
    asset: { assetHeader: { externalAssetId: string } };
    findings: unknown[];
  }>;

describe('Snyk SCA → Qualys ETM', () => {
  it('loads a hand-checked data set into ETM, field by field', async () => {
    const view = await pipeline.run('snyk-e2e', 'auto', { timeoutMs: 120_000 });
    const summary = runSummary(view);
    expect(summary.status).toBe('Completed');
    expect(summary.mode).toBe('full');
    expect(inventory(DEFAULT_CONNECTOR)).toEqual(expectedAfterFirstRun());
    expect(summary.pulled).toMatchObject({ orgs: 2, projects: 6, issues: 7 });
    expect(summary.mapped).toEqual({
      assets: 4,
      findings: 6,
      cis: 0,
      skipped: { 'not-open-source': 2, 'project-skipped': 1 },
    });
    expect(summary.pushed).toEqual({ assets: 4, findings: 6, deletedAssets: 0, fixedFindings: 0 });
    expect(summary.unchanged).toEqual({ assets: 0, findings: 0 });
    expect(summary.rejected).toBe(0);
    expect(summary.deadLettered).toBe(0);
    expect(summary.apiCalls.source).toBeGreaterThanOrEqual(5);
  });

  it('pushes only the changes on the next run and leaves ETM in the expected state', async () => {
    applyChanges(snyk.dataset);
    const updated = (id: string) =>
      String(snyk.dataset.issues.find((i) => i.id === id)?.attributes.updated_at);
    const pushesBefore = etm.stats().pushes;
    const view = await pipeline.run('snyk-e2e', 'auto', { timeoutMs: 120_000 });
    const summary = runSummary(view);
    expect(summary.status).toBe('Completed');
    expect(summary.mode).toBe('delta');
    expect(inventory(DEFAULT_CONNECTOR)).toEqual(
      expectedAfterChanges({ [I(1)]: updated(I(1)), [I(3)]: updated(I(3)), [I(5)]: updated(I(5)) }),
    );
    expect(summary.pulled).toMatchObject({ orgs: 2, projects: 6, issues: 4 });
    expect(summary.pushed).toEqual({ assets: 2, findings: 4, deletedAssets: 1, fixedFindings: 1 });
    expect(summary.unchanged).toEqual({ assets: 2, findings: 0 });
    expect(summary.sweep.done).toBe(true);
    expect(etm.stats().pushes).toBeGreaterThan(pushesBefore);
  });

  it('pushes nothing on a third identical run', async () => {
    const before = etm.stats();
    const expected = inventory(DEFAULT_CONNECTOR);
    const view = await pipeline.run('snyk-e2e', 'auto', { timeoutMs: 120_000 });
    const summary = runSummary(view);
    expect(summary.status).toBe('Completed');
    expect(summary.pushed).toEqual({ assets: 0, findings: 0, deletedAssets: 0, fixedFindings: 0 });
    expect(summary.unchanged.assets).toBe(4);
    expect(etm.stats().pushes).toBe(before.pushes);
    expect(inventory(DEFAULT_CONNECTOR)).toEqual(expected);
  });

  it('ends in the same state under faults, with the rejected element dead-lettered and honest counts', async () => {
    // About a quarter of Snyk calls fail; seed 6 makes the first ones 5xx, 429, 429 (checked in the simulator's sequence).
    snykFaulty.setFaults({ rate429: 0.15, rate5xx: 0.1, seed: 6 });
    etm.setFaults({
      failNextPushes: [429, 503],
      rejectAssets: { [P2]: 'asset quota exceeded for this connector' },
    });
    const view = await pipeline.run('snyk-faults', 'auto', { timeoutMs: 180_000 });
    const summary = runSummary(view);
    expect(summary.status).toBe('Completed');
    const withoutP2 = expectedAfterFirstRun().filter((a) => a.asset.assetHeader.externalAssetId !== P2);
    expect(inventory(FAULT_CONNECTOR)).toEqual(withoutP2);
    expect(summary.rateLimited.source + summary.rateLimited.target).toBeGreaterThan(0);
    expect(summary.rateLimited.target).toBe(1);
    expect(snykFaulty.stats().rateLimited + snykFaulty.stats().injected5xx).toBeGreaterThanOrEqual(3);
    expect(summary.rateLimited.source).toBe(snykFaulty.stats().rateLimited);
    expect(summary.rejected).toBe(1);
    expect(summary.deadLettered).toBe(1);
    expect(summary.pushed).toEqual({ assets: 3, findings: 4, deletedAssets: 0, fixedFindings: 0 });

    const letters = (await readTopic(testKafka(), DEAD_LETTER_TOPIC, { count: 1, idleMs: 1000 })).filter(
      (r) => r.headers[DLQ_HEADERS.connectionId] === 'snyk-faults',
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]?.key).toBe(P2);
    expect(letters[0]?.headers[DLQ_HEADERS.code]).toBe('ETM_ELEMENT_REJECTED');
    expect(letters[0]?.headers[DLQ_HEADERS.reason]).toBe('asset quota exceeded for this connector');
    expect(letters[0]?.headers[DLQ_HEADERS.runId]).toBe(view.runId);
    const element = JSON.parse(letters[0]?.value?.toString() ?? '{}');
    expect(element.asset.assetHeader.externalAssetId).toBe(P2);
    expect(
      element.findingGroup.findings.map((f: { externalFindingId: string }) => f.externalFindingId).sort(),
    ).toEqual([I(3), I(4)]);

    // Once ETM takes it, the next full run delivers the rejected element and nothing else.
    etm.setFaults({ rejectAssets: {} });
    snykFaulty.setFaults({ rate429: 0, rate5xx: 0 });
    const healed = runSummary(await pipeline.run('snyk-faults', 'full', { timeoutMs: 120_000 }));
    expect(healed.pushed).toEqual({ assets: 1, findings: 2, deletedAssets: 0, fixedFindings: 0 });
    expect(healed.unchanged).toEqual({ assets: 3, findings: 4 });
    expect(inventory(FAULT_CONNECTOR)).toEqual(expectedAfterFirstRun());
    expect(
      inventory(FAULT_CONNECTOR).find((a) => a.asset.assetHeader.externalAssetId === ID_P1),
    ).toBeDefined();
  });
});
