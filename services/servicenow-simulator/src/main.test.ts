import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('main.ts', () => {
  it('prints its URL as one JSON line, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--data-source', 'SG-Qualys'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/api/now/table/cmdb_ci_server`, {
        headers: { authorization: `Basic ${Buffer.from('sn-sim:sn-sim-password').toString('base64')}` },
      });
      expect(await response.json()).toEqual({ result: [] });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
