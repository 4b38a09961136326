import { defineErrors } from '@sluice/errors';

/** Every error the control API answers with, its code and HTTP status. */
export const controlErrors = defineErrors({
  UNAUTHORIZED: { message: 'the admin token is missing or wrong', statusCode: 401 },
  VALIDATION_FAILED: { message: 'field "%s": %s', statusCode: 400 },
  CONNECTION_NOT_FOUND: { message: 'no connection named %s', statusCode: 404 },
  CONNECTION_EXISTS: { message: 'a connection named %s already exists', statusCode: 409 },
  CONNECTION_DISABLED: { message: 'connection %s is disabled', statusCode: 409 },
  RUN_ALREADY_ACTIVE: { message: 'connection %s already has run %s in progress', statusCode: 409 },
  RUN_NOT_FOUND: { message: 'no run with id %s', statusCode: 404 },
  HOOK_FAILED: { message: '%s-run hook failed: %s' },
});
