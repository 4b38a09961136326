import type { Logger } from '@sluice/logging';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';

export interface KafkaSettings {
  readonly brokers: ReadonlyArray<string>;
  readonly clientId: string;
  readonly logger?: Logger;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** Retry defaults for every Kafka client, kept in one place. */
export const KAFKA_RETRY = {
  initialRetryTime: 300,
  retries: 12,
  maxRetryTime: 30_000,
  factor: 0.2,
  multiplier: 2,
};

/**
 * Consumers restart after any crash, not only after errors kafkajs deems retriable: a broker that is
 * away long enough ("No broker available", "Failed to find group coordinator") must not leave a
 * service alive but no longer consuming. Offsets are committed only after work is done, so a restart
 * reads again from there. Crashes kafkajs still gives up on are handled by `SupervisedConsumer`.
 */
export const CONSUMER_RETRY = { ...KAFKA_RETRY, restartOnFailure: async () => true };

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

let warningFilterInstalled = false;

/**
 * kafkajs 2.2.4 computes negative timer delays that Node 24 reports as TimeoutNegativeWarning on every
 * start (tulios/kafkajs#1751, fix unmerged); the timers behave correctly, so only that warning is dropped.
 */
function dropKafkajsTimerWarning(): void {
  if (warningFilterInstalled) return;
  warningFilterInstalled = true;
  const defaults = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    for (const listener of defaults) listener(warning);
  });
}

/**
 * Runs a Kafka call again while it fails with an error the broker marks retriable (a leader election
 * after topic creation, a coordinator still loading, a broker restarting).
 */
export async function withKafkaRetry<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable =
        (error as { retriable?: boolean }).retriable === true ||
        (error as { name?: string }).name === 'KafkaJSNumberOfRetriesExceeded';
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.min(3000, 100 * 2 ** attempt)));
    }
  }
}

/** The single place a kafkajs client is created; its log lines go to the service's pino logger. */
export function createKafka(settings: KafkaSettings): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  dropKafkajsTimerWarning();
  const logger = settings.logger;
  const config: KafkaConfig = {
    brokers: [...settings.brokers],
    clientId: settings.clientId,
    connectionTimeout: settings.connectionTimeoutMs ?? 5_000,
    requestTimeout: settings.requestTimeoutMs ?? 30_000,
    retry: KAFKA_RETRY,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      if (!logger) return;
      const { message, ...rest } = entry.log;
      // kafkajs logs every error answer of the broker ("Response Fetch …") and every send it is about to
      // retry (it carries `retryTime`); only what it gives up on is an error worth showing.
      const retried = message.startsWith('Response ') || 'retryTime' in rest;
      const level = retried ? 'debug' : (LEVELS[entry.level] ?? 'info');
      logger[level]({ kafka: { namespace: entry.namespace, ...rest } }, `kafkajs: ${message}`);
    },
  };
  return new Kafka(config);
}
