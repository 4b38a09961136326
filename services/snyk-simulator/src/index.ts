export {
  type AppliedMutation,
  type DatasetSummary,
  type IssueInput,
  type MutationAction,
  type OrgInput,
  type ProjectInput,
  SnykDataset,
  type TargetInput,
} from './dataset.ts';
export { snykSimulatorErrors } from './errors.ts';
export type { SnykFaults } from './faults.ts';
export { type GenerateOptions, generateSnykDataset } from './generate.ts';
export {
  NON_OSS_PROJECT_TYPES,
  SCM_ORIGINS,
  SEVERITIES,
  type Severity,
  type SnykIssue,
  type SnykIssueAttributes,
  type SnykOrg,
  type SnykOrgAttributes,
  type SnykProject,
  type SnykProjectAttributes,
  type SnykTargetData,
  type SnykUser,
} from './resources.ts';
export {
  DEFAULT_TOKEN,
  type SnykSimulator,
  type SnykSimulatorOptions,
  startSnykSimulator,
} from './server.ts';
export type { SimulatorStats } from './stats.ts';
