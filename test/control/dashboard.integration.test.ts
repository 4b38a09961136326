/**
 * The integrations dashboard in headless Chromium (Debian's chromium, driven by playwright-core): run a
 * connection, watch its state reach Completed, open the run and check its counts against the simulators,
 * open the errors view, and save screenshots under test-output/.
 */

import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AllInOne, sluiceConfigSchema } from '@sluice/cli';
import { Control } from '@sluice/control';
import { type EtmSimulator, startEtmSimulator } from '@sluice/etm-simulator';
import { createLogger } from '@sluice/logging';
import { SnykDataset, type SnykSimulator, startSnykSimulator } from '@sluice/snyk-simulator';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, eventually, testKafka } from '../harness/cluster.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(import.meta.dirname, '..', '..', 'test-output');
const TOKEN = 'dashboard-admin-token-77aa';
const NAME = 'dashboard-snyk';
process.env.DASH_SNYK_TOKEN = 'dash-snyk-token-1234';
process.env.DASH_ETM_PASSWORD = 'etm-sim-password';

let snyk: SnykSimulator;
let etm: EtmSimulator;
let control: Control;
let pipeline: AllInOne;
let browser: Browser | undefined;
let hookServer: Server;
const hookCalls: unknown[] = [];
let rejectedProject = '';

function dataset(): SnykDataset {
  const d = new SnykDataset();
  const org = d.addOrg({ attributes: { name: 'Web Team', slug: 'web-team' } });
  const projects = [
    d.addProject(org.id, {
      attributes: { type: 'npm', origin: 'github', name: 'acme/web:package.json', status: 'active' },
      target: { url: 'https://github.com/acme/web', owner: 'acme' },
    }),
    d.addProject(org.id, {
      attributes: { type: 'maven', origin: 'cli', name: 'billing-api', status: 'active' },
      target: { url: null },
    }),
    d.addProject(org.id, {
      attributes: { type: 'pip', origin: 'gitlab', name: 'acme/ml:requirements.txt', status: 'active' },
      target: { url: 'https://gitlab.com/acme/ml', owner: 'acme' },
    }),
  ];
  rejectedProject = projects[1]!.id;
  for (let i = 0; i < 9; i++)
    d.addIssue(projects[i % 3]!.id, { attributes: { type: 'package_vulnerability', status: 'open' } });
  return d;
}

const available = existsSync(CHROMIUM);

beforeAll(async () => {
  if (!available) return;
  hookServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hookCalls.push(JSON.parse(body || '{}'));
      res.writeHead(200).end('ok');
    });
  });
  hookServer.listen(0, '127.0.0.1');
  await once(hookServer, 'listening');
  snyk = await startSnykSimulator({ dataset: dataset(), tokens: [{ token: process.env.DASH_SNYK_TOKEN! }] });
  etm = await startEtmSimulator({
    faults: { rejectAssets: { [rejectedProject]: 'asset rejected by the connector policy' } },
  });
  const kafka = testKafka('dashboard-test');
  const logger = createLogger({ name: 'dashboard-test', level: 'warn' });
  control = new Control({
    kafka,
    logger,
    adminToken: () => TOKEN,
    instanceId: 'dashboard',
    tickMs: 0,
    partitions: 3,
  });
  await control.start();
  const { brokers, registryUrl } = cluster();
  pipeline = new AllInOne({
    config: sluiceConfigSchema.parse({
      kafka: { brokers },
      schemaRegistry: { url: registryUrl },
      partitions: 3,
    }),
    logger,
    instanceId: 'dashboard',
    serveRunRequests: true,
  });
  await pipeline.start();
  const put = await fetch(`${control.url}/api/connections/${NAME}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: NAME,
      type: 'snyk-etm',
      description: 'Web team repositories',
      snyk: { apiUrl: snyk.url, appUrl: 'https://app.snyk.io', token: '${DASH_SNYK_TOKEN}' },
      etm: {
        apiUrl: etm.url,
        username: 'etm-sim',
        password: '${DASH_ETM_PASSWORD}',
        connectorUuid: '5f1c0000-0000-4000-8000-00000000e7e1',
      },
      hooks: {
        pre: { command: 'test -n "$SLUICE_RUN_ID"' },
        post: { url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/run-done` },
      },
    }),
  });
  expect(put.status).toBe(201);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(OUTPUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await pipeline?.stop();
  await control?.stop();
  await Promise.all([snyk?.close(), etm?.close()]);
  hookServer?.close();
});

