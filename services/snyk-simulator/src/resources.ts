/**
 * JSON:API resources exactly as the Snyk REST API serves them (reference §2.1–2.3). The dataset stores
 * these objects and the server serialises them, so a field added here is a field on the wire.
 */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ISSUE_TYPES = ['package_vulnerability', 'license', 'cloud', 'code', 'custom', 'config'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

export const ISSUE_STATUSES = ['open', 'resolved'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const BUSINESS_CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export const ENVIRONMENTS = [
  'frontend',
  'backend',
  'internal',
  'external',
  'mobile',
  'saas',
  'onprem',
  'hosted',
  'distributed',
] as const;
export const LIFECYCLES = ['production', 'development', 'sandbox'] as const;

export interface RelatedLinks {
  related: string;
}

export interface SnykOrgAttributes {
  name: string;
  slug: string;
  /** Absent for personal orgs that belong to no group. */
  group_id?: string;
  is_personal: boolean;
  access_requests_enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface SnykOrg {
  id: string;
  type: 'org';
  attributes: SnykOrgAttributes;
}

export interface SnykTag {
  key: string;
  value: string;
}

export interface SnykProjectAttributes {
  name: string;
  type: string;
  target_file: string;
  target_reference: string | null;
  origin: string;
  created: string;
  status: 'active' | 'inactive';
  read_only: boolean;
  business_criticality?: string[];
  environment?: string[];
  lifecycle?: string[];
  tags?: SnykTag[];
  settings: {
    recurring_tests: { frequency: 'daily' | 'weekly' | 'never' };
    pull_requests: Record<string, boolean>;
  };
  build_args?: { root_workspace?: string; platform?: string };
  target_runtime?: string;
}

/** The expanded target, as `expand=target` returns it. */
export interface SnykTargetData {
  id: string;
  type: 'target';
  attributes: { display_name: string; url: string | null };
  meta: { integration_data: Record<string, string> };
}

export interface SnykUserRelationship {
  data: { id: string; type: 'user' };
  links: RelatedLinks;
}

export interface SnykProjectRelationships {
  organization: { data: { id: string; type: 'org' }; links: RelatedLinks };
  target: { data: SnykTargetData; links: RelatedLinks };
  importer?: SnykUserRelationship;
  owner?: SnykUserRelationship;
}

export interface SnykProjectMeta {
  cli_monitored_at: string | null;
  /** Served only with `meta.latest_dependency_total=true`. */
  latest_dependency_total?: { total: number; updated_at: string };
}

export interface SnykProject {
  id: string;
  type: 'project';
  attributes: SnykProjectAttributes;
  relationships: SnykProjectRelationships;
  meta: SnykProjectMeta;
}

export interface SnykProblem {
  id: string;
  source: string;
  type: 'rule' | 'vulnerability';
  url?: string;
  disclosed_at?: string;
  discovered_at?: string;
  updated_at?: string;
}

export interface SnykClass {
  id: string;
  source: string;
  type: 'rule-category' | 'compliance' | 'weakness';
  url?: string;
}

export interface SnykRemedy {
  type: string;
  description?: string;
  details?: { upgrade_package?: string };
}

export type SnykRepresentation =
  | { dependency: { package_name: string; package_version: string } }
  | { sourceLocation: { file: string; region: Record<string, { line: number; column: number }> } }
  | { resourcePath: string };

export interface SnykCoordinate {
  is_fixable_manually: boolean;
  is_fixable_snyk: boolean;
  is_fixable_upstream: boolean;
  is_patchable: boolean;
  is_pinnable: boolean;
  is_upgradeable: boolean;
  reachability: 'function' | 'package' | 'no-info' | 'not-applicable';
  remedies: SnykRemedy[];
  representations: SnykRepresentation[];
}

export interface SnykSeverity {
  source: string;
  level: Severity;
  score?: number;
  version?: string;
  vector?: string;
}

export interface SnykExploitDetails {
  sources: string[];
  maturity_levels: Array<{ format: string; level: string }>;
}

export interface SnykResolution {
  type: 'fixed' | 'disappeared';
  resolved_at: string;
}

export interface SnykIssueAttributes {
  key: string;
  title: string;
  type: IssueType;
  status: IssueStatus;
  ignored: boolean;
  effective_severity_level: Severity;
  created_at: string;
  updated_at: string;
  problems: SnykProblem[];
  classes: SnykClass[];
  coordinates: SnykCoordinate[];
  severities: SnykSeverity[];
  exploit_details?: SnykExploitDetails;
  risk: { factors: unknown[]; score: { model: string; value: number } };
  resolution?: SnykResolution;
}

export interface SnykIssueRelationships {
  organization: { data: { id: string; type: 'organization' }; links: RelatedLinks };
  scan_item: { data: { id: string; type: 'project' }; links: RelatedLinks };
}

export interface SnykIssue {
  id: string;
  type: 'issue';
  attributes: SnykIssueAttributes;
  relationships: SnykIssueRelationships;
}

export interface SnykUser {
  id: string;
  type: 'user';
  attributes: { name: string; username: string; email: string };
}

/**
 * Project types that belong to Snyk products other than Open Source (the pipeline skips them). Kept
 * apart from the transformer's own list on purpose: the simulator describes Snyk, the transformer
 * decides what to do with it, and a test oracle must not import the code it checks.
 */
export const NON_OSS_PROJECT_TYPES: ReadonlySet<string> = new Set([
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

/** Origins that are SCM integrations (the pipeline maps these to code repositories). */
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
