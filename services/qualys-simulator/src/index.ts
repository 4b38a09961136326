export type {
  CloudProviderName,
  HostAsset,
  HostAssetInterface,
  QualysAsset,
  QualysAssetInput,
  QualysCloudProvider,
  QualysHardware,
  QualysNetworkInterface,
  QualysOperatingSystem,
  QualysProcessor,
  QualysSoftware,
  QualysTag,
  QualysVolume,
} from './asset.ts';
export { ASSET_FIELDS, FIRST_ASSET_ID, QualysDataset } from './dataset.ts';
export { simulatorErrors } from './errors.ts';
export { DEFAULT_FAULTS, type QualysFaults } from './faults.ts';
export { MAX_PAGE_SIZE } from './gav.ts';
export {
  allBlueprints,
  type GenerateOptions,
  generateQualysDataset,
  type MutationResult,
  mutateQualysDataset,
} from './generate.ts';
export { QPS_DEFAULT_LIMIT, QPS_MAX_LIMIT } from './qps.ts';
export {
  DEFAULT_GATEWAY_RATE_LIMIT,
  DEFAULT_JWT_TTL_MS,
  DEFAULT_QPS_RATE_LIMIT,
  DEFAULT_USERS,
  type QualysSimulator,
  type QualysSimulatorOptions,
  type QualysSimulatorStats,
  startQualysSimulator,
} from './server.ts';
