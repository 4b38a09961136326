import { defineErrors } from '@sluice/errors';

export const cmdbSinkErrors = defineErrors({
  CMDB_CONNECTION_UNKNOWN: { message: 'no Qualys → CMDB connection named %s' },
  IRE_RESPONSE_MALFORMED: { message: 'the IRE answer has no result for payload item %s' },
  SERVICENOW_OAUTH_FAILED: { message: 'ServiceNow OAuth token request failed: %s' },
});
