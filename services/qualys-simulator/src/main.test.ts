import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jwt } from './testing.ts';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('main.ts', () => {
  it('prints one JSON line with the url, serves the generated set, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [mainPath, '--port', '0', '--seed', '7', '--assets', '500'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const newline = out.indexOf('\n');
          if (newline >= 0) resolve(out.slice(0, newline));
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await jwt({ url });
      const count = await fetch(`${url}/rest/2.0/count/am/asset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await count.json()).toEqual({ responseCode: 'SUCCESS', count: 500 });

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(out.trim().split('\n')).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad flag value naming it', async () => {
    const child = spawn(process.execPath, [mainPath, '--assets', 'many'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('assets');
  });
});
