/** The etm-sink service: `etm.assets.v1` → Qualys ETM. */
import { ConnectionStore } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { EtmSink } from './etm-sink.ts';

await runService('etm-sink', async ({ kafka, logger, env, registryUrl }) => {
  const connections = new ConnectionStore({ kafka, name: `etm-sink-${env.INSTANCE_ID}`, logger });
  await connections.start();
  const sink = new EtmSink({
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
