import { afterEach, describe, expect, it } from 'vitest';
import { Counter, type ObservabilityServer, startObservabilityServer } from './index.ts';

let server: ObservabilityServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('observability server', () => {
  it('answers health, readiness and metrics', async () => {
    let ready = false;
    server = await startObservabilityServer({ service: 'probe', ready: () => ready });
    const counter = new Counter({ name: 'sluice_probe_total', help: 'probe', registers: [server.registry] });
    counter.inc(3);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    ready = true;
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready', service: 'probe' });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('sluice_probe_total{service="probe"} 3');
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });
});
