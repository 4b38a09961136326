/** The snyk-producer service: pulls Snyk for the run requests of Snyk → ETM connections. */
import { RecordProducer } from '@sluice/kafka';
import { ConnectionStore, CursorStore, RunEventWriter, RunRequestWorker } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { SnykProducer } from './producer.ts';
import { snykRunRequests } from './requests.ts';

await runService('snyk-producer', async ({ kafka, logger, env }) => {
  const producer = new RecordProducer(kafka);
  await producer.connect();
  const connections = new ConnectionStore({ kafka, name: `snyk-producer-${env.INSTANCE_ID}`, logger });
  const cursors = new CursorStore(kafka, producer, `snyk-producer-${env.INSTANCE_ID}`);
  await Promise.all([connections.start(), cursors.start()]);
  const snyk = new SnykProducer({ producer, cursors, events: new RunEventWriter(producer), logger });
  const worker = new RunRequestWorker({
    kafka,
    groupId: 'sluice-snyk-producer',
    handle: snykRunRequests(snyk, connections, logger),
    logger,
  });
  await worker.start();
  return {
    ready: () => true,
    stop: async () => {
      await worker.stop();
      await Promise.all([connections.stop(), cursors.stop()]);
      await producer.disconnect();
    },
  };
});
