/**
 * `npm run stack -- up | status | down`, twice in a row, on a stack home of its own: the second `up`
 * finds the data of the first (a topic created before the restart is still there).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@sluice/kafka';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const HOME = join(ROOT, '.stack-test', 'cli-home');
const env = { ...process.env, SLUICE_STACK_HOME: HOME };

async function stack(
  command: string,
): Promise<{ code: number; status: { kafka: string; schemaRegistry: string; running: boolean } }> {
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, 'deploy/local/stack-cli.ts'), command], {
      env,
      timeout: 180_000,
    });
    return { code: 0, status: JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? 1, status: JSON.parse(e.stdout?.trim().split('\n').at(-1) ?? '{}') };
  }
}

afterAll(async () => {
  await stack('clean');
  rmSync(HOME, { recursive: true, force: true });
});

describe('npm run stack', () => {
  it('goes up, reports its status and goes down, twice, keeping its data', async () => {
    const topic = `stack-restart-${Date.now()}`;
    for (const round of [1, 2]) {
      const up = await stack('up');
      expect(up.code, `up #${round}`).toBe(0);
      expect(up.status.running).toBe(true);
      expect(up.status.kafka).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(up.status.schemaRegistry).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
      const status = await stack('status');
      expect(status).toEqual({ code: 0, status: up.status });
      expect((await fetch(`${up.status.schemaRegistry}/subjects`)).status).toBe(200);
      const admin = createKafka({ brokers: [up.status.kafka], clientId: 'stack-test' }).admin();
      await admin.connect();
      if (round === 1)
        await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      else expect(await admin.listTopics()).toContain(topic);
      await admin.disconnect();
      const down = await stack('down');
      expect(down.code).toBe(0);
      expect(down.status.running).toBe(false);
      expect((await stack('status')).code).toBe(3);
    }
  });
});
