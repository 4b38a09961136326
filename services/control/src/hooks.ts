import { spawn } from 'node:child_process';
import type { Connection } from '@sluice/connections';
import { HttpClient } from '@sluice/http';
import { scrubText } from '@sluice/logging';

type Hook = NonNullable<Connection['hooks']['pre']>;

export interface HookOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

export interface HookContext {
  readonly connection: string;
  readonly runId: string;
  readonly phase: 'pre' | 'post';
  readonly state?: string;
  readonly summary?: unknown;
}

function tail(text: string, max = 400): string {
  const trimmed = text.trim();
  return scrubText(trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed);
}

/** Runs a command hook with the run in its environment; its exit code decides. */
function runCommand(command: string, timeoutMs: number, context: HookContext): Promise<HookOutcome> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], {
      env: {
        ...process.env,
        SLUICE_CONNECTION: context.connection,
        SLUICE_RUN_ID: context.runId,
        SLUICE_HOOK: context.phase,
        ...(context.state ? { SLUICE_RUN_STATE: context.state } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: `could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ok = code === 0;
      const why = signal ? `killed by ${signal} after ${timeoutMs} ms` : `exit code ${code}`;
      resolve({ ok, detail: `${command}: ${why}${output.trim() ? `: ${tail(output)}` : ''}` });
    });
  });
}

/** Calls an HTTP hook with the run as JSON; any 2xx answer is success. */
async function callUrl(
  url: string,
  method: 'GET' | 'POST',
  timeoutMs: number,
  context: HookContext,
): Promise<HookOutcome> {
  const client = new HttpClient({ name: 'hook', baseUrl: url, timeoutMs, retry: { maxAttempts: 2 } });
  try {
    const response = await client.request({
      method,
      path: url,
      ...(method === 'POST' ? { json: context } : {}),
    });
    return { ok: true, detail: `${method} ${url}: ${response.status}` };
  } catch (error) {
    return { ok: false, detail: `${method} ${url}: ${tail((error as Error).message)}` };
  } finally {
    await client.close();
  }
}

/** A pre- or post-run hook, whichever kind the connection defines. */
export function runHook(hook: Hook, context: HookContext): Promise<HookOutcome> {
  return 'command' in hook
    ? runCommand(hook.command, hook.timeoutMs, context)
    : callUrl(hook.url, hook.method, hook.timeoutMs, context);
}
