import { readConfigFile } from '@sluice/config';
import { ControlClient } from './control-client.ts';
import { cliErrors } from './errors.ts';
import { ProgressLine } from './progress.ts';

interface ConnectionView {
  name: string;
  type: string;
  state: string;
  nextRunAt: string | null;
  enabled: boolean;
  lastRun: { runId: string; state: string; finishedAt?: string } | null;
  changed?: boolean;
}

interface RunSummary {
  runId: string;
  connectionId: string;
  state: string;
  mode: string;
  trigger: string;
  startedAt?: string;
  requestedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  pulled: Record<string, number>;
  mapped: Record<string, number>;
  loaded: Record<string, number>;
  deadLettered: number;
  rejected: number;
  apiCalls: { source: number; target: number };
  rateLimited: { source: number; target: number };
  partitionsCompleted: number;
  partitions: number | null;
  error: { code: string; message: string; suggestion?: string } | null;
}

export function controlClient(url: string | undefined): ControlClient {
  const token = process.env.SLUICE_ADMIN_TOKEN;
  if (!token) throw cliErrors.USAGE('set SLUICE_ADMIN_TOKEN to the control service admin token');
  return new ControlClient(url ?? process.env.SLUICE_CONTROL_URL ?? 'http://127.0.0.1:8080', token);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, v) => s + v, 0);

export async function listConnections(client: ControlClient): Promise<number> {
  const connections = await client.call<ConnectionView[]>('GET', 'api/connections');
  process.stdout.write(
    `${table([
      ['NAME', 'TYPE', 'STATE', 'NEXT RUN', 'LAST RUN'],
      ...connections.map((c) => [
        c.name,
        c.type,
        c.enabled ? c.state : `${c.state} (disabled)`,
        c.nextRunAt ?? '-',
        c.lastRun ? `${c.lastRun.runId} ${c.lastRun.state}` : '-',
      ]),
    ])}\n`,
  );
  return 0;
}

/** Declarative and idempotent: each connection of the file is created or replaced; equal ones are left alone. */
export async function applyConnections(client: ControlClient, file: string): Promise<number> {
  const content = readConfigFile(file);
  const connections = content.connections;
  if (!Array.isArray(connections)) throw cliErrors.USAGE(`${file} has no connections list`);
  for (const definition of connections as Array<Record<string, unknown>>) {
    const name = String(definition.name ?? '');
    if (!name) throw cliErrors.USAGE(`${file}: every connection needs a name`);
    const before = await client.call<ConnectionView[]>('GET', 'api/connections');
    const existed = before.some((c) => c.name === name);
    const result = await client.call<ConnectionView>(
      'PUT',
      `api/connections/${encodeURIComponent(name)}`,
      definition,
    );
    process.stdout.write(`${name}: ${!existed ? 'created' : result.changed ? 'updated' : 'unchanged'}\n`);
  }
  return 0;
}

export async function testConnectionCommand(client: ControlClient, name: string): Promise<number> {
  const result = await client.call<{
    ok: boolean;
    checks: Array<{
      name: string;
      status: string;
      message: string;
      suggestion?: string;
      statusCode?: number;
    }>;
  }>('POST', `api/connections/${encodeURIComponent(name)}/test`);
  for (const check of result.checks) {
    const mark = check.status === 'passed' ? '✓' : check.status === 'failed' ? '✗' : '–';
    process.stdout.write(
      `${mark} ${check.name.padEnd(15)} ${check.statusCode ? `[${check.statusCode}] ` : ''}${check.message}\n`,
    );
    if (check.suggestion && check.status !== 'passed') process.stdout.write(`  ↳ ${check.suggestion}\n`);
  }
  return result.ok ? 0 : 1;
}

export async function deleteConnection(client: ControlClient, name: string): Promise<number> {
  await client.call('DELETE', `api/connections/${encodeURIComponent(name)}`);
  process.stdout.write(`${name}: deleted\n`);
  return 0;
}

export async function listRuns(
  client: ControlClient,
  connection: string | undefined,
  limit: number,
): Promise<number> {
  const query = new URLSearchParams({ limit: String(limit), ...(connection ? { connection } : {}) });
  const runs = await client.call<RunSummary[]>('GET', `api/runs?${query}`);
  process.stdout.write(
    `${table([
      [
        'RUN',
        'CONNECTION',
        'STATE',
        'MODE',
        'TRIGGER',
        'STARTED',
        'DURATION',
        'PULLED',
        'LOADED',
        'DLQ',
        '429s',
      ],
      ...runs.map((r) => [
        r.runId,
        r.connectionId,
        r.state,
        r.mode,
        r.trigger,
        r.startedAt ?? r.requestedAt ?? '-',
        r.durationMs === undefined ? '-' : `${(r.durationMs / 1000).toFixed(1)} s`,
        String(sum(r.pulled)),
        String(sum(r.loaded)),
        String(r.deadLettered),
        String(r.rateLimited.source + r.rateLimited.target),
      ]),
    ])}\n`,
  );
  return 0;
}

export async function showRun(client: ControlClient, runId: string): Promise<number> {
  const run = await client.call<RunSummary>('GET', `api/runs/${encodeURIComponent(runId)}`);
  process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  return run.state === 'Failed' ? 1 : 0;
}

const OVER = new Set(['Completed', 'Failed']);

/** Asks the control service for a run and follows it with a progress line until it is over. */
export async function runThroughControl(client: ControlClient, name: string, mode: string): Promise<number> {
  const { runId } = await client.call<{ runId: string }>(
    'POST',
    `api/connections/${encodeURIComponent(name)}/runs`,
    { mode },
  );
  process.stderr.write(`run ${runId} requested\n`);
  const progress = new ProgressLine();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    let run: RunSummary;
    try {
      run = await client.call<RunSummary>('GET', `api/runs/${encodeURIComponent(runId)}`);
    } catch (error) {
      if ((error as { code?: string }).code === 'RUN_NOT_FOUND') continue;
      throw error;
    }
    progress.update({
      connectionId: run.connectionId,
      state: run.state,
      pulled: sum(run.pulled),
      mapped: (run.mapped.assets ?? 0) + (run.mapped.findings ?? 0) + (run.mapped.cis ?? 0),
      loaded: sum(run.loaded),
      partitionsCompleted: run.partitionsCompleted,
      partitions: run.partitions,
      apiCalls: run.apiCalls.source,
      rateLimited: run.rateLimited.source,
    });
    const over =
      OVER.has(run.state) &&
      (run.state === 'Failed' || run.partitions === null || run.partitionsCompleted >= run.partitions);
    if (over) {
      progress.end();
      const {
        timeline: _t,
        stages: _s,
        transformer: _tr,
        sink: _sk,
        ...summary
      } = run as RunSummary & Record<string, unknown>;
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return run.state === 'Completed' ? 0 : 1;
    }
  }
}
