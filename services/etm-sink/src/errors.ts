import { defineErrors } from '@sluice/errors';

export const etmSinkErrors = defineErrors({
  ETM_CONNECTION_UNKNOWN: { message: 'no Snyk → ETM connection named %s' },
});
