/**
 * `npm run bench`: the throughput and memory figures of both connectors, printed as JSON. Uses
 * KAFKA_BROKERS / SCHEMA_REGISTRY_URL when set, else starts a local stack of its own. `npm run bench --
 * snyk` or `-- qualys` runs one.
 */
import { benchQualysCmdb } from './qualys-cmdb.ts';
import { benchSnykEtm } from './snyk-etm.ts';
import { benchCluster } from './support.ts';

const only = process.argv[2];
const cluster = await benchCluster();
const results: unknown[] = [];
try {
  if (!only || only === 'snyk') {
    process.stderr.write('bench: Snyk → ETM, 1 000 projects / 100 000 issues at 1 620 requests a minute…\n');
    const figures = await benchSnykEtm(cluster);
    results.push(figures);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  }
  if (!only || only === 'qualys') {
    process.stderr.write('bench: Qualys → CMDB, 20 000 assets…\n');
    const figures = await benchQualysCmdb(cluster);
    results.push(figures);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  }
} finally {
  await cluster.stop();
}
process.exit(results.length > 0 ? 0 : 1);
