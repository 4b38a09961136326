/** The qualys-producer service: pulls Qualys for the run requests of Qualys → CMDB connections. */
import { RecordProducer } from '@sluice/kafka';
import { RunEventWriter, RunRequestWorker } from '@sluice/pipeline';
import { runService } from '@sluice/service';
import { QualysProducer } from './producer.ts';
import { qualysRunRequests } from './requests.ts';

await runService('qualys-producer', async ({ kafka, logger, connections }) => {
  const producer = new RecordProducer(kafka);
  await producer.connect();
  const qualys = new QualysProducer({ producer, events: new RunEventWriter(producer), logger });
  const handle = qualysRunRequests(qualys, await connections(), logger);
  const worker = new RunRequestWorker({ kafka, groupId: 'sluice-qualys-producer', handle, logger });
  await worker.start();
  return {
    ready: () => true,
    stop: async () => {
      await worker.stop();
      await producer.disconnect();
    },
  };
});
