import { defineErrors } from '@sluice/errors';

/** The simulator's own failures: bad options, bad reads of the store, bad requests at the HTTP boundary. */
export const simulatorErrors = defineErrors({
  SIM_OPTIONS_INVALID: { message: 'servicenow simulator options: %s' },
  CMDB_TABLE_UNKNOWN: { message: 'Invalid table %s', statusCode: 400 },
  CMDB_RECORD_MISSING: { message: 'no record %s in the simulated CMDB', statusCode: 404 },
  CMDB_TRANSACTION_OPEN: { message: 'a CMDB transaction is already open' },
  REQUEST_BODY_INVALID: { message: 'Exception while reading request', statusCode: 400 },
  IRE_PAYLOAD_INVALID: { message: '%s', statusCode: 400 },
  IRE_PAYLOAD_TOO_LARGE: { message: 'The payload has %s items; at most %s are accepted', statusCode: 400 },
});
