import { defineErrors } from '@sluice/errors';

export const mappingErrors = defineErrors({
  MAPPING_UNKNOWN_FUNCTION: { message: 'map row %s names function %s, which is not defined' },
  MAPPING_VALUE_UNMAPPABLE: { message: '%s: %s' },
  MAPPING_REQUIRED_MISSING: { message: '%s is required but %s is absent' },
});
