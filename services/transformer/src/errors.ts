import { defineErrors } from '@sluice/errors';

/** Why a raw record cannot be mapped: each becomes a dead letter with this code. */
export const transformerErrors = defineErrors({
  RAW_RECORD_MALFORMED: { message: 'raw record value is not JSON' },
  CONNECTION_UNKNOWN: { message: 'no %s connection named %s' },
  ENTITY_UNKNOWN: { message: 'unknown raw entity %s' },
  ORG_UNKNOWN: { message: '%s belongs to org %s, which was not pulled' },
  PROJECT_UNKNOWN: { message: 'issue %s belongs to project %s, which was not pulled' },
  ISSUE_WITHOUT_PROJECT: { message: 'issue %s has no project scan_item' },
});
