import { defineErrors } from '@sluice/errors';

export const configErrors = defineErrors({
  CONFIG_INVALID: { message: '%s: %s' },
  CONFIG_FILE_UNREADABLE: { message: 'cannot read config file %s: %s' },
  CONFIG_FILE_MALFORMED: { message: 'config file %s is not valid YAML or JSON: %s' },
  SECRET_UNRESOLVED: { message: 'secret %s cannot be resolved: %s' },
});
