export type { QualysAssetSource, QualysClientSeams, QualysEntity } from './asset-source.ts';
export { QUALYS_SUGGESTIONS, qualysErrors } from './errors.ts';
export { GatewayToken, type GatewayTokenOptions, jwtExpiry } from './gateway-auth.ts';
export {
  GAV_INCLUDE_FIELDS,
  GAV_MAX_PAGE_SIZE,
  GavApi,
  type GavApiSettings,
  type GavAsset,
} from './gav-api.ts';
export {
  QUALYS_RAW_TOPICS,
  type QualysApiOverrides,
  QualysProducer,
  type QualysProducerDeps,
  type QualysRunOutcome,
  type QualysRunRequest,
  qualysApiFor,
} from './producer.ts';
export { pullQualys, type QualysPullCounts, type QualysPullOptions, type QualysPullResult } from './pull.ts';
export {
  type HostAssetRecord,
  hostAssetSearch,
  QPS_MAX_LIMIT_RESULTS,
  QpsApi,
  type QpsApiSettings,
} from './qps-api.ts';
export { classifyQpsAnswer } from './qps-limits.ts';
export { qualysRunRequests } from './requests.ts';
