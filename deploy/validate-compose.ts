/**
 * Validates docker-compose.yml with `docker compose config -q` where the compose plugin exists, else
 * with Debian's `docker-compose` (which needs no engine). Part of `npm run lint`.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const file = resolve(import.meta.dirname, '..', 'docker-compose.yml');
const candidates: Array<[string, string[]]> = [
  ['docker', ['compose', '-f', file, 'config', '-q']],
  ['docker-compose', ['-f', file, 'config', '-q']],
];

for (const [command, args] of candidates) {
  const probe = spawnSync(command, command === 'docker' ? ['compose', 'version'] : ['version'], {
    stdio: 'ignore',
  });
  if (probe.status !== 0) continue;
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, SLUICE_ADMIN_TOKEN: 'validation-only' },
  });
  if (result.status !== 0) {
    process.stderr.write(`docker-compose.yml is invalid (${command} ${args.join(' ')})\n`);
    process.exit(1);
  }
  process.stdout.write(`docker-compose.yml is valid (${command})\n`);
  process.exit(0);
}
process.stderr.write(
  'docker-compose.yml not validated: neither `docker compose` nor `docker-compose` is installed (.ci/run installs it)\n',
);
process.exit(process.env.CI ? 1 : 0);
