/** `npm run stack -- up | down | status | clean`: the local Kafka + schema registry, without Docker. */
import { join } from 'node:path';
import { LocalStack, PROJECT_ROOT, StackError } from './stack.ts';

const USAGE = 'usage: npm run stack -- up | down | status | clean';

async function main(command: string | undefined): Promise<number> {
  const stack = new LocalStack({ home: process.env.SLUICE_STACK_HOME ?? join(PROJECT_ROOT, '.stack') });
  switch (command) {
    case 'up':
      process.stdout.write(`${JSON.stringify(await stack.up())}\n`);
      return 0;
    case 'down':
      await stack.down();
      process.stdout.write(`${JSON.stringify(await stack.status())}\n`);
      return 0;
    case 'status': {
      const status = await stack.status();
      process.stdout.write(`${JSON.stringify(status)}\n`);
      return status.running ? 0 : 3;
    }
    case 'clean':
      await stack.clean();
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = error instanceof StackError ? error.code : 'STACK_ERROR';
    process.stderr.write(`${code}: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
