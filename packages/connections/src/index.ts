export { type ConnectionDirectory, StaticDirectory } from './directory.ts';
export {
  ASSET_TYPES,
  type AssetTypeName,
  type Connection,
  type ConnectionInput,
  connectionCa,
  connectionSchema,
  type QualysCmdbConnection,
  qualysCmdbConnectionSchema,
  type Schedule,
  SNYK_APP_URLS,
  type SnykEtmConnection,
  scheduleSchema,
  snykAppUrl,
  snykEtmConnectionSchema,
} from './schema.ts';
