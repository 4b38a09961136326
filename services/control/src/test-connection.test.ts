import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, connectionSchema } from '@sluice/connections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EtmSimulator, startEtmSimulator } from '../../etm-simulator/src/index.ts';
import { type QualysSimulator, startQualysSimulator } from '../../qualys-simulator/src/index.ts';
import { type ServiceNowSimulator, startServiceNowSimulator } from '../../servicenow-simulator/src/index.ts';
import { SnykDataset, type SnykSimulator, startSnykSimulator } from '../../snyk-simulator/src/index.ts';
import { testConnection } from './test-connection.ts';

const TOKEN = 'tc-good-token-9f8e7d';
const NO_ORGS = 'tc-no-org-token-1a2b3c';
let dir: string;
let caFile: string;
let snyk: SnykSimulator;
let emptySnyk: SnykSimulator;
let etm: EtmSimulator;
let qualys: QualysSimulator;
let sn: ServiceNowSimulator;

function dataset(): SnykDataset {
  const d = new SnykDataset();
  const org = d.addOrg({ attributes: { name: 'Payments', slug: 'payments' } });
  const project = d.addProject(org.id, { attributes: { type: 'npm', origin: 'github' } });
  d.addIssue(project.id, { attributes: { type: 'package_vulnerability' } });
  return d;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-tls-'));
  caFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      caFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const https = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(caFile, 'utf8') };
  process.env.TC_SNYK_TOKEN = TOKEN;
  process.env.TC_NO_ORG_TOKEN = NO_ORGS;
  process.env.TC_BAD_TOKEN = 'tc-bad-token-000000';
  process.env.TC_ETM_PASSWORD = 'etm-sim-password';
  process.env.TC_BAD_PASSWORD = 'not-the-password';
  process.env.TC_QUALYS_PASSWORD = 'qualys-sim-password';
  process.env.TC_SN_PASSWORD = 'sn-sim-password';
  snyk = await startSnykSimulator({
    dataset: dataset(),
    tokens: [{ token: TOKEN }, { token: NO_ORGS, orgIds: [] }],
    https,
  });
  const empty = new SnykDataset();
  empty.addOrg({ attributes: { name: 'Empty', slug: 'empty' } });
  emptySnyk = await startSnykSimulator({ dataset: empty, tokens: [{ token: TOKEN }], https });
  etm = await startEtmSimulator({ https });
  qualys = await startQualysSimulator();
  sn = await startServiceNowSimulator();
});

afterAll(async () => {
  await Promise.all([snyk?.close(), emptySnyk?.close(), etm?.close(), qualys?.close(), sn?.close()]);
});

