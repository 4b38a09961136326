import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceNowSimulatorOptions } from './options.ts';
import { type ServiceNowSimulator, startServiceNowSimulator } from './server.ts';
import { cloudAsset, combine, serverItem } from './test-fixtures.ts';

const running: ServiceNowSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(options: ServiceNowSimulatorOptions = {}): Promise<ServiceNowSimulator> {
  const sim = await startServiceNowSimulator(options);
  running.push(sim);
  return sim;
}

const basic = (user = 'sn-sim', password = 'sn-sim-password') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface CallOptions {
  method?: string;
  auth?: string | null;
  json?: unknown;
  body?: string;
  form?: Record<string, string>;
}

async function call(sim: ServiceNowSimulator, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? basic() : options.auth;
  if (auth) headers.authorization = auth;
  let body: string | undefined;
  if (options.json !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.body ?? JSON.stringify(options.json);
  }
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${sim.url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: test helper reads arbitrary JSON bodies
  const json: any = text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json };
}

const IRE = '/api/now/identifyreconcile/enhanced?sysparm_data_source=SG-Qualys';

/** A clock the test moves by hand. */
function manualClock(start = '2025-06-02T10:00:00Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('authentication', () => {
  it('answers 401 without credentials or with a wrong password, and 200 with Basic auth', async () => {
    const sim = await start();
    const anonymous = await call(sim, '/api/now/table/cmdb_ci', { auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({
      error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
      status: 'failure',
    });
    expect(anonymous.headers.get('www-authenticate')).toBe('BASIC realm="Service-now"');
    expect((await call(sim, '/api/now/table/cmdb_ci', { auth: basic('sn-sim', 'wrong') })).status).toBe(401);
    const ok = await call(sim, '/api/now/table/cmdb_ci');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ result: [] });
  });

  it('issues OAuth tokens for the password and client-credentials grants, and refuses bad clients', async () => {
    const sim = await start({ users: [{ username: 'loader', password: 'pw' }] });
    const password = await call(sim, '/oauth_token.do', {
      auth: null,
      form: {
        grant_type: 'password',
        client_id: 'sn-sim-client',
        client_secret: 'sn-sim-secret',
        username: 'loader',
        password: 'pw',
      },
    });
    expect(password.status).toBe(200);
    expect(password.json).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(password.json.refresh_token).toEqual(expect.any(String));
    const bearer = `Bearer ${password.json.access_token}`;
    expect((await call(sim, '/api/now/table/cmdb_ci', { auth: bearer })).status).toBe(200);

    const clientCredentials = await call(sim, '/oauth_token.do', {
      auth: null,
      form: { grant_type: 'client_credentials', client_id: 'sn-sim-client', client_secret: 'sn-sim-secret' },
    });
    expect(clientCredentials.json.refresh_token).toBeUndefined();
    expect(
      (await call(sim, '/api/now/table/cmdb_ci', { auth: `Bearer ${clientCredentials.json.access_token}` }))
        .status,
    ).toBe(200);

    const denied = await call(sim, '/oauth_token.do', {
      auth: null,
      form: { grant_type: 'client_credentials', client_id: 'sn-sim-client', client_secret: 'nope' },
    });
    expect(denied.status).toBe(401);
    expect(denied.json).toMatchObject({ error: 'access_denied' });
    expect((await call(sim, '/api/now/table/cmdb_ci', { auth: 'Bearer made-up' })).status).toBe(401);
  });

  it('expires tokens after their TTL or on demand, and a refresh token gets a new one', async () => {
    const clock = manualClock();
    const sim = await start({ tokenTtlSec: 60, now: clock.now });
    const grant = async () =>
      (
        await call(sim, '/oauth_token.do', {
          auth: null,
          form: {
            grant_type: 'password',
            client_id: 'sn-sim-client',
            client_secret: 'sn-sim-secret',
            username: 'sn-sim',
            password: 'sn-sim-password',
          },
        })
      ).json;
    const first = await grant();
    const read = (token: string) => call(sim, '/api/now/table/cmdb_ci', { auth: `Bearer ${token}` });
    expect((await read(first.access_token)).status).toBe(200);
    clock.advance(61_000);
    expect((await read(first.access_token)).status).toBe(401);

    const second = await grant();
    expect((await read(second.access_token)).status).toBe(200);
    sim.expireTokens();
    expect((await read(second.access_token)).status).toBe(401);

    const refreshed = await call(sim, '/oauth_token.do', {
      auth: null,
      form: {
        grant_type: 'refresh_token',
        client_id: 'sn-sim-client',
        client_secret: 'sn-sim-secret',
        refresh_token: second.refresh_token,
      },
    });
    expect((await read(refreshed.json.access_token)).status).toBe(200);
    // Basic auth is unaffected by token expiry.
    expect((await call(sim, '/api/now/table/cmdb_ci')).status).toBe(200);
  });
});

