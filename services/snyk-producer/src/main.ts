/** The snyk-producer service: pulls Snyk for the run requests of Snyk → ETM connections. */
import { RecordProducer } from '@sluice/kafka';
import { CursorStore, RunEventWriter, RunRequestWorker } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { SnykProducer } from './producer.ts';
import { snykRunRequests } from './requests.ts';

await runService('snyk-producer', async ({ kafka, logger, env, connections }) => {
  const producer = new RecordProducer(kafka);
  await producer.connect();
  const cursors = new CursorStore(kafka, producer, `snyk-producer-${env.INSTANCE_ID}`);
  await cursors.start();
  const snyk = new SnykProducer({ producer, cursors, events: new RunEventWriter(producer), logger });
  const handle = snykRunRequests(snyk, await connections(), logger);
  const worker = new RunRequestWorker({ kafka, groupId: 'sluice-snyk-producer', handle, logger });
  await worker.start();
  return {
    ready: () => true,
    stop: async () => {
      await worker.stop();
      await cursors.stop();
      await producer.disconnect();
    },
  };
});
