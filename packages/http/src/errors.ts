import { defineErrors } from '@sluice/errors';

/** Every way an external call can fail, and whether trying again can help. */
export const httpErrors = defineErrors({
  HTTP_RATE_LIMITED: { message: '%s %s: rate limited (429)', retriable: true },
  HTTP_SERVER_ERROR: { message: '%s %s: server error %s', retriable: true },
  HTTP_TIMEOUT: { message: '%s %s: no answer within %s ms', retriable: true },
  HTTP_NETWORK_ERROR: { message: '%s %s: network error %s', retriable: true },
  HTTP_UNAUTHORIZED: { message: '%s %s: authentication failed (401): %s' },
  HTTP_FORBIDDEN: { message: '%s %s: not allowed (403): %s' },
  HTTP_NOT_FOUND: { message: '%s %s: not found (404): %s' },
  HTTP_BAD_REQUEST: { message: '%s %s: request rejected (%s): %s' },
  HTTP_PAYLOAD_TOO_LARGE: { message: '%s %s: payload too large (413)' },
  HTTP_CONFLICT: { message: '%s %s: conflict (409): %s' },
  HTTP_UNEXPECTED_STATUS: { message: '%s %s: unexpected status %s' },
  HTTP_RETRIES_EXHAUSTED: { message: '%s %s: gave up after %s attempts: %s' },
  HTTP_INVALID_JSON: { message: '%s %s: response is not valid JSON' },
});