function snykConnection(
  overrides: { apiUrl?: string; token?: string; etmPassword?: string; caFile?: string | null } = {},
): Connection {
  return connectionSchema.parse({
    name: 'tc-snyk',
    type: 'snyk-etm',
    ...(overrides.caFile === null ? {} : { caFile: overrides.caFile ?? caFile }),
    snyk: {
      apiUrl: overrides.apiUrl ?? snyk.url,
      appUrl: 'https://app.snyk.io',
      token: overrides.token ?? '${TC_SNYK_TOKEN}',
    },
    etm: {
      apiUrl: etm.url,
      username: 'etm-sim',
      password: overrides.etmPassword ?? '${TC_ETM_PASSWORD}',
      connectorUuid: 'x',
    },
  });
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const byName = (checks: Array<{ name: string }>) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('Test Connection: Snyk → ETM', () => {
  it('passes every check on a good setup', async () => {
    const result = await testConnection(snykConnection());
    expect(result.checks.map((c) => [c.name, c.status])).toEqual([
      ['network', 'passed'],
      ['tls', 'passed'],
      ['authentication', 'passed'],
      ['authorization', 'passed'],
      ['data', 'passed'],
      ['etm', 'passed'],
    ]);
    expect(result.ok).toBe(true);
    const checks = byName(result.checks);
    expect(checks.tls).toMatchObject({
      message: expect.stringMatching(/^TLSv1\.[23] with a certificate for 127\.0\.0\.1/),
    });
    expect(checks.data).toMatchObject({
      message: 'read 1 project(s) and 1 open-source issue(s) on the first pages',
    });
    expect(checks.etm).toMatchObject({ statusCode: 201 });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('fails the network check on a closed port, and skips what depends on it', async () => {
    const port = await closedPort();
    const result = await testConnection(snykConnection({ apiUrl: `https://127.0.0.1:${port}` }));
    const checks = byName(result.checks);
    expect(checks.network).toMatchObject({
      status: 'failed',
      message: `cannot reach 127.0.0.1:${port}: ECONNREFUSED`,
    });
    expect(checks.network).toHaveProperty('suggestion');
    expect(checks.authentication).toMatchObject({ status: 'skipped' });
    expect(result.ok).toBe(false);
  });

  it('fails the TLS check when the certificate is not trusted', async () => {
    const result = await testConnection(snykConnection({ caFile: null }));
    expect(byName(result.checks).tls).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/is not trusted: .*SELF_SIGNED/),
    });
  });

  it('fails authentication on a bad token, with the status code and a suggestion', async () => {
    const result = await testConnection(snykConnection({ token: '${TC_BAD_TOKEN}' }));
    const checks = byName(result.checks);
    expect(checks.authentication).toMatchObject({
      status: 'failed',
      statusCode: 401,
      suggestion: expect.stringMatching(/rejected the credentials/),
    });
    expect(checks.authorization).toMatchObject({ status: 'skipped' });
    expect(JSON.stringify(result)).not.toContain('tc-bad-token-000000');
  });

  it('fails the authorization scope check for a token without org access', async () => {
    const result = await testConnection(snykConnection({ token: '${TC_NO_ORG_TOKEN}' }));
    const checks = byName(result.checks);
    expect(checks.authentication).toMatchObject({ status: 'passed' });
    expect(checks.authorization).toMatchObject({ status: 'failed', message: 'the token sees no Snyk orgs' });
  });

  it('fails the data check when the orgs hold no projects', async () => {
    const result = await testConnection(snykConnection({ apiUrl: emptySnyk.url }));
    const checks = byName(result.checks);
    expect(checks.authorization).toMatchObject({ status: 'passed' });
    expect(checks.data).toMatchObject({
      status: 'failed',
      message: 'the orgs the token sees hold no projects: a run would find nothing to sync',
    });
  });

  it('reports a rejected ETM password with its status code', async () => {
    const result = await testConnection(snykConnection({ etmPassword: '${TC_BAD_PASSWORD}' }));
    expect(byName(result.checks).etm).toMatchObject({ status: 'failed', statusCode: 401 });
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });
});

describe('Test Connection: Qualys → CMDB', () => {
  const connection = (snPassword = '${TC_SN_PASSWORD}', qps = false) =>
    connectionSchema.parse({
      name: 'tc-qualys',
      type: 'qualys-cmdb',
      qualys: {
        gatewayUrl: qualys.url,
        username: 'qualys-sim',
        password: '${TC_QUALYS_PASSWORD}',
        useAssetManagementAndTaggingApi: qps,
      },
      servicenow: { instanceUrl: sn.url, auth: { type: 'basic', username: 'sn-sim', password: snPassword } },
    });

  it('shows the status code, a message and a suggestion for each end', async () => {
    const good = await testConnection(connection());
    expect(good.checks).toEqual([
      {
        name: 'qualys',
        status: 'passed',
        message: 'the Global AssetView API answered: 50 asset(s) visible',
        statusCode: 200,
      },
      {
        name: 'servicenow',
        status: 'passed',
        message: 'ServiceNow answered 200 to a CMDB read',
        statusCode: 200,
      },
    ]);
    const qps = await testConnection(connection(undefined, true));
    expect(qps.checks[0]).toMatchObject({
      status: 'passed',
      message: 'the Asset Management and Tagging API answered: 50 asset(s) visible',
    });
    const bad = await testConnection(connection('${TC_BAD_PASSWORD}'));
    expect(bad.ok).toBe(false);
    expect(bad.checks[1]).toMatchObject({
      name: 'servicenow',
      status: 'failed',
      statusCode: 401,
      suggestion: expect.stringMatching(/ServiceNow rejected the credentials/),
    });
  });
});
