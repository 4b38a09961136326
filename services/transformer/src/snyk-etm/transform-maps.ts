import type { TransformMap } from '@sluice/mapping';

/**
 * The Snyk SCA connector's two transform maps and its findings map, row for row as the seed tables
 * write them (spec/snyk-to-etm-mapping.md). Bump the version when a row changes: it is stamped on every
 * normalized record, so a replay shows which maps produced it.
 */
export const MAPPING_VERSION = 'snyk-etm/1';

/** Rows shared by both asset maps. */
const ASSET_ROWS: TransformMap = [
  { target: 'asset.assetHeader.vendorAssetId', rule: 'direct', source: 'id' },
  {
    target: 'asset.assetHeader.status',
    rule: 'FUNCTION_PICKER',
    source: 'attributes.status',
    fn: 'projectStatus',
    required: true,
  },
  { target: 'asset.assetHeader.source', rule: 'constant', value: 'Snyk' },
  { target: 'asset.assetDetail.sourceCreatedAt', rule: 'direct', source: 'attributes.created' },
  // The seed maps both dates from `created`; kept so.
  { target: 'asset.assetDetail.sourceUpdatedAt', rule: 'direct', source: 'attributes.created' },
  { target: 'asset.assetDetail.name', rule: 'direct', source: 'attributes.name' },
  {
    target: 'asset.assetDetail.externalTags',
    rule: 'each',
    source: 'attributes.tags',
    item: { key: 'key', value: 'value' },
  },
  {
    target: 'asset.assetDetail.businessInfo.businessCriticality',
    rule: 'direct',
    source: 'attributes.business_criticality.0',
  },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCASettingsRecurringFrequency',
    rule: 'direct',
    source: 'attributes.settings.recurring_tests.frequency',
  },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCATargetReference',
    rule: 'direct',
    source: 'attributes.target_reference',
  },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCATargetFile',
    rule: 'direct',
    source: 'attributes.target_file',
  },
  { target: 'asset.assetDetail.typedAttributes.snykSCAType', rule: 'direct', source: 'attributes.type' },
  { target: 'asset.assetDetail.typedAttributes.snykSCAOrganizationId', rule: 'direct', source: 'org.id' },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCAOrganizationName',
    rule: 'direct',
    source: 'org.attributes.name',
  },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCAGroupId',
    rule: 'direct',
    source: 'org.attributes.group_id',
  },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCAOrgUpdatedAt',
    rule: 'direct',
    source: 'org.attributes.updated_at',
  },
  {
    target: 'asset.assetDetail.typedAttributes.snykSCAOrgCreatedAt',
    rule: 'direct',
    source: 'org.attributes.created_at',
  },
];

/** Code Repo map: projects imported from an SCM integration. */
export const CODE_REPOSITORY_MAP: TransformMap = [
  {
    target: 'asset.assetHeader.externalAssetId',
    rule: 'SCRIPT_BASE_FUNCTION',
    source: 'id',
    fn: 'codeRepositoryExternalAssetId',
    required: true,
  },
  ...ASSET_ROWS,
  { target: 'asset.assetHeader.assetType', rule: 'constant', value: 'CODE_REPOSITORY' },
  {
    target: 'asset.assetDetail.repositoryAssetClass.type',
    rule: 'FUNCTION_PICKER',
    source: 'attributes.origin',
    fn: 'repositoryType',
  },
  {
    target: 'asset.assetDetail.repositoryAssetClass.repoUrl',
    rule: 'direct',
    source: 'relationships.target.data.attributes.url',
  },
  {
    target: 'asset.assetDetail.repositoryAssetClass.owner',
    rule: 'direct',
    source: 'relationships.target.data.meta.integration_data.owner',
  },
];

/** Generic Application map: every other origin. */
export const GENERIC_APPLICATION_MAP: TransformMap = [
  { target: 'asset.assetHeader.externalAssetId', rule: 'direct', source: 'id', required: true },
  ...ASSET_ROWS,
  { target: 'asset.assetHeader.assetType', rule: 'constant', value: 'GENERIC_APPLICATION' },
  {
    target: 'asset.assetDetail.genericApplicationAssetClass.name',
    rule: 'direct',
    source: 'attributes.name',
  },
];

/** `findingGroup.findings[]`: one finding per Snyk issue of the project, for both maps. */
export const FINDING_MAP: TransformMap = [
  { target: 'name', rule: 'direct', source: 'attributes.title' },
  // The seed maps both name and description from `title`.
  { target: 'description', rule: 'direct', source: 'attributes.title' },
  { target: 'externalFindingId', rule: 'direct', source: 'id', required: true },
  {
    target: 'severity',
    rule: 'FUNCTION_PICKER',
    source: 'attributes.effective_severity_level',
    fn: 'severity',
    required: true,
  },
  {
    target: 'findingStatus',
    rule: 'FUNCTION_PICKER',
    source: 'attributes.status',
    fn: 'findingStatus',
    required: true,
  },
  { target: 'firstFoundOn', rule: 'direct', source: 'attributes.created_at' },
  { target: 'lastFoundOn', rule: 'direct', source: 'attributes.updated_at' },
  { target: 'findingType.vulnerability.cweId', rule: 'direct', source: 'attributes.classes.0.id' },
  {
    target: 'findingType.vulnerability.cveId',
    rule: 'SCRIPT_BASE_FUNCTION',
    source: 'attributes.problems',
    fn: 'snykScaCveId',
  },
  {
    target: 'findingType.vulnerability.exploitedByList',
    rule: 'list',
    source: 'attributes.exploit_details.sources',
  },
  { target: 'riskAcceptance.ignored', rule: 'direct', source: 'attributes.ignored' },
  {
    target: 'findingDetectionURL',
    rule: 'SCRIPT_BASE_FUNCTION',
    source: 'attributes.key',
    fn: 'findingDetectionUrl',
  },
  { target: 'findingURL', rule: 'SCRIPT_BASE_FUNCTION', source: 'attributes.problems', fn: 'findingUrl' },
];

/** Project types of other Snyk products (Code, IaC, Container): skipped, counted as skipped. */
export const NON_SCA_PROJECT_TYPES: ReadonlySet<string> = new Set([
  'sast',
  'cloudformationconfig',
  'k8sconfig',
  'helmconfig',
  'terraformconfig',
  'terraformplan',
  'armconfig',
  'dockerfile',
  'apk',
  'deb',
  'rpm',
  'linux',
]);

/** Origins that are SCM integrations: their projects use the Code Repo map. */
export const SCM_ORIGINS: ReadonlySet<string> = new Set([
  'github',
  'github-enterprise',
  'github-cloud-app',
  'github-server-app',
  'gitlab',
  'bitbucket-cloud',
  'bitbucket-cloud-app',
  'bitbucket-server',
  'bitbucket-connect-app',
  'azure-repos',
]);
