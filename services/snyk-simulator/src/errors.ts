import { defineErrors } from '@sluice/errors';

/**
 * Every error the simulator raises. The `SNYK_*` ones reach clients as JSON:API errors with the
 * Snyk error-catalog code from `SNYK_CATALOG`; the `SIM_*` ones belong to the dataset and admin API.
 */
export const snykSimulatorErrors = defineErrors({
  SNYK_BAD_REQUEST: { message: '%s', statusCode: 400 },
  SNYK_UNAUTHORIZED: {
    message: 'Authentication credentials not recognized, or user access is not provisioned.',
    statusCode: 401,
  },
  SNYK_NOT_FOUND: {
    message: 'Not Found: The resource being operated on could not be found.',
    statusCode: 404,
  },
  SNYK_THROTTLED: {
    message: 'Too many requests: the rate limit for this API key has been exceeded.',
    statusCode: 429,
    retriable: true,
  },
  SNYK_INTERNAL: { message: 'An unexpected error occurred.', statusCode: 500, retriable: true },
  SNYK_BAD_GATEWAY: {
    message: 'The upstream service returned an invalid response.',
    statusCode: 502,
    retriable: true,
  },
  SNYK_UNAVAILABLE: { message: 'The service is temporarily unavailable.', statusCode: 503, retriable: true },
  SNYK_TIMEOUT: { message: 'Timed out waiting for response.', statusCode: 504, retriable: true },

  SIM_UNKNOWN_ORG: { message: 'unknown org %s', statusCode: 404 },
  SIM_UNKNOWN_PROJECT: { message: 'unknown project %s', statusCode: 404 },
  SIM_UNKNOWN_ISSUE: { message: 'unknown issue %s', statusCode: 404 },
  SIM_DUPLICATE_ID: { message: '%s id %s already exists', statusCode: 409 },
  SIM_INVALID_INPUT: { message: '%s field "%s": %s', statusCode: 400 },
});

/** Catalog code and title of each `SNYK_*` error, as the real API sends them. */
export const SNYK_CATALOG: Readonly<Record<string, { code?: string; title: string }>> = {
  SNYK_BAD_REQUEST: { code: 'SNYK-0003', title: 'Bad request' },
  SNYK_UNAUTHORIZED: { code: 'SNYK-0005', title: 'Authentication error' },
  SNYK_NOT_FOUND: { title: 'Not Found' },
  SNYK_THROTTLED: { code: 'SNYK-0001', title: 'Service temporarily throttled' },
  SNYK_INTERNAL: { code: 'SNYK-9999', title: 'Server error' },
  SNYK_BAD_GATEWAY: { code: 'SNYK-0008', title: 'Bad gateway' },
  SNYK_UNAVAILABLE: { code: 'SNYK-0009', title: 'Service unavailable' },
  SNYK_TIMEOUT: { code: 'SNYK-0004', title: 'Request timeout' },
};
