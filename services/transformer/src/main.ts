/** The transformer service: raw topics → normalized Avro topics, exactly once. */
import { ConnectionStore } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { Transformer } from './transformer.ts';

await runService('transformer', async ({ kafka, logger, env, registryUrl }) => {
  const connections = new ConnectionStore({ kafka, name: `transformer-${env.INSTANCE_ID}`, logger });
  await connections.start();
  const transformer = new Transformer({
    kafka,
    registryUrl: registryUrl(),
    connections,
    logger,
    instanceId: env.INSTANCE_ID,
    ...(process.env.SLUICE_CI_CLASS_RULES ? { ciClassRulesPath: process.env.SLUICE_CI_CLASS_RULES } : {}),
  });
  await transformer.start();
  return {
    ready: () => transformer.ready,
    stop: async () => {
      await transformer.stop();
      await connections.stop();
    },
  };
});
