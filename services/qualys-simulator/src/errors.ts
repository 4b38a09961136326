import { defineErrors } from '@sluice/errors';

/** Every way the simulator refuses an admin or dataset operation. */
export const simulatorErrors = defineErrors({
  QUALYS_SIM_ASSET_NOT_FOUND: { message: 'asset %s does not exist', statusCode: 404 },
  QUALYS_SIM_ASSET_EXISTS: { message: 'asset %s already exists', statusCode: 409 },
  QUALYS_SIM_ASSET_ID_IMMUTABLE: { message: 'assetId %s cannot be changed to %s', statusCode: 400 },
  QUALYS_SIM_INVALID_REQUEST: { message: '%s: %s', statusCode: 400 },
});
