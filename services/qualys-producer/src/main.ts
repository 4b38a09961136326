/** The qualys-producer service: pulls Qualys for the run requests of Qualys → CMDB connections. */
import { RecordProducer } from '@sluice/kafka';
import { ConnectionStore, RunEventWriter, RunRequestWorker } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { QualysProducer } from './producer.ts';
import { qualysRunRequests } from './requests.ts';

await runService('qualys-producer', async ({ kafka, logger, env }) => {
  const producer = new RecordProducer(kafka);
  await producer.connect();
  const connections = new ConnectionStore({ kafka, name: `qualys-producer-${env.INSTANCE_ID}`, logger });
  await connections.start();
  const qualys = new QualysProducer({ producer, events: new RunEventWriter(producer), logger });
  const worker = new RunRequestWorker({
    kafka,
    groupId: 'sluice-qualys-producer',
    handle: qualysRunRequests(qualys, connections, logger),
    logger,
  });
  await worker.start();
  return {
    ready: () => true,
    stop: async () => {
      await worker.stop();
      await connections.stop();
      await producer.disconnect();
    },
  };
});
