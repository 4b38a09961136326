/** Helpers shared by this service's tests: a fake clock, a capturing raw writer, clients on a simulator. */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretRef } from '@sluice/config';
import { type HttpEvent, TokenBucket } from '@sluice/http';
import type { RawWriter } from '@sluice/pipeline';
import { GavApi, type GavApiSettings } from './gav-api.ts';
import { QpsApi, type QpsApiSettings } from './qps-api.ts';

export const SIM_USER = 'qualys-sim';
export const SIM_PASSWORD = 'qualys-sim-password';

/** A secret held by reference, as a connection holds it. */
export function secret(value: string): SecretRef {
  return new SecretRef('${QUALYS_PASSWORD}', () => value);
}

/**
 * A clock that only moves when someone sleeps: every requested wait is recorded and then "passes" at
 * once, so retries and token lifetimes can be tested without waiting.
 */
export function fakeClock(start = Date.parse('2026-03-02T08:00:00Z')) {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    date: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}
export type FakeClock = ReturnType<typeof fakeClock>;

export interface WrittenRecord {
  readonly topic: string;
  readonly entity: string;
  readonly id: string;
  readonly data: unknown;
}

/** A `RawWriter` that keeps what a pull writes, in order. */
export class CapturingWriter implements RawWriter {
  readonly records: WrittenRecord[] = [];
  readonly written: Record<string, number> = {};
  flushes = 0;

  async write(topic: string, entity: string, id: string | number, data: unknown): Promise<void> {
    this.records.push({ topic, entity, id: String(id), data });
    this.written[entity] = (this.written[entity] ?? 0) + 1;
  }

  async flush(): Promise<void> {
    this.flushes++;
  }
}

/** Statuses the client saw, in order, from its `onEvent` hook. */
export function statusRecorder() {
  const statuses: Array<{ path: string; status: number }> = [];
  return {
    statuses,
    onEvent: (event: HttpEvent) => {
      if (event.type === 'http.response') statuses.push({ path: event.path, status: event.status });
    },
  };
}

/** Client seams on a fake clock, with a limiter of its own so tests never share a pause. */
function seams(clock: FakeClock) {
  return {
    now: clock.now,
    sleep: clock.sleep,
    limiter: new TokenBucket({ perMinute: 60_000, burst: 1000, now: clock.now, sleep: clock.sleep }),
    timeoutMs: 10_000,
  };
}

export function gavApi(url: string, clock: FakeClock, settings: Partial<GavApiSettings> = {}): GavApi {
  return new GavApi({
    gatewayUrl: url,
    username: SIM_USER,
    password: secret(SIM_PASSWORD),
    ...seams(clock),
    ...settings,
  });
}

export function qpsApi(url: string, clock: FakeClock, settings: Partial<QpsApiSettings> = {}): QpsApi {
  return new QpsApi({
    apiUrl: url,
    username: SIM_USER,
    password: secret(SIM_PASSWORD),
    ...seams(clock),
    ...settings,
  });
}

/**
 * A bare HTTP server for answers the simulator never gives (a 200 that says FAILED, 409 code 2003).
 * `hits` counts requests per path.
 */
export async function stubServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; hits: Record<string, number>; close: () => Promise<void> }> {
  const hits: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    req.resume();
    req.on('end', () => handler(req, res));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
