import { defineErrors } from '@sluice/errors';

/** Errors of the Qualys → CMDB mapping and its CI class rules; callers branch on `code`, never on text. */
export const qualysCmdbErrors = defineErrors({
  CI_RULES_UNREADABLE: { message: 'cannot read CI class rules %s: %s' },
  CI_RULES_INVALID: { message: 'invalid CI class rules %s' },
  QUALYS_ASSET_UNMAPPABLE: { message: 'Qualys %s asset cannot be mapped: %s' },
});
