import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ServiceNowApi } from '@sluice/cmdb-sink';
import {
  type Connection,
  connectionCa,
  type QualysCmdbConnection,
  type SnykEtmConnection,
} from '@sluice/connections';
import { describeError, SluiceError } from '@sluice/errors';
import { EtmApi } from '@sluice/etm-sink';
import { runErrorFrom } from '@sluice/pipeline';
import { qualysApiFor } from '@sluice/qualys-producer';
import { SnykApi } from '@sluice/snyk-producer';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface Check {
  readonly name: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly suggestion?: string;
  readonly statusCode?: number;
}

export interface TestResult {
  readonly connection: string;
  readonly ok: boolean;
  readonly checks: Check[];
}

const TIMEOUT = 10_000;
/** One attempt, short waits: a test reports what it finds instead of retrying for minutes. */
const QUICK = { maxAttempts: 1 } as const;

function statusOf(error: unknown): number | undefined {
  const status = error instanceof SluiceError ? error.details.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

function failed(name: string, error: unknown, system: string, fallback?: string): Check {
  const { message } = describeError(error);
  const runError = runErrorFrom(error, system);
  const statusCode = statusOf(error);
  return {
    name,
    status: 'failed',
    message,
    ...(runError.suggestion || fallback ? { suggestion: runError.suggestion ?? fallback } : {}),
    ...(statusCode ? { statusCode } : {}),
  };
}

function endpoint(url: string): { host: string; port: number; tls: boolean } {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'https:';
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : tls ? 443 : 80, tls };
}

/** Network reachability: a TCP connection to the API host (or to the proxy, when one is set). */
function reachability(apiUrl: string, proxyUrl: string | undefined): Promise<Check> {
  const target = endpoint(proxyUrl ?? apiUrl);
  const what = proxyUrl ? `proxy ${target.host}:${target.port}` : `${target.host}:${target.port}`;
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = createConnection({ host: target.host, port: target.port });
    socket.setTimeout(TIMEOUT);
    socket.once('connect', () => {
      socket.destroy();
      resolve({
        name: 'network',
        status: 'passed',
        message: `reached ${what} in ${Date.now() - started} ms`,
      });
    });
    const fail = (reason: string) => {
      socket.destroy();
      resolve({
        name: 'network',
        status: 'failed',
        message: `cannot reach ${what}: ${reason}`,
        suggestion: 'Check the API URL, DNS, firewall rules and the proxy setting of the connection.',
      });
    };
    socket.once('timeout', () => fail(`no answer within ${TIMEOUT / 1000} s`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}

/** TLS handshake: the server's certificate is valid for the host and trusted (system or the connection's CA file). */
function handshake(apiUrl: string, connection: Connection): Promise<Check> {
  const target = endpoint(apiUrl);
  if (!target.tls) {
    return Promise.resolve({
      name: 'tls',
      status: 'skipped',
      message: `${apiUrl} is plain HTTP: there is no TLS handshake to check`,
      suggestion: 'Use the https URL of the API in production.',
    });
  }
  const ca = connectionCa(connection);
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: target.host,
      port: target.port,
      servername: target.host,
      ...(ca ? { ca } : {}),
      rejectUnauthorized: false,
    });
    socket.setTimeout(TIMEOUT);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const authorized = socket.authorized;
      const protocol = socket.getProtocol();
      socket.destroy();
      if (!authorized) {
        resolve({
          name: 'tls',
          status: 'failed',
          message: `the certificate of ${target.host} is not trusted: ${String(socket.authorizationError)}`,
          suggestion:
            'Trust the issuing CA with the connection caFile, or fix the certificate on the server.',
        });
        return;
      }
      resolve({
        name: 'tls',
        status: 'passed',
        message: `${protocol} with a certificate for ${cert.subject?.CN ?? target.host}, valid until ${cert.valid_to}`,
      });
    });
    const fail = (reason: string) => {
      socket.destroy();
      resolve({
        name: 'tls',
        status: 'failed',
        message: `TLS handshake with ${target.host} failed: ${reason}`,
        suggestion: 'Check that the URL speaks HTTPS on this port.',
      });
    };
    socket.once('timeout', () => fail('no answer'));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}

