/** The control API on the real broker: connections as data, validation, secrets, auth, run now. */
import { Control, MASK } from '@sluice/control';
import { createLogger } from '@sluice/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka, uniqueName } from '../harness/cluster.ts';

const TOKEN = 'control-admin-token-4d3c2b1a';
let control: Control;

beforeAll(async () => {
  control = new Control({
    kafka: testKafka('control-api-test'),
    logger: createLogger({ name: 'control-test', level: 'warn' }),
    adminToken: () => TOKEN,
    instanceId: 'api-test',
    tickMs: 0,
    partitions: 3,
  });
  await control.start();
});

afterAll(async () => {
  await control?.stop();
});

async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const response = await fetch(`${control.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

function snykConnection(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    type: 'snyk-etm',
    description: 'payments team',
    assetTypes: ['CODE_REPOSITORY'],
    removalGuard: { maxShare: 0.2 },
    snyk: { apiUrl: 'https://api.eu.snyk.io', token: '${SNYK_TOKEN_PAYMENTS}' },
    etm: {
      apiUrl: 'https://gateway.qg2.apps.qualys.eu',
      username: 'etm-user',
      password: 'file:/run/secrets/etm-password',
      connectorUuid: '5f1c0000-0000-4000-8000-00000000e7e1',
      batchSize: 50,
    },
    ...overrides,
  };
}

describe('control API: connections', () => {
  it('refuses requests without the admin token', async () => {
    expect((await api('GET', '/api/connections', undefined, null)).status).toBe(401);
    const wrong = await api('GET', '/api/connections', undefined, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect((await api('POST', '/api/connections', snykConnection(uniqueName('c')), null)).status).toBe(401);
  });

  it('creates, lists, reads, edits and deletes connections, never echoing a secret', async () => {
    const name = uniqueName('payments');
    const created = await api('POST', '/api/connections', snykConnection(name));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name,
      type: 'snyk-etm',
      state: 'Registered',
      enabled: true,
      nextRunAt: null,
      lastRun: null,
    });
    expect(created.body.settings.snyk.token).toBe(MASK);
    expect(created.body.settings.etm.password).toBe(MASK);
    expect(created.body.settings.etm).toMatchObject({ username: 'etm-user', batchSize: 50 });
    expect(created.text).not.toContain('SNYK_TOKEN_PAYMENTS');
    expect(created.text).not.toContain('/run/secrets/etm-password');
    expect((await api('POST', '/api/connections', snykConnection(name))).status).toBe(409);

    const list = await api('GET', '/api/connections');
    expect(list.body.map((c: { name: string }) => c.name)).toContain(name);
    expect(list.text).not.toContain('SNYK_TOKEN_PAYMENTS');

    // An edit keeps what it does not mention, including the secrets sent back masked.
    const edited = await api('PATCH', `/api/connections/${name}`, {
      description: 'payments and checkout',
      etm: { batchSize: 100, password: MASK },
      schedule: { kind: 'daily', time: '02:30' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      description: 'payments and checkout',
      state: 'Scheduled',
      schedule: { kind: 'daily', time: '02:30' },
    });
    expect(edited.body.settings.etm).toMatchObject({ batchSize: 100, username: 'etm-user', password: MASK });
    expect(edited.body.nextRunAt).toMatch(/T02:30:00.000Z$/);
    const stored = control.connections.get(name);
    expect(stored?.type === 'snyk-etm' && String(stored.etm.password)).toBe('file:/run/secrets/etm-password');

    // Rotating the token is an edit of its reference; the connection (and its sync state) stays.
    await api('PATCH', `/api/connections/${name}`, { snyk: { token: '${SNYK_TOKEN_PAYMENTS_2027}' } });
    const connection = control.connections.get(name);
    expect(connection?.type === 'snyk-etm' && String(connection.snyk.token)).toBe(
      '${SNYK_TOKEN_PAYMENTS_2027}',
    );

    expect((await api('DELETE', `/api/connections/${name}`)).status).toBe(204);
    expect((await api('GET', `/api/connections/${name}`)).status).toBe(404);
    expect((await api('DELETE', `/api/connections/${name}`)).status).toBe(404);
  });

  it('names the bad field in validation errors', async () => {
    const badUrl = await api(
      'POST',
      '/api/connections',
      snykConnection(uniqueName('bad'), { snyk: { apiUrl: 'not a url', token: '${T}' } }),
    );
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'snyk.apiUrl' });
    const literal = await api(
      'POST',
      '/api/connections',
      snykConnection(uniqueName('bad'), {
        snyk: { apiUrl: 'https://api.snyk.io', token: 'a-literal-token-value' },
      }),
    );
    expect(literal.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'snyk.token' });
    expect(literal.text).not.toContain('a-literal-token-value');
    const noAppUrl = await api(
      'POST',
      '/api/connections',
      snykConnection(uniqueName('bad'), { snyk: { apiUrl: 'https://snyk.internal.example', token: '${T}' } }),
    );
    expect(noAppUrl.body.error).toMatchObject({ field: 'snyk.appUrl' });
    const batch = await api('POST', '/api/connections', {
      ...snykConnection(uniqueName('bad')),
      etm: { ...snykConnection('x').etm, batchSize: 500 },
    });
    expect(batch.body.error).toMatchObject({ field: 'etm.batchSize' });
    const badName = await api('POST', '/api/connections', snykConnection('Bad Name!'));
    expect(badName.body.error).toMatchObject({ field: 'name' });
    const qualys = await api('POST', '/api/connections', {
      name: uniqueName('q'),
      type: 'qualys-cmdb',
      qualys: { gatewayUrl: 'https://gateway.qg1.apps.qualys.com', username: 'u', password: '${P}' },
      servicenow: {
        instanceUrl: 'https://acme.service-now.com',
        auth: { type: 'basic', username: 'u', password: '${P}' },
        batchSize: 900,
      },
    });
    expect(qualys.body.error).toMatchObject({ field: 'servicenow.batchSize' });
  });

  it('applies definitions idempotently', async () => {
    const name = uniqueName('apply');
    const first = await api('PUT', `/api/connections/${name}`, snykConnection(name));
    expect(first.status).toBe(201);
    const again = await api('PUT', `/api/connections/${name}`, snykConnection(name));
    expect(again).toMatchObject({ status: 200, body: { changed: false } });
    const changed = await api(
      'PUT',
      `/api/connections/${name}`,
      snykConnection(name, { description: 'new words' }),
    );
    expect(changed).toMatchObject({ status: 200, body: { changed: true, description: 'new words' } });
    const masked = await api('PUT', `/api/connections/${name}`, {
      ...snykConnection(name, { description: 'new words' }),
      snyk: { apiUrl: 'https://api.eu.snyk.io', token: MASK },
    });
    expect(masked.body.changed).toBe(false);
  });

  it('starts a run now, and refuses a second one while it is in progress', async () => {
    const name = uniqueName('run-now');
    await api('POST', '/api/connections', snykConnection(name));
    const run = await api('POST', `/api/connections/${name}/runs`, { mode: 'full' });
    expect(run.status).toBe(202);
    expect(run.body.runId).toMatch(new RegExp(`^${name}-`));
    const second = await api('POST', `/api/connections/${name}/runs`, {});
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('RUN_ALREADY_ACTIVE');
    const runs = await api('GET', `/api/runs?connection=${name}`);
    expect(runs.body).toMatchObject([
      { runId: run.body.runId, state: 'Scheduled', mode: 'full', trigger: 'manual' },
    ]);
    expect((await api('GET', `/api/runs/${run.body.runId}`)).body).toMatchObject({
      runId: run.body.runId,
      connectionId: name,
      stages: expect.any(Array),
      timeline: expect.any(Array),
    });
    expect((await api('GET', '/api/runs/no-such-run')).status).toBe(404);
  });

  it('logs the dashboard in with a session cookie', async () => {
    const bad = await fetch(`${control.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'nope' }),
    });
    expect(bad.status).toBe(401);
    const login = await fetch(`${control.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain(TOKEN);
    const withCookie = await fetch(`${control.url}/api/connections`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(withCookie.status).toBe(200);
    const page = await fetch(`${control.url}/`);
    expect(await page.text()).toContain('Sluice');
  });
});
