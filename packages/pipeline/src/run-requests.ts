import type { ConsumedRecord, Kafka, OutgoingRecord } from '@sluice/kafka';
import { ConsumerRunner } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import type { RunMode } from './records.ts';
import { TOPICS } from './topics.ts';

/** Asks the producer of a connection's type to run it; keyed by connection so one connection's requests stay in order. */
export interface RunRequest {
  readonly runId: string;
  readonly connectionId: string;
  readonly mode: RunMode | 'auto';
  readonly trigger: string;
  readonly requestedAt: string;
}

export function runRequestRecord(request: RunRequest): OutgoingRecord {
  return { topic: TOPICS.runRequests, key: request.connectionId, value: JSON.stringify(request) };
}

export function parseRunRequest(record: ConsumedRecord): RunRequest | undefined {
  try {
    return record.value ? (JSON.parse(record.value.toString()) as RunRequest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A producer service's intake: consumes `etl.run-requests` as a member of the service's group and runs
 * each request it accepts. The request is committed after its run, so a crash means the run is asked
 * again (the handler decides whether a run id already done is done); the group membership is kept
 * alive with heartbeats while a long pull runs.
 */
export class RunRequestWorker {
  readonly #runner: ConsumerRunner;

  constructor(options: {
    kafka: Kafka;
    groupId: string;
    handle: (request: RunRequest) => Promise<void>;
    logger: Logger;
    concurrency?: number;
  }) {
    this.#runner = new ConsumerRunner({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: [TOPICS.runRequests],
      fromBeginning: false,
      partitionsConsumedConcurrently: options.concurrency ?? 4,
      sessionTimeoutMs: 60_000,
      logger: options.logger,
      handle: async (batch) => {
        for (const record of batch.records) {
          const request = parseRunRequest(record);
          if (!request) {
            options.logger.warn({ offset: record.offset }, 'malformed run request ignored');
            continue;
          }
          const beat = setInterval(() => void batch.heartbeat().catch(() => undefined), 3000);
          try {
            await options.handle(request);
          } catch (error) {
            options.logger.error({ err: error, runId: request.runId }, 'run request failed');
          } finally {
            clearInterval(beat);
          }
        }
      },
    });
  }

  start(): Promise<void> {
    return this.#runner.start();
  }

  stop(): Promise<void> {
    return this.#runner.stop();
  }
}
