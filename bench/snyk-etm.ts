/**
 * Snyk → ETM at scale: 1 000 projects and 100 000 issues from the simulator at 1 620 requests a minute,
 * one stage at a time in this process (pull, then transform, then load), so each stage's rate is its own.
 */
import { StaticDirectory, snykEtmConnectionSchema } from '@sluice/connections';
import { EtmSink } from '@sluice/etm-sink';
import { createKafka, ensureTopics, RecordProducer } from '@sluice/kafka';
import { createLogger } from '@sluice/logging';
import { CursorStore, MAPPED_KEYS, pipelineTopics, RunBoard, RunEventWriter } from '@sluice/pipeline';
import { SnykProducer } from '@sluice/snyk-producer';
import { Transformer } from '@sluice/transformer';
import { type Cluster, MemorySampler, seconds, startSimulator, timeSink, waitFor } from './support.ts';

const RATE = 1620;

export async function benchSnykEtm(cluster: Cluster) {
  const snyk = await startSimulator('snyk-simulator', [
    '--seed',
    '1',
    '--orgs',
    '10',
    '--projects',
    '1000',
    '--issues',
    '100000',
    '--token',
    'bench-token',
    '--rate-limit',
    String(RATE),
  ]);
  const etm = await startSimulator('etm-simulator', []);
  process.env.BENCH_SNYK_TOKEN = 'bench-token';
  process.env.BENCH_ETM_PASSWORD = 'etm-sim-password';
  const memory = new MemorySampler();
  const logger = createLogger({ name: 'bench', level: 'warn' });
  const connection = snykEtmConnectionSchema.parse({
    name: 'bench-snyk',
    type: 'snyk-etm',
    snyk: {
      apiUrl: snyk.url,
      appUrl: 'https://app.snyk.io',
      token: '${BENCH_SNYK_TOKEN}',
      rateLimitPerMinute: RATE,
      pageSize: 100,
    },
    etm: {
      apiUrl: etm.url,
      username: 'etm-sim',
      password: '${BENCH_ETM_PASSWORD}',
      connectorUuid: '5f1c0000-0000-4000-8000-00000000e7e1',
    },
    removalGuard: { maxShare: 0.1 },
  });
  const connections = new StaticDirectory([connection]);
  const kafka = createKafka({ brokers: cluster.brokers, clientId: 'bench', logger });
  await ensureTopics(kafka, pipelineTopics(6));
  const producer = new RecordProducer(kafka);
  await producer.connect();
  const cursors = new CursorStore(kafka, producer, 'bench');
  const board = new RunBoard(kafka, 'bench');
  await Promise.all([cursors.start(), board.start()]);
  const runId = `bench-snyk-${Date.now()}`;

  const pullStarted = Date.now();
  const outcome = await new SnykProducer({
    producer,
    cursors,
    events: new RunEventWriter(producer),
    logger,
  }).run(connection, { runId, mode: 'full' });
  const pullMs = Date.now() - pullStarted;
  const records = (outcome.pulled.projects ?? 0) + (outcome.pulled.issues ?? 0);

  const transformer = new Transformer({
    kafka,
    registryUrl: cluster.registryUrl,
    connections,
    logger,
    instanceId: 'bench',
  });
  await transformer.start();
  const transformStarted = Date.now();
  await waitFor(
    () => {
      const t = board.get(runId)?.transformer ?? {};
      const done = Object.entries(t).reduce(
        (s, [k, v]) =>
          s + (MAPPED_KEYS.includes(k) || k.startsWith('skipped.') || k === 'deadLettered' ? v : 0),
        0,
      );
      return done >= records ? done : undefined;
    },
    600_000,
    'the transformer',
  );
  const transformMs = Date.now() - transformStarted;

  const sink = new EtmSink({
    kafka,
    registryUrl: cluster.registryUrl,
    connections,
    logger,
    instanceId: 'bench',
  });
  const { view, ms: sinkMs } = await timeSink(sink, board, runId, 'the ETM sink');
  const mem = memory.stop();
  await sink.stop();
  await transformer.stop();
  await Promise.all([cursors.stop(), board.stop()]);
  await producer.disconnect();
  await Promise.all([snyk.stop(), etm.stop()]);

  const mapped = (view.transformer.assets ?? 0) + (view.transformer.findings ?? 0);
  const loaded = (view.sink.assetsPushed ?? 0) + (view.sink.findingsPushed ?? 0);
  const minimumMs = (outcome.apiCalls / RATE) * 60_000;
  return {
    benchmark: 'snyk-etm',
    dataSet: { orgs: outcome.pulled.orgs, projects: outcome.pulled.projects, issues: outcome.pulled.issues },
    status: view.state,
    apiCalls: outcome.apiCalls,
    rateLimited429: outcome.rateLimited,
    pullSeconds: seconds(pullMs),
    pullMinimumSecondsAtRateLimit: seconds(minimumMs),
    pullVsMinimum: Math.round((pullMs / minimumMs) * 100) / 100,
    transformer: {
      records,
      mapped,
      seconds: seconds(transformMs),
      recordsPerSecond: Math.round(records / (transformMs / 1000)),
    },
    sink: {
      records: mapped,
      pushedAssets: view.sink.assetsPushed ?? 0,
      pushedFindings: view.sink.findingsPushed ?? 0,
      etmPushes: view.sink.pushes ?? 0,
      seconds: seconds(sinkMs),
      recordsPerSecond: Math.round(loaded / (sinkMs / 1000)),
    },
    peakMemory: mem,
  };
}
