/** The etm-sink service: `etm.assets.v1` → Qualys ETM. */
import { runService } from '@sluice/service';
import { EtmSink } from './etm-sink.ts';

await runService('etm-sink', async ({ kafka, logger, env, registryUrl, connections }) => {
  const sink = new EtmSink({
    kafka,
    registryUrl: registryUrl(),
    connections: await connections(),
    logger,
    instanceId: env.INSTANCE_ID,
  });
  await sink.start();
  return { ready: () => sink.ready, stop: () => sink.stop() };
});
