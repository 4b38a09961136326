export type { Principal, SimulatedOAuthClient, SimulatedUser, TokenGrant } from './auth.ts';
export {
  CI_CLASSES,
  IDENTIFICATION_RULES,
  INSTALL_STATUS_RETIRED,
  LOOKUP_TABLES,
  RELATED_TABLES,
  RELATIONSHIP_TYPES,
} from './classes.ts';
export {
  Cmdb,
  type CmdbRecord,
  type CmdbSummary,
  type CmdbTransaction,
  type Criteria,
  glideDateTime,
} from './cmdb.ts';
export { type ClassChange, CmdbModel } from './cmdb-model.ts';
export { simulatorErrors } from './errors.ts';
export type { FaultsView, SimulatorFaults } from './faults.ts';
export {
  type AttemptResult,
  type IdentificationAttempt,
  IdentificationEngine,
  type IreItemResult,
  type IreRelationResult,
  type IreRequest,
  type IreResult,
  type SummaryCounters,
} from './ire.ts';
export type { IreMessage } from './ire-messages.ts';
export { type IreMode, type IreOptions, ireOptions } from './ire-payload.ts';
export type { ServiceNowSimulatorOptions } from './options.ts';
export { type ServiceNowSimulator, type SimulatorStats, startServiceNowSimulator } from './server.ts';
export { parseEncodedQuery } from './table-api.ts';
