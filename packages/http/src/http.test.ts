import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, HttpClient, serverRequestedDelay, TokenBucket } from './index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<{ url: string; hits: () => number }> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => n };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('HttpClient', () => {
  it('honours Retry-After on 429 and then succeeds', async () => {
    const api = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' }).end('{"errors":[]}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
    });
    const { waits, sleep } = recordingSleep();
    const client = new HttpClient({ name: 'test', baseUrl: api.url, sleep });
    expect(await client.json({ path: '/thing' })).toEqual({ ok: true });
    expect(waits).toEqual([3000]);
    expect(client.stats).toMatchObject({ calls: 2, rateLimited: 1, retries: 1 });
  });

  it('honours X-RateLimit-ToWait-Sec when there is no Retry-After', async () => {
    const api = await serve((_req, res, n) => {
      res.writeHead(n === 1 ? 429 : 200, n === 1 ? { 'x-ratelimit-towait-sec': '7' } : {}).end('{}');
    });
    const { waits, sleep } = recordingSleep();
    await new HttpClient({ name: 'test', baseUrl: api.url, sleep }).request({ path: '/' });
    expect(waits).toEqual([7000]);
  });

  it('gives up on 401 with a coded, non-retriable error and does not retry', async () => {
    const api = await serve((_req, res) => res.writeHead(401).end('{"errors":[{"detail":"bad token"}]}'));
    const client = new HttpClient({ name: 'test', baseUrl: api.url, sleep: async () => {} });
    const error = await client.request({ path: '/secure' }).catch((e) => e);
    expect(error.code).toBe('HTTP_UNAUTHORIZED');
    expect(error.retriable).toBe(false);
    expect(api.hits()).toBe(1);
  });

  it('refreshes credentials once on 401 and retries', async () => {
    const api = await serve((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer new' ? 200 : 401).end('{}');
    });
    let token = 'old';
    const client = new HttpClient({
      name: 'test',
      baseUrl: api.url,
      auth: {
        headers: () => ({ authorization: `Bearer ${token}` }),
        refresh: async () => {
          token = 'new';
        },
      },
    });
    expect((await client.request({ path: '/' })).status).toBe(200);
    expect(api.hits()).toBe(2);
  });

  it('retries 5xx with backoff and reports exhaustion with the last cause', async () => {
    const api = await serve((_req, res) => res.writeHead(503).end('down'));
    const { waits, sleep } = recordingSleep();
    const client = new HttpClient({ name: 'test', baseUrl: api.url, sleep, retry: { maxAttempts: 3 } });
    const error = await client.request({ path: '/x' }).catch((e) => e);
    expect(error.code).toBe('HTTP_RETRIES_EXHAUSTED');
    expect(error.details.lastCode).toBe('HTTP_SERVER_ERROR');
    expect(waits).toHaveLength(2);
    expect(api.hits()).toBe(3);
  });

  it('does not retry a 400 and keeps secrets out of the error', async () => {
    const api = await serve((_req, res) => res.writeHead(400).end('bad param token=abcdef123456'));
    const client = new HttpClient({ name: 'test', baseUrl: api.url, sleep: async () => {} });
    const error = await client
      .request({ path: '/x', headers: { authorization: 'token abcdef123456' } })
      .catch((e) => e);
    expect(error.code).toBe('HTTP_BAD_REQUEST');
    expect(JSON.stringify(error)).not.toContain('abcdef123456');
    expect(error.message).not.toContain('abcdef123456');
    expect(api.hits()).toBe(1);
  });

  it('retries a dropped connection', async () => {
    const api = await serve((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else res.writeHead(200).end('{"ok":1}');
    });
    const client = new HttpClient({ name: 'test', baseUrl: api.url, sleep: async () => {} });
    expect(await client.json({ path: '/' })).toEqual({ ok: 1 });
  });

  it('lets a client-specific rule classify a response', async () => {
    const api = await serve((_req, res, n) =>
      res.writeHead(n === 1 ? 409 : 200).end(n === 1 ? '<CODE>1965</CODE>' : 'ok'),
    );
    const { waits, sleep } = recordingSleep();
    const client = new HttpClient({
      name: 'qps',
      baseUrl: api.url,
      sleep,
      classify: (r) =>
        r.status === 409 && r.text.includes('1965')
          ? { retriable: true, code: 'QPS_RATE_LIMITED', message: 'rate', delayMs: 2000, rateLimited: true }
          : undefined,
    });
    expect((await client.request({ path: '/' })).text).toBe('ok');
    expect(waits).toEqual([2000]);
    expect(client.stats.rateLimited).toBe(1);
  });
});

describe('retry helpers', () => {
  it('reads server-requested delays', () => {
    expect(serverRequestedDelay({ 'retry-after': '2' })).toBe(2000);
    expect(serverRequestedDelay({ 'x-ratelimit-reset': '5' })).toBe(5000);
    expect(serverRequestedDelay({ 'x-ratelimit-reset': '2000000010' }, 2_000_000_000_000)).toBe(10_000);
    expect(serverRequestedDelay({})).toBeUndefined();
  });

  it('keeps jittered backoff within half and all of the exponential ceiling', () => {
    expect(backoffDelay(DEFAULT_RETRY, 1, () => 0)).toBe(150);
    expect(backoffDelay(DEFAULT_RETRY, 3, () => 1)).toBe(1200);
    expect(backoffDelay(DEFAULT_RETRY, 30, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

describe('TokenBucket', () => {
  it('spaces requests to the configured rate once the burst is used', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({
      perMinute: 60,
      burst: 2,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 4; i++) await bucket.acquire();
    expect(waits).toEqual([1000, 1000]);
    bucket.pauseUntil(now + 5000);
    await bucket.acquire();
    expect(waits[2]).toBe(5000);
  });
});
