import { defineErrors } from '@sluice/errors';

export const cliErrors = defineErrors({
  CONNECTION_NOT_FOUND: { message: 'no connection named %s in the configuration (known: %s)' },
  USAGE: { message: '%s' },
});
