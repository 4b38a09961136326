import { randomBytes } from 'node:crypto';
import { CmdbSink, type CmdbSinkOptions } from '@sluice/cmdb-sink';
import { type Connection, type ConnectionDirectory, StaticDirectory } from '@sluice/connections';
import { EtmSink, type EtmSinkOptions } from '@sluice/etm-sink';
import { createKafka, ensureTopics, type Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  ConnectionStore,
  CursorStore,
  pipelineTopics,
  RunBoard,
  RunEventWriter,
  type RunMode,
  RunRequestWorker,
  type RunView,
} from '@sluice/pipeline';
import { type QualysApiOverrides, QualysProducer, qualysRunRequests } from '@sluice/qualys-producer';
import { SnykProducer, type SnykProducerDeps, snykRunRequests } from '@sluice/snyk-producer';
import { Transformer } from '@sluice/transformer';
import type { SluiceConfig } from './config.ts';
import { cliErrors } from './errors.ts';

export interface AllInOneOptions {
  readonly config: SluiceConfig;
  readonly logger: Logger;
  readonly instanceId?: string;
  /** Seams for tests and benchmarks (e.g. a recording sleep); production runs pass nothing. */
  readonly snykApi?: SnykProducerDeps['apiOverrides'];
  readonly etmApi?: EtmSinkOptions['apiOverrides'];
  readonly qualysApi?: QualysApiOverrides;
  readonly serviceNowApi?: CmdbSinkOptions['apiOverrides'];
  readonly maxPendingFindings?: number;
  /**
   * Take connections from the control service's topic and run the requests it sends, instead of the
   * connections of the config file: the whole pipeline behind a control service, in one process.
   */
  readonly serveRunRequests?: boolean;
}

export function newRunId(connection: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${connection}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Producer, transformer and sinks in one process, talking through Kafka exactly as the separate
 * services do: the mode of `sluice run --once`, the demo and the end-to-end tests.
 */
export class AllInOne {
  readonly kafka: Kafka;
  readonly board: RunBoard;
  readonly etmSink: EtmSink;
  readonly cmdbSink: CmdbSink;
  readonly transformer: Transformer;
  readonly #options: AllInOneOptions;
  readonly #directory: ConnectionDirectory;
  readonly #store: ConnectionStore | undefined;
  #worker: RunRequestWorker | undefined;
  readonly #producer: RecordProducer;
  readonly #cursors: CursorStore;
  readonly #events: RunEventWriter;
  readonly #snyk: SnykProducer;
  readonly #qualys: QualysProducer;

  constructor(options: AllInOneOptions) {
    this.#options = options;
    const { config, logger } = options;
    const instanceId = options.instanceId ?? 'all-in-one';
    this.kafka = createKafka({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, logger });
    this.#store = options.serveRunRequests
      ? new ConnectionStore({ kafka: this.kafka, name: instanceId, logger })
      : undefined;
    this.#directory = this.#store ?? new StaticDirectory(config.connections);
    this.#producer = new RecordProducer(this.kafka);
    this.#cursors = new CursorStore(this.kafka, this.#producer, instanceId);
    this.#events = new RunEventWriter(this.#producer);
    this.board = new RunBoard(this.kafka, instanceId);
    this.transformer = new Transformer({
      kafka: this.kafka,
      registryUrl: config.schemaRegistry.url,
      connections: this.#directory,
      logger: logger.child({ stage: 'transformer' }),
      instanceId,
    });
    this.etmSink = new EtmSink({
      kafka: this.kafka,
      registryUrl: config.schemaRegistry.url,
      connections: this.#directory,
      logger: logger.child({ stage: 'etm-sink' }),
      instanceId,
      ...(options.etmApi ? { apiOverrides: options.etmApi } : {}),
      ...(options.maxPendingFindings ? { maxPendingFindings: options.maxPendingFindings } : {}),
    });
    this.cmdbSink = new CmdbSink({
      kafka: this.kafka,
      registryUrl: config.schemaRegistry.url,
      connections: this.#directory,
      logger: logger.child({ stage: 'cmdb-sink' }),
      instanceId,
      ...(options.serviceNowApi ? { apiOverrides: options.serviceNowApi } : {}),
    });
    this.#snyk = new SnykProducer({
      producer: this.#producer,
      cursors: this.#cursors,
      events: this.#events,
      logger: logger.child({ stage: 'snyk-producer' }),
      ...(options.snykApi ? { apiOverrides: options.snykApi } : {}),
    });
    this.#qualys = new QualysProducer({
      producer: this.#producer,
      events: this.#events,
      logger: logger.child({ stage: 'qualys-producer' }),
      ...(options.qualysApi ? { apiOverrides: options.qualysApi } : {}),
    });
  }

  async start(): Promise<void> {
    await ensureTopics(this.kafka, pipelineTopics(this.#options.config.partitions));
    await this.#producer.connect();
    await Promise.all([this.#cursors.start(), this.board.start(), this.#store?.start()]);
    await this.transformer.start();
    await Promise.all([this.etmSink.start(), this.cmdbSink.start()]);
    if (this.#store) {
      const snyk = snykRunRequests(this.#snyk, this.#directory, this.#options.logger);
      const qualys = qualysRunRequests(this.#qualys, this.#directory, this.#options.logger);
      this.#worker = new RunRequestWorker({
        kafka: this.kafka,
        groupId: 'sluice-all-in-one-producers',
        logger: this.#options.logger,
        handle: async (request) => {
          await snyk(request);
          await qualys(request);
        },
      });
      await this.#worker.start();
    }
  }

  connection(name: string): Connection {
    const connection = this.#directory.get(name);
    if (!connection)
      throw cliErrors.CONNECTION_NOT_FOUND(
        name,
        this.#directory
          .list()
          .map((c) => c.name)
          .join(', ') || 'none',
      );
    return connection;
  }

  /** One run of a connection, start to end: resolves with its view once every sink confirmed it. */
  async run(
    name: string,
    mode: RunMode | 'auto',
    options: { timeoutMs?: number; onUpdate?: (view: RunView) => void } = {},
  ): Promise<RunView> {
    const connection = this.connection(name);
    const runId = newRunId(connection.name);
    const over = this.board.waitUntilOver(runId, options.timeoutMs ?? 3600_000, options.onUpdate);
    await this.#events.emit({
      type: 'run.requested',
      runId,
      connectionId: connection.name,
      mode,
      trigger: 'cli',
    });
    const progress = () => {
      const view = this.board.get(runId);
      if (view) options.onUpdate?.(view);
    };
    if (connection.type === 'snyk-etm') await this.#snyk.run(connection, { runId, mode }, progress);
    else await this.#qualys.run(connection, { runId }, progress);
    return over;
  }

  async stop(): Promise<void> {
    await this.#worker?.stop();
    await Promise.all([this.etmSink.stop(), this.cmdbSink.stop()]);
    await this.transformer.stop();
    await Promise.all([this.#cursors.stop(), this.board.stop(), this.#store?.stop()]);
    await this.#producer.disconnect();
  }
}
