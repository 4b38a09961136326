import { defineErrors } from '@sluice/errors';

/**
 * How a Qualys pull fails beyond what the HTTP client already names. The 409 entries are the classic
 * API's `SIMPLE_RETURN` codes (reference §4); only the rate and concurrency limits are worth a retry.
 */
export const qualysErrors = defineErrors({
  QUALYS_RATE_LIMITED: { message: 'API rate limit reached (409, code 1965): %s', retriable: true },
  QUALYS_CONCURRENCY_LIMITED: {
    message: 'API concurrency limit reached (409, code 1960): %s',
    retriable: true,
  },
  QUALYS_ACCOUNT_EXPIRED: { message: 'the Qualys account has expired (409, code 2001): %s' },
  QUALYS_REGISTRATION_INCOMPLETE: {
    message: 'the Qualys account registration is incomplete (409, code 2003): %s',
  },
  QUALYS_CONFLICT: { message: 'Qualys refused the call (409, code %s): %s' },
  QUALYS_REQUEST_FAILED: { message: '%s %s: Qualys answered %s: %s' },
  QUALYS_INVALID_RESPONSE: { message: '%s %s: the answer is not a Qualys %s' },
  QUALYS_NO_TOKEN: { message: 'POST %s: the gateway answered %s without a token' },
  QUALYS_CURSOR_STALLED: {
    message: '%s: the paging cursor did not move past %s although more was announced',
  },
});

/** What an operator can do about the Qualys-specific failures (the HTTP ones have shared suggestions). */
export const QUALYS_SUGGESTIONS: Readonly<Record<string, string>> = {
  [qualysErrors.QUALYS_ACCOUNT_EXPIRED.code]:
    'The Qualys account has expired: renew the subscription or give the connection an active user.',
  [qualysErrors.QUALYS_REGISTRATION_INCOMPLETE.code]:
    'Log in to the Qualys UI once with this user to finish its registration, then run again.',
  [qualysErrors.QUALYS_CONFLICT.code]:
    'Qualys refused the call for a reason of the account: check the code in the message with Qualys support.',
  [qualysErrors.QUALYS_REQUEST_FAILED.code]:
    'Qualys refused the request: check that the user has API access and the module the connection uses (CSAM, or Asset Management for the QPS API).',
  [qualysErrors.QUALYS_INVALID_RESPONSE.code]:
    'The URL does not answer like Qualys: check the gateway and API server URLs for your platform.',
  [qualysErrors.QUALYS_NO_TOKEN.code]:
    'Check the gateway URL: it must be the gateway of your Qualys platform.',
  [qualysErrors.QUALYS_CURSOR_STALLED.code]:
    'Qualys kept announcing more assets without moving on: try again later; nothing was swept.',
};
