export {
  type CiClassification,
  type CiClassRule,
  CiClassRuleSet,
  type CiClassRuleSetOptions,
  type CiClassRules,
  type CiClassRulesReload,
  type Criterion,
  classifyGav,
  classifyQps,
  criterionMatches,
  DEFAULT_CI_CLASS_RULES_PATH,
  loadCiClassRules,
  parseCiClassRules,
  RULE_COLUMNS,
  type RuleColumn,
  type RuleTableName,
} from './ci-rules.ts';
export {
  dateTime,
  diskSpaceGb,
  firstIpAddress,
  gavCiName,
  MIN_SERIAL_LENGTH,
  macAddress,
  osAddressWidth,
  serialNumber,
} from './cleansing.ts';
export { qualysCmdbErrors } from './errors.ts';
export {
  mapQualysAsset,
  type QualysMappingContext,
  RELATION_HOSTS,
  RELATION_VIRTUALIZES,
} from './ire-mapper.ts';
export { MAPPING_VERSION } from './ire-maps.ts';
export {
  type GavAsset,
  type HostAsset,
  type QualysAssetInput,
  toArray,
  type XmlList,
} from './qualys-types.ts';