describe('rate limits and faults', () => {
  it('answers 429 with Retry-After once a user used up the window, per user', async () => {
    const clock = manualClock('2025-06-02T10:00:10Z');
    const sim = await start({
      users: [
        { username: 'a', password: 'pa' },
        { username: 'b', password: 'pb' },
      ],
      rateLimit: { limit: 2, windowSec: 60 },
      now: clock.now,
    });
    const asA = () => call(sim, '/api/now/table/cmdb_ci', { auth: basic('a', 'pa') });
    expect((await asA()).status).toBe(200);
    const second = await asA();
    expect(second.headers.get('x-ratelimit-limit')).toBe('2');
    const third = await asA();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('50');
    expect(third.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2025-06-02T10:01:00Z') / 1000));
    expect(third.json).toMatchObject({ error: { message: 'Rate limit exceeded' }, status: 'failure' });
    expect((await call(sim, '/api/now/table/cmdb_ci', { auth: basic('b', 'pb') })).status).toBe(200);
    clock.advance(50_000);
    expect((await asA()).status).toBe(200);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('injects 429s and 5xxs, and a 5xx commits nothing', async () => {
    const sim = await start();
    sim.setFaults({ rate429: 1 });
    const limited = await call(sim, '/api/now/table/cmdb_ci');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');

    sim.setFaults({ rate5xx: 1, seed: 7 });
    const failed = await call(sim, IRE, { json: { items: [serverItem({ nativeKey: '1', name: 'a' })] } });
    expect([500, 502, 503]).toContain(failed.status);
    expect(failed.json.status).toBe('failure');
    expect(sim.cmdb.count('cmdb_ci')).toBe(0);

    sim.setFaults({});
    expect((await call(sim, '/api/now/table/cmdb_ci')).status).toBe(200);
    expect(sim.stats()).toMatchObject({ rateLimited: 1, ireCalls: 0 });
  });

  it('forces item errors through failItemsWhere', async () => {
    const sim = await start({
      faults: {
        failItemsWhere: (item) => (JSON.stringify(item).includes('"doomed"') ? 'LOCK_TIMEOUT' : undefined),
      },
    });
    const result = await call(sim, IRE, {
      json: { items: [serverItem({ name: 'doomed' }), serverItem({ name: 'fine' })] },
    });
    expect(result.status).toBe(200);
    expect(
      result.json.result.items.map((i: { errors: Array<{ error: string }> }) => i.errors[0]?.error),
    ).toEqual(['LOCK_TIMEOUT', undefined]);
    expect(result.json.result.hasError).toBe(true);
  });
});

describe('IRE over HTTP', () => {
  it('rejects a body that is not JSON, has no items, or has too many', async () => {
    const sim = await start({ maxItemsPerPayload: 3 });
    const bad = await call(sim, IRE, { body: '{"items": [' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: { message: 'Exception while reading request', detail: 'The payload is not valid JSON.' },
      status: 'failure',
    });
    expect((await call(sim, IRE, { json: { things: [] } })).status).toBe(400);
    const big = await call(sim, IRE, {
      json: { items: [1, 2, 3, 4].map((n) => serverItem({ name: `h${n}` })) },
    });
    expect(big.status).toBe(400);
    expect(big.json.error.message).toBe('The payload has 4 items; at most 3 are accepted');
  });

  it('answers 200 with item errors for a missing or unknown data source', async () => {
    const sim = await start({ dataSources: ['SG-Qualys'] });
    for (const path of [
      '/api/now/identifyreconcile',
      '/api/now/identifyreconcile?sysparm_data_source=ServiceNow',
    ]) {
      const response = await call(sim, path, { json: { items: [serverItem({ name: 'x' })] } });
      expect(response.status).toBe(200);
      expect(response.json.result.items[0]).toMatchObject({
        sysId: 'Unknown',
        errorCount: 1,
        errors: [{ error: 'INVALID_INPUT_DATA' }],
      });
    }
  });

  it('loads a Qualys batch and reads it back through the Table API, a Linux server through cmdb_ci_server', async () => {
    const sim = await start();
    const batch = combine(
      cloudAsset(
        {
          nativeKey: '1001',
          name: 'web-01',
          serial: 'EC2-SERIAL-1',
          mac: '0a:00:00:00:00:01',
          software: [{ display_name: 'nginx', version: '1.24', publisher: 'F5' }],
        },
        'i-1',
        'us-east-1',
      ),
      {
        items: [serverItem({ nativeKey: '1002', name: 'win-01', className: 'cmdb_ci_win_server' })],
        relations: [],
      },
    );
    const response = await call(sim, `${IRE}&options=generate_summary:true`, { json: batch });
    expect(response.status).toBe(200);
    const result = response.json.result;
    expect(result.hasError).toBe(false);
    expect(result.items.map((i: { operation: string }) => i.operation)).toEqual([
      'INSERT',
      'INSERT',
      'INSERT',
      'INSERT',
    ]);
    expect(result.summary.cmdb_ci_linux_server).toMatchObject({ inserted: 1 });
    expect(result.summary.cmdb_sam_sw_install).toMatchObject({ inserted: 1 });
    const serverSysId = result.items[0].sysId;

    const servers = await call(sim, '/api/now/table/cmdb_ci_server?sysparm_query=ORDERBYname');
    expect(servers.headers.get('x-total-count')).toBe('2');
    expect(servers.json.result.map((r: Record<string, string>) => [r.name, r.sys_class_name])).toEqual([
      ['web-01', 'cmdb_ci_linux_server'],
      ['win-01', 'cmdb_ci_win_server'],
    ]);
    const one = await call(
      sim,
      `/api/now/table/cmdb_ci_computer/${serverSysId}?sysparm_fields=name,serial_number`,
    );
    expect(one.json).toEqual({ result: { name: 'web-01', serial_number: 'EC2-SERIAL-1' } });
    expect((await call(sim, `/api/now/table/cmdb_ci_netgear/${serverSysId}`)).status).toBe(404);

    const rels = await call(
      sim,
      '/api/now/table/cmdb_rel_ci?sysparm_fields=parent.name,child.name,type.name&sysparm_query=ORDERBYtype.name',
    );
    expect(rels.json.result).toEqual([
      { 'parent.name': 'i-1', 'child.name': 'us-east-1', 'type.name': 'Hosted on::Hosts' },
      { 'parent.name': 'i-1', 'child.name': 'web-01', 'type.name': 'Virtualized by::Virtualizes' },
    ]);
    const software = await call(
      sim,
      `/api/now/table/cmdb_sam_sw_install?sysparm_query=installed_on=${serverSysId}&sysparm_exclude_reference_link=true`,
    );
    expect(software.json.result).toMatchObject([
      { display_name: 'nginx', version: '1.24', publisher: 'F5', installed_on: serverSysId },
    ]);
    const source = await call(sim, '/api/now/table/sys_object_source?sysparm_query=id=1001');
    expect(source.json.result).toMatchObject([{ name: 'SG-Qualys', target_sys_id: serverSysId }]);

    expect((await call(sim, '/api/now/table/cmdb_ci_mobile_device')).json).toEqual({
      error: { message: 'Invalid table cmdb_ci_mobile_device', detail: null },
      status: 'failure',
    });

    const retired = await call(sim, IRE, {
      json: { items: [serverItem({ nativeKey: '1002', name: 'win-01', values: { install_status: '7' } })] },
    });
    expect(retired.json.result.items[0].operation).toBe('UPDATE');
    const gone = await call(sim, '/api/now/table/cmdb_ci?sysparm_query=install_status=7&sysparm_fields=name');
    expect(gone.json.result).toEqual([{ name: 'win-01' }]);
  });

  it('pages with sysparm_limit/offset and a Link header', async () => {
    const sim = await start();
    const items = Array.from({ length: 5 }, (_, n) => serverItem({ nativeKey: `p${n}`, name: `page-${n}` }));
    await call(sim, IRE, { json: { items } });
    const page = await call(
      sim,
      '/api/now/table/cmdb_ci_linux_server?sysparm_limit=2&sysparm_offset=2&sysparm_fields=name&sysparm_query=nameSTARTSWITHpage',
    );
    expect(page.json.result).toEqual([{ name: 'page-2' }, { name: 'page-3' }]);
    expect(page.headers.get('x-total-count')).toBe('5');
    const link = page.headers.get('link') ?? '';
    const next = /<([^>]+)>;rel="next"/.exec(link)?.[1];
    expect(link).toContain('rel="prev"');
    expect(link).toContain('rel="last"');
    const rest = await call(sim, next!.slice(sim.url.length));
    expect(rest.json.result).toEqual([{ name: 'page-4' }]);
    expect(rest.headers.get('link')).not.toContain('rel="next"');
  });

  it('serves the versioned prefix, and the query endpoint commits nothing', async () => {
    const sim = await start();
    const dry = await call(sim, '/api/now/v1/identifyreconcile/query?sysparm_data_source=SG-Qualys', {
      json: { items: [serverItem({ nativeKey: 'Q', name: 'dry-01' })] },
    });
    expect(dry.json.result.items[0]).toMatchObject({ operation: 'INSERT', sysId: 'Unknown' });
    expect(sim.cmdb.count('cmdb_ci')).toBe(0);
    const real = await call(sim, '/api/now/v1/identifyreconcile/enhanced?sysparm_data_source=SG-Qualys', {
      json: { items: [serverItem({ nativeKey: 'Q', name: 'dry-01' })] },
    });
    expect(real.json.result.items[0].operation).toBe('INSERT');
    expect(sim.cmdb.count('cmdb_ci')).toBe(1);
  });
});

describe('/_sim admin routes', () => {
  it('reports stats, forces errors by native key, expires tokens, summarises and resets the CMDB', async () => {
    const sim = await start();
    const faults = await call(sim, '/_sim/faults', {
      auth: null,
      json: { failNativeKeys: { '666': 'LOCK_TIMEOUT' } },
    });
    expect(faults.json).toMatchObject({ failNativeKeys: { '666': 'LOCK_TIMEOUT' }, rate429: 0 });
    expect((await call(sim, '/_sim/faults', { auth: null, json: { rate429: 2 } })).status).toBe(400);

    const load = await call(sim, IRE, {
      json: {
        items: [
          serverItem({ nativeKey: '666', name: 'cursed' }),
          serverItem({ nativeKey: '667', name: 'blessed', values: { install_status: '7' } }),
        ],
      },
    });
    expect(load.json.result.items[0].errors).toEqual([
      { error: 'LOCK_TIMEOUT', message: 'Simulated fault: LOCK_TIMEOUT forced on this payload item' },
    ]);
    expect(load.json.result.items[1].operation).toBe('INSERT');

    const summary = await call(sim, '/_sim/cmdb/summary', { auth: null });
    expect(summary.json).toMatchObject({
      classes: { cmdb_ci_linux_server: 1 },
      cis: 1,
      relations: 0,
      retired: 1,
      objectSources: 1,
    });

    const stats = await call(sim, '/_sim/stats', { auth: null });
    expect(stats.json).toMatchObject({
      ireCalls: 1,
      itemsReceived: 2,
      requests: 1,
      byRoute: { 'POST /api/now/identifyreconcile/enhanced': 1 },
    });

    const token = await call(sim, '/oauth_token.do', {
      auth: null,
      form: { grant_type: 'client_credentials', client_id: 'sn-sim-client', client_secret: 'sn-sim-secret' },
    });
    expect((await call(sim, '/_sim/expire-tokens', { auth: null, method: 'POST' })).json).toEqual({
      expired: 1,
    });
    expect(
      (await call(sim, '/api/now/table/cmdb_ci', { auth: `Bearer ${token.json.access_token}` })).status,
    ).toBe(401);

    await call(sim, '/_sim/reset', { auth: null, method: 'POST' });
    expect((await call(sim, '/_sim/cmdb/summary', { auth: null })).json).toMatchObject({
      cis: 0,
      objectSources: 0,
    });
    sim.resetStats();
    expect(sim.stats()).toEqual({ requests: 0, ireCalls: 0, itemsReceived: 0, rateLimited: 0, byRoute: {} });
  });

  it('refuses invalid options, naming the field', async () => {
    await expect(startServiceNowSimulator({ port: -1 })).rejects.toThrow(/port/);
    await expect(startServiceNowSimulator({ dataSources: [] })).rejects.toThrow(/dataSources/);
  });
});
