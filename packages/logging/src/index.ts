import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACTED, redactionPaths, scrub, scrubText } from './redact.ts';

export type { Logger } from 'pino';
export { isSecretKey, REDACTED, scrub, scrubText } from './redact.ts';

export interface LoggerSettings {
  readonly name: string;
  readonly level?: string;
  /** Where lines go; standard output by default. Tests pass a stream to read what was written. */
  readonly destination?: DestinationStream;
  readonly base?: Record<string, unknown>;
}

/**
 * The one way services create loggers. Secrets are removed twice: compiled pino redaction paths for
 * the known keys at any depth up to six levels, then a scrub of every log object and message that
 * also catches credentials inside strings (`Bearer …`, `password=…`).
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: settings.name, ...settings.base },
    redact: { paths: redactionPaths(), censor: REDACTED },
    serializers: { err: (error: unknown) => scrub(error) },
    formatters: { log: (object) => scrub(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that writes nothing, for library code called without one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
