/**
 * Qualys → CMDB at scale: 20 000 assets from the simulator (Global AssetView), classed and built into
 * IRE items, then loaded through the ServiceNow simulator — one stage at a time in this process.
 */
import { CmdbSink } from '@sluice/cmdb-sink';
import { qualysCmdbConnectionSchema, StaticDirectory } from '@sluice/connections';
import { createKafka, ensureTopics, RecordProducer } from '@sluice/kafka';
import { createLogger } from '@sluice/logging';
import { pipelineTopics, RunBoard, RunEventWriter } from '@sluice/pipeline';
import { QualysProducer } from '@sluice/qualys-producer';
import { Transformer } from '@sluice/transformer';
import { type Cluster, MemorySampler, seconds, startSimulator, timeSink, waitFor } from './support.ts';

const ASSETS = 20_000;

export async function benchQualysCmdb(cluster: Cluster) {
  const qualys = await startSimulator('qualys-simulator', ['--seed', '1', '--assets', String(ASSETS)]);
  const servicenow = await startSimulator('servicenow-simulator', []);
  process.env.BENCH_QUALYS_PASSWORD = 'qualys-sim-password';
  process.env.BENCH_SN_PASSWORD = 'sn-sim-password';
  const memory = new MemorySampler();
  const logger = createLogger({ name: 'bench', level: 'warn' });
  const connection = qualysCmdbConnectionSchema.parse({
    name: 'bench-qualys',
    type: 'qualys-cmdb',
    qualys: { gatewayUrl: qualys.url, username: 'qualys-sim', password: '${BENCH_QUALYS_PASSWORD}' },
    servicenow: {
      instanceUrl: servicenow.url,
      auth: { type: 'basic', username: 'sn-sim', password: '${BENCH_SN_PASSWORD}' },
      batchSize: 100,
      partitionSize: 1000,
      concurrency: 4,
    },
  });
  const connections = new StaticDirectory([connection]);
  const kafka = createKafka({ brokers: cluster.brokers, clientId: 'bench', logger });
  await ensureTopics(kafka, pipelineTopics(6));
  const producer = new RecordProducer(kafka);
  await producer.connect();
  const board = new RunBoard(kafka, 'bench-qualys');
  await board.start();
  const runId = `bench-qualys-${Date.now()}`;

  const pullStarted = Date.now();
  const outcome = await new QualysProducer({ producer, events: new RunEventWriter(producer), logger }).run(
    connection,
    { runId },
  );
  const pullMs = Date.now() - pullStarted;
  const assets = outcome.pulled.assets ?? 0;

  const transformer = new Transformer({
    kafka,
    registryUrl: cluster.registryUrl,
    connections,
    logger,
    instanceId: 'bench-qualys',
  });
  await transformer.start();
  const transformStarted = Date.now();
  await waitFor(
    () => {
      const t = board.get(runId)?.transformer ?? {};
      const done = (t.cis ?? 0) + (t.deadLettered ?? 0);
      return done >= assets ? done : undefined;
    },
    600_000,
    'the transformer',
  );
  const transformMs = Date.now() - transformStarted;

  const sink = new CmdbSink({
    kafka,
    registryUrl: cluster.registryUrl,
    connections,
    logger,
    instanceId: 'bench-qualys',
  });
  const { view, ms: sinkMs } = await timeSink(sink, board, runId, 'the CMDB sink');
  const mem = memory.stop();
  await sink.stop();
  await transformer.stop();
  await board.stop();
  await producer.disconnect();
  await Promise.all([qualys.stop(), servicenow.stop()]);

  const loaded = (view.sink.inserted ?? 0) + (view.sink.updated ?? 0) + (view.sink.unchanged ?? 0);
  return {
    benchmark: 'qualys-cmdb',
    status: view.state,
    assets,
    apiCalls: outcome.apiCalls,
    rateLimited429: outcome.rateLimited,
    pull: { seconds: seconds(pullMs), assetsPerSecond: Math.round(assets / (pullMs / 1000)) },
    transformer: {
      cis: view.transformer.cis ?? 0,
      seconds: seconds(transformMs),
      assetsPerSecond: Math.round(assets / (transformMs / 1000)),
    },
    sink: {
      inserted: view.sink.inserted ?? 0,
      updated: view.sink.updated ?? 0,
      errors: view.sink.errors ?? 0,
      ireBatches: view.sink.ireBatches ?? 0,
      seconds: seconds(sinkMs),
      assetsPerSecond: Math.round(loaded / (sinkMs / 1000)),
    },
    peakMemory: mem,
  };
}
