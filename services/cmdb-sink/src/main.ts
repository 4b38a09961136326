/** The cmdb-sink service: `cmdb.cis.v1` → ServiceNow IRE. */
import { runService } from '@sluice/service';
import { CmdbSink } from './cmdb-sink.ts';

await runService('cmdb-sink', async ({ kafka, logger, env, registryUrl, connections }) => {
  const sink = new CmdbSink({
    kafka,
    registryUrl: registryUrl(),
    connections: await connections(),
    logger,
    instanceId: env.INSTANCE_ID,
  });
  await sink.start();
  return { ready: () => sink.ready, stop: () => sink.stop() };
});
