/** The transformer service: raw topics → normalized Avro topics, exactly once. */
import { runService } from '@sluice/service';
import { Transformer } from './transformer.ts';

await runService('transformer', async ({ kafka, logger, env, registryUrl, connections }) => {
  const transformer = new Transformer({
    kafka,
    registryUrl: registryUrl(),
    connections: await connections(),
    logger,
    instanceId: env.INSTANCE_ID,
    ...(process.env.SLUICE_CI_CLASS_RULES ? { ciClassRulesPath: process.env.SLUICE_CI_CLASS_RULES } : {}),
  });
  await transformer.start();
  return { ready: () => transformer.ready, stop: () => transformer.stop() };
});