describe.runIf(available || process.env.CI)('integrations dashboard (headless Chromium)', () => {
  it('runs a connection, follows it to Completed, checks its counts and shows its dead letters', async () => {
    expect(available, `Chromium not found at ${CHROMIUM} (.ci/run installs Debian's chromium)`).toBe(true);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(control.url);
    await page.getByTestId('login-token').fill(TOKEN);
    await page.getByTestId('login-submit').click();
    const row = page.getByTestId(`connection-row-${NAME}`);
    await row.waitFor();
    expect(await page.getByTestId(`connection-state-${NAME}`).textContent()).toBe('Registered');

    await page.getByTestId(`run-now-${NAME}`).click();
    await page.getByTestId('toast-run-id').waitFor();
    const runId = (await page.getByTestId('toast-run-id').textContent())?.trim() ?? '';
    expect(runId).toMatch(new RegExp(`^${NAME}-`));
    await page
      .getByTestId(`connection-state-${NAME}`)
      .filter({ hasText: 'Completed' })
      .waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(OUTPUT, 'dashboard-connections.png'), fullPage: true });

    await page.goto(`${control.url}/#/runs/${runId}`);
    await page.getByTestId('run-detail-state').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    const count = async (id: string) => Number((await page.getByTestId(id).textContent())?.trim());
    const issues = snyk.dataset.issues.filter((i) => i.attributes.type === 'package_vulnerability').length;
    const inventory = etm.inventory('Snyk');
    expect(await count('run-pulled-issues')).toBe(issues);
    expect(await count('run-pulled-projects')).toBe(snyk.dataset.projects.length);
    expect(await count('run-mapped-assets')).toBe(3);
    expect(await count('run-mapped-findings')).toBe(issues);
    expect(await count('run-loaded-assetsPushed')).toBe(inventory.length);
    expect(await count('run-loaded-findingsPushed')).toBe(
      inventory.reduce((s, a) => s + a.findings.length, 0),
    );
    expect(await count('run-dead-lettered')).toBe(1);
    expect(await count('run-rejected')).toBe(1);
    expect(await count('run-api-calls-source')).toBe(snyk.stats().requests);
    await page.getByTestId('run-chart').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'dashboard-run.png'), fullPage: true });

    await page.getByTestId('nav-errors').click();
    await page.getByTestId('dead-letter-row-0').waitFor();
    expect(await page.getByTestId('dead-letter-code-0').textContent()).toBe('ETM_ELEMENT_REJECTED');
    expect(await page.getByTestId('dead-letter-reason-0').textContent()).toBe(
      'asset rejected by the connector policy',
    );
    await page.screenshot({ path: join(OUTPUT, 'dashboard-errors.png'), fullPage: true });

    // The run's hooks ran, and their outcomes are part of the run.
    await eventually(() => hookCalls.length === 1 || undefined, 30_000, 'the post-run hook');
    expect(hookCalls[0]).toMatchObject({ connection: NAME, runId, phase: 'post', state: 'Completed' });
    const detail = (await (
      await fetch(`${control.url}/api/runs/${runId}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { hooks: Array<{ hook: string; ok: boolean }> };
    await eventually(
      async () => {
        const d = (await (
          await fetch(`${control.url}/api/runs/${runId}`, { headers: { authorization: `Bearer ${TOKEN}` } })
        ).json()) as typeof detail;
        return d.hooks.length === 2 ? d : undefined;
      },
      30_000,
      'both hook outcomes on the run',
    );
    await page.close();
  });
});
