import { resolve } from 'node:path';
import { ensureTopics, type Kafka, RecordProducer } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { ConnectionStore, CursorStore, pipelineTopics, RunBoard } from '@sluice/pipeline';
import type { FastifyInstance } from 'fastify';
import { buildApi } from './api.ts';
import { RunCoordinator } from './coordinator.ts';
import { DeadLetterLog } from './dead-letters.ts';
import { Scheduler } from './scheduler.ts';

export interface ControlOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  /** Read at each check, so a rotated admin token takes effect without a restart. */
  readonly adminToken: () => string;
  readonly instanceId: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly partitions?: number;
  /** How often schedules are checked; 0 leaves ticking to the caller (tests with a controlled clock). */
  readonly tickMs?: number;
  readonly clock?: () => Date;
}

/**
 * The control service: connections as data, Test Connection, schedules (fired by one replica), run
 * history and the integrations dashboard. Every replica serves the API from the same topics.
 */
export class Control {
  readonly connections: ConnectionStore;
  readonly board: RunBoard;
  readonly coordinator: RunCoordinator;
  readonly scheduler: Scheduler;
  readonly deadLetters: DeadLetterLog;
  readonly #options: ControlOptions;
  readonly #producer: RecordProducer;
  readonly #cursors: CursorStore;
  readonly #app: FastifyInstance;
  #url = '';

  constructor(options: ControlOptions) {
    this.#options = options;
    const { kafka, logger, instanceId } = options;
    const clock = options.clock ?? (() => new Date());
    const name = `control-${instanceId}`;
    this.#producer = new RecordProducer(kafka);
    this.connections = new ConnectionStore({ kafka, name, producer: this.#producer, logger });
    this.#cursors = new CursorStore(kafka, this.#producer, name);
    this.board = new RunBoard(kafka, name);
    this.deadLetters = new DeadLetterLog(kafka, name);
    this.coordinator = new RunCoordinator({
      producer: this.#producer,
      board: this.board,
      connections: this.connections,
      logger,
      clock,
      ownsPostHooks: () => this.scheduler.leader,
    });
    this.scheduler = new Scheduler({
      kafka,
      connections: this.connections,
      cursors: this.#cursors,
      coordinator: this.coordinator,
      logger,
      clock,
    });
    this.#app = buildApi({
      adminToken: options.adminToken,
      connections: this.connections,
      board: this.board,
      coordinator: this.coordinator,
      scheduler: this.scheduler,
      deadLetters: this.deadLetters,
      logger,
      uiDir: resolve(import.meta.dirname, '..', 'ui'),
      clock,
    });
  }

  /** The base URL of the API and the dashboard. */
  get url(): string {
    return this.#url;
  }

  get ready(): boolean {
    return this.#url !== '';
  }

  async start(): Promise<void> {
    await ensureTopics(this.#options.kafka, pipelineTopics(this.#options.partitions ?? 6));
    await this.#producer.connect();
    await Promise.all([
      this.connections.start(),
      this.#cursors.start(),
      this.board.start(),
      this.deadLetters.start(),
    ]);
    this.coordinator.start();
    await this.scheduler.start(this.#options.tickMs ?? 5_000);
    this.#url = await this.#app.listen({
      host: this.#options.host ?? '127.0.0.1',
      port: this.#options.port ?? 0,
    });
    this.#options.logger.info({ url: this.#url }, 'control service listening');
  }

  async stop(): Promise<void> {
    await this.#app.close();
    await this.scheduler.stop();
    this.coordinator.stop();
    await Promise.all([
      this.connections.stop(),
      this.#cursors.stop(),
      this.board.stop(),
      this.deadLetters.stop(),
    ]);
    await this.#producer.disconnect();
    this.#url = '';
  }
}
