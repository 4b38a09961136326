/** The cmdb-sink service: `cmdb.cis.v1` → ServiceNow IRE. */
import { ConnectionStore } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { CmdbSink } from './cmdb-sink.ts';

await runService('cmdb-sink', async ({ kafka, logger, env, registryUrl }) => {
  const connections = new ConnectionStore({ kafka, name: `cmdb-sink-${env.INSTANCE_ID}`, logger });
  await connections.start();
  const sink = new CmdbSink({
    kafka,
    registryUrl: registryUrl(),
    connections,
    logger,
    instanceId: env.INSTANCE_ID,
  });
  await sink.start();
  return {
    ready: () => sink.ready,
    stop: async () => {
      await sink.stop();
      await connections.stop();
    },
  };
});
