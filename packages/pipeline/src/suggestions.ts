import { describeError, SluiceError } from '@sluice/errors';
import type { RunError } from './run-events.ts';

const BY_CODE: Readonly<Record<string, (system: string) => string>> = {
  HTTP_UNAUTHORIZED: (s) =>
    `${s} rejected the credentials: check that the token or password is current, not revoked, and for this region or instance.`,
  HTTP_FORBIDDEN: (s) =>
    `The ${s} credentials lack a permission: give the account read access to the data this connection syncs.`,
  HTTP_NOT_FOUND: (s) => `${s} answered 404: check the API URL (and region) and the ids in the connection.`,
  HTTP_BAD_REQUEST: (s) =>
    `${s} refused the request: check the connection's settings (API version, filters, ids).`,
  HTTP_PAYLOAD_TOO_LARGE: (s) => `${s} refused a request as too large: lower the connection's batch size.`,
  HTTP_TIMEOUT: (s) => `${s} did not answer in time: check the network path or proxy, or raise timeoutMs.`,
  HTTP_NETWORK_ERROR: (s) => `${s} could not be reached: check the URL, DNS, firewall and proxy settings.`,
  HTTP_RETRIES_EXHAUSTED: (s) =>
    `${s} kept failing or throttling after every retry: try again later or lower the request rate.`,
  HTTP_RATE_LIMITED: (s) =>
    `${s} throttled the calls: lower the connection's rate or run it at a quieter time.`,
  HTTP_SERVER_ERROR: (s) => `${s} had a server error: try again later.`,
  SECRET_UNRESOLVED: () =>
    'A secret reference cannot be read: set the environment variable or create the file it names.',
  CONFIG_INVALID: () => 'Fix the named field in the connection settings.',
};

/** The error of a failed run, in words an operator can act on, without any secret. */
export function runErrorFrom(error: unknown, system: string): RunError {
  const { code, message } = describeError(error);
  const effective =
    error instanceof SluiceError && typeof error.details.lastCode === 'string'
      ? error.details.lastCode
      : code;
  const suggest = BY_CODE[effective] ?? BY_CODE[code];
  return { code, message, ...(suggest ? { suggestion: suggest(system) } : {}) };
}
