#!/usr/bin/env node
/**
 * `sluice`: the command line.
 *   sluice run <connection> --config <file> --once [--full | --delta]
 */
import { parseArgs } from 'node:util';
import { describeError } from '@sluice/errors';
import { createLogger } from '@sluice/logging';
import { AllInOne } from './all-in-one.ts';
import { loadSluiceConfig } from './config.ts';
import { cliErrors } from './errors.ts';
import { ProgressLine } from './progress.ts';
import { runSummary } from './summary.ts';

const USAGE = `usage:
  sluice run <connection> --config <file> --once [--full | --delta] [--timeout <seconds>]`;

async function runOnce(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      once: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      delta: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '3600' },
    },
  });
  const name = positionals[0];
  if (!name) throw cliErrors.USAGE(USAGE);
  if (!values.once)
    throw cliErrors.USAGE(
      'sluice run needs --once to run in this process (producer, transformer and sink together)',
    );
  if (values.full && values.delta) throw cliErrors.USAGE('--full and --delta exclude each other');
  const config = loadSluiceConfig(values.config);
  const logger = createLogger({ name: 'sluice', level: config.logLevel });
  const pipeline = new AllInOne({ config, logger });
  pipeline.connection(name);
  const progress = new ProgressLine();
  await pipeline.start();
  try {
    const view = await pipeline.run(name, values.full ? 'full' : values.delta ? 'delta' : 'auto', {
      timeoutMs: Number(values.timeout) * 1000,
      onUpdate: (v) => progress.update(v),
    });
    progress.update(view);
    progress.end();
    process.stdout.write(`${JSON.stringify(runSummary(view), null, 2)}\n`);
    return view.state === 'Completed' ? 0 : 1;
  } finally {
    await pipeline.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runOnce(rest);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, message } = describeError(error);
    process.stderr.write(`sluice: ${code}: ${message}\n`);
    process.exit(code === 'USAGE' ? 2 : 1);
  },
);