/** Snyk: the seed's five checks (network, TLS, authentication, authorization scope, data fetch), then ETM. */
async function testSnyk(connection: SnykEtmConnection): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push(await reachability(connection.snyk.apiUrl, connection.proxyUrl));
  checks.push(await handshake(connection.snyk.apiUrl, connection));
  const api = new SnykApi({
    apiUrl: connection.snyk.apiUrl,
    token: connection.snyk.token,
    apiVersion: connection.snyk.apiVersion,
    pageSize: 10,
    rateLimitPerMinute: connection.snyk.rateLimitPerMinute,
    timeoutMs: TIMEOUT,
    proxyUrl: connection.proxyUrl,
    ca: connectionCa(connection),
    retry: QUICK,
  });
  try {
    if (checks[0]?.status === 'failed') {
      checks.push(
        { name: 'authentication', status: 'skipped', message: 'not tried: the API is not reachable' },
        { name: 'authorization', status: 'skipped', message: 'not tried: the API is not reachable' },
        { name: 'data', status: 'skipped', message: 'not tried: the API is not reachable' },
      );
      return checks;
    }
    try {
      const self = await api.self();
      const who = (self.data?.attributes?.username ??
        self.data?.attributes?.name ??
        self.data?.id ??
        'the token') as string;
      checks.push({
        name: 'authentication',
        status: 'passed',
        message: `authenticated as ${who}`,
        statusCode: 200,
      });
    } catch (error) {
      checks.push(failed('authentication', error, 'Snyk'));
      checks.push(
        { name: 'authorization', status: 'skipped', message: 'not tried: authentication failed' },
        { name: 'data', status: 'skipped', message: 'not tried: authentication failed' },
      );
      return checks;
    }
    let orgs: Array<{ id: string; attributes: Record<string, unknown> }> = [];
    try {
      for await (const page of api.orgs()) {
        orgs = page.filter((o) => !connection.snyk.orgIds || connection.snyk.orgIds.includes(o.id));
        break;
      }
      if (orgs.length === 0) {
        checks.push({
          name: 'authorization',
          status: 'failed',
          message: connection.snyk.orgIds
            ? 'the token sees none of the orgs this connection names'
            : 'the token sees no Snyk orgs',
          suggestion:
            'Use a service-account token of the group or of the orgs to sync, with at least read access to projects.',
        });
        checks.push({ name: 'data', status: 'skipped', message: 'not tried: no org to read' });
        return checks;
      }
      const first = orgs[0]!;
      for await (const page of api.projects(first.id)) {
        void page;
        break;
      }
      checks.push({
        name: 'authorization',
        status: 'passed',
        message: `the token sees ${orgs.length}${orgs.length === 10 ? '+' : ''} org(s) and can list the projects of ${String(first.attributes.name ?? first.id)}`,
        statusCode: 200,
      });
    } catch (error) {
      checks.push(
        failed('authorization', error, 'Snyk', 'Give the token read access to the orgs and their projects.'),
      );
      checks.push({ name: 'data', status: 'skipped', message: 'not tried: authorization failed' });
      return checks;
    }
    try {
      let projects = 0;
      let issues = 0;
      for (const org of orgs) {
        for await (const page of api.projects(org.id)) {
          projects += page.length;
          break;
        }
        for await (const page of api.issues(org.id)) {
          issues += page.length;
          break;
        }
        if (projects > 0) break;
      }
      checks.push(
        projects > 0
          ? {
              name: 'data',
              status: 'passed',
              message: `read ${projects} project(s) and ${issues} open-source issue(s) on the first pages`,
              statusCode: 200,
            }
          : {
              name: 'data',
              status: 'failed',
              message: 'the orgs the token sees hold no projects: a run would find nothing to sync',
              suggestion:
                'Import projects into these orgs in Snyk, or point the connection at the orgs that have them.',
            },
      );
    } catch (error) {
      checks.push(failed('data', error, 'Snyk'));
    }
    return checks;
  } finally {
    await api.close();
  }
}

async function testEtm(connection: SnykEtmConnection): Promise<Check> {
  const api = new EtmApi({
    apiUrl: connection.etm.apiUrl,
    username: connection.etm.username,
    password: connection.etm.password,
    connectorUuid: connection.etm.connectorUuid,
    timeoutMs: TIMEOUT,
    proxyUrl: connection.proxyUrl,
    ca: connectionCa(connection),
    retry: QUICK,
  });
  try {
    await api.authenticate();
    return {
      name: 'etm',
      status: 'passed',
      message: 'Qualys ETM accepted the credentials (POST /auth)',
      statusCode: 201,
    };
  } catch (error) {
    return failed('etm', error, 'Qualys ETM');
  } finally {
    await api.close();
  }
}

async function testQualys(connection: QualysCmdbConnection): Promise<Check> {
  const api = qualysApiFor(connection, { retry: QUICK, timeoutMs: TIMEOUT });
  const which = connection.qualys.useAssetManagementAndTaggingApi
    ? 'Asset Management and Tagging API'
    : 'Global AssetView API';
  try {
    const count = await api.count();
    return {
      name: 'qualys',
      status: 'passed',
      message: `the ${which} answered: ${count} asset(s) visible`,
      statusCode: 200,
    };
  } catch (error) {
    return failed('qualys', error, 'Qualys');
  } finally {
    await api.close();
  }
}

async function testServiceNow(connection: QualysCmdbConnection): Promise<Check> {
  const api = new ServiceNowApi({
    instanceUrl: connection.servicenow.instanceUrl,
    auth: connection.servicenow.auth,
    dataSource: connection.servicenow.dataSource,
    timeoutMs: TIMEOUT,
    proxyUrl: connection.proxyUrl,
    ca: connectionCa(connection),
    retry: QUICK,
  });
  try {
    const status = await api.probe();
    return {
      name: 'servicenow',
      status: 'passed',
      message: `ServiceNow answered ${status} to a CMDB read`,
      statusCode: status,
    };
  } catch (error) {
    return failed('servicenow', error, 'ServiceNow');
  } finally {
    await api.close();
  }
}

/** Test Connection: every check reported with its outcome, a message and a suggestion; never a secret. */
export async function testConnection(connection: Connection): Promise<TestResult> {
  const checks =
    connection.type === 'snyk-etm'
      ? [...(await testSnyk(connection)), await testEtm(connection)]
      : [await testQualys(connection), await testServiceNow(connection)];
  return { connection: connection.name, ok: checks.every((c) => c.status !== 'failed'), checks };
}
