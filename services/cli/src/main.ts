#!/usr/bin/env node
/** `sluice`: the command line. Run it through npm (`npm run sluice -- …`) so it runs on the project's Node. */
import { parseArgs } from 'node:util';
import { describeError } from '@sluice/errors';
import { createLogger } from '@sluice/logging';
import { AllInOne } from './all-in-one.ts';
import { loadSluiceConfig } from './config.ts';
import {
  applyConnections,
  controlClient,
  deleteConnection,
  listConnections,
  listRuns,
  runThroughControl,
  showRun,
  testConnectionCommand,
} from './control-commands.ts';
import { cliErrors } from './errors.ts';
import { ProgressLine, progressOf } from './progress.ts';
import { runSummary } from './summary.ts';

const USAGE = `usage:
  sluice run <connection> --config <file> --once [--full | --delta] [--timeout <seconds>]
      producer, transformer and sinks in this process, for one run
  sluice run <connection> [--full | --delta]           ask the control service for a run and follow it
  sluice connections list | apply -f <file> | test <name> | delete <name>
  sluice runs list [--connection <name>] [--limit <n>] | show <runId>

The control service commands use SLUICE_CONTROL_URL (default http://127.0.0.1:8080, or --control <url>)
and the admin token in SLUICE_ADMIN_TOKEN.`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  file: { type: 'string', short: 'f' },
  once: { type: 'boolean', default: false },
  full: { type: 'boolean', default: false },
  delta: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '3600' },
  control: { type: 'string' },
  connection: { type: 'string' },
  limit: { type: 'string', default: '50' },
} as const;

async function runOnce(
  name: string,
  values: { config?: string | undefined; full?: boolean; delta?: boolean; timeout?: string },
): Promise<number> {
  const config = loadSluiceConfig(values.config);
  const logger = createLogger({ name: 'sluice', level: config.logLevel });
  const pipeline = new AllInOne({ config, logger });
  pipeline.connection(name);
  const progress = new ProgressLine();
  await pipeline.start();
  try {
    const view = await pipeline.run(name, values.full ? 'full' : values.delta ? 'delta' : 'auto', {
      timeoutMs: Number(values.timeout ?? 3600) * 1000,
      onUpdate: (v) => progress.update(progressOf(v)),
    });
    progress.update(progressOf(view));
    progress.end();
    process.stdout.write(`${JSON.stringify(runSummary(view), null, 2)}\n`);
    return view.state === 'Completed' ? 0 : 1;
  } finally {
    await pipeline.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, sub, arg] = positionals;
  if (values.full && values.delta) throw cliErrors.USAGE('--full and --delta exclude each other');
  const mode = values.full ? 'full' : values.delta ? 'delta' : 'auto';
  if (command === 'run') {
    if (!sub) throw cliErrors.USAGE(USAGE);
    if (values.once) return runOnce(sub, values);
    const client = controlClient(values.control);
    try {
      return await runThroughControl(client, sub, mode);
    } finally {
      await client.close();
    }
  }
  if (command === 'connections' || command === 'runs') {
    const client = controlClient(values.control);
    try {
      if (command === 'connections' && sub === 'list') return await listConnections(client);
      if (command === 'connections' && sub === 'apply') {
        if (!values.file) throw cliErrors.USAGE('sluice connections apply -f <file>');
        return await applyConnections(client, values.file);
      }
      if (command === 'connections' && sub === 'test' && arg) return await testConnectionCommand(client, arg);
      if (command === 'connections' && sub === 'delete' && arg) return await deleteConnection(client, arg);
      if (command === 'runs' && sub === 'list')
        return await listRuns(client, values.connection, Number(values.limit));
      if (command === 'runs' && sub === 'show' && arg) return await showRun(client, arg);
    } finally {
      await client.close();
    }
  }
  throw cliErrors.USAGE(USAGE);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, message } = describeError(error);
    const shown = (error as { code?: string }).code ?? code;
    process.stderr.write(shown === 'USAGE' ? `${message}\n` : `sluice: ${shown}: ${message}\n`);
    process.exit(shown === 'USAGE' ? 2 : 1);
  },
);
