import { type MapFunction, mappingErrors, picker } from '@sluice/mapping';

/** What the maps read: a Snyk project or issue (raw JSON:API resource) with its joins. */
export interface SnykProjectInput {
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly relationships?: Record<string, unknown>;
  readonly org: { readonly id: string; readonly attributes: Record<string, unknown> };
}

export interface SnykIssueInput {
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly project: SnykProjectInput;
  readonly org: SnykProjectInput['org'];
  /** The Snyk web app of the connection, e.g. `https://app.snyk.io`. */
  readonly appUrl: string;
}

interface Problem {
  readonly id?: unknown;
  readonly source?: unknown;
}

const CVE = /^CVE-\d{4}-\d{4,}$/;

/**
 * `normalize(repoUrl)`: scheme and host lower-cased, user-info, a trailing `/` and a trailing `.git`
 * dropped, the path's case kept.
 */
export function normalizeRepoUrl(url: string): string {
  const trim = (path: string) =>
    path
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return trim(url);
  }
  const port = parsed.port ? `:${parsed.port}` : '';
  return `${parsed.protocol}//${parsed.hostname}${port}${trim(parsed.pathname)}${parsed.search}${parsed.hash}`;
}

/** Code Repo `externalAssetId`: the same repository, branch and manifest give the same id in any org. */
export function codeRepositoryExternalAssetId(project: SnykProjectInput): string {
  const attributes = project.attributes;
  const target = (project.relationships?.target as { data?: { attributes?: { url?: unknown } } } | undefined)
    ?.data;
  const url = target?.attributes?.url;
  if (typeof url !== 'string' || url === '') return `snyk-project:${project.id}`;
  const reference = typeof attributes.target_reference === 'string' ? attributes.target_reference : '';
  const file = typeof attributes.target_file === 'string' ? attributes.target_file : '';
  return `${normalizeRepoUrl(url)}@${reference}#${file}`;
}

export const PROJECT_STATUS = { active: 'ACTIVE', inactive: 'INACTIVE' } as const;
export const SEVERITY = { info: 1, low: 2, medium: 3, high: 4, critical: 5 } as const;
export const FINDING_STATUS = { open: 'ACTIVE', resolved: 'FIXED' } as const;

function repositoryType(_input: SnykProjectInput, origin: unknown): string | undefined {
  if (typeof origin !== 'string') return undefined;
  if (origin.startsWith('github')) return 'GITHUB';
  if (origin === 'gitlab') return 'GITLAB';
  if (origin.startsWith('bitbucket')) return 'BITBUCKET';
  if (origin === 'azure-repos') return 'AZURE_DEVOPS';
  throw mappingErrors.MAPPING_VALUE_UNMAPPABLE(
    'repositoryAssetClass.type',
    `origin ${origin} is not an SCM integration`,
  );
}

/** `snykScaCveId`: the first `problems[].id`, in API order, that is a CVE id. */
export function snykScaCveId(problems: unknown): string | undefined {
  if (!Array.isArray(problems)) return undefined;
  for (const p of problems as Problem[]) if (typeof p.id === 'string' && CVE.test(p.id)) return p.id;
  return undefined;
}

/** `findingUrl`: the Snyk vulnerability DB page of the SNYK problem, else of the issue key. */
export function findingUrl(issue: SnykIssueInput): string | undefined {
  const problems = Array.isArray(issue.attributes.problems) ? (issue.attributes.problems as Problem[]) : [];
  const snyk = problems.find((p) => p.source === 'SNYK' && typeof p.id === 'string');
  const id =
    (snyk?.id as string | undefined) ??
    (typeof issue.attributes.key === 'string' ? issue.attributes.key : undefined);
  return id === undefined ? undefined : `https://security.snyk.io/vuln/${id}`;
}

/** `findingDetectionUrl`: the issue's anchor on its project page in the Snyk web app. */
export function findingDetectionUrl(issue: SnykIssueInput): string | undefined {
  const slug = issue.org.attributes.slug;
  const key = issue.attributes.key;
  if (typeof slug !== 'string' || typeof key !== 'string') return undefined;
  return `${issue.appUrl}/org/${slug}/project/${issue.project.id}#issue-${key}`;
}

export const ASSET_FUNCTIONS: Readonly<Record<string, MapFunction<SnykProjectInput>>> = {
  codeRepositoryExternalAssetId: (input) => codeRepositoryExternalAssetId(input),
  projectStatus: picker('asset.assetHeader.status', PROJECT_STATUS),
  repositoryType,
};

export const FINDING_FUNCTIONS: Readonly<Record<string, MapFunction<SnykIssueInput>>> = {
  severity: picker('severity', SEVERITY),
  findingStatus: picker('findingStatus', FINDING_STATUS),
  snykScaCveId: (_input, problems) => snykScaCveId(problems),
  findingDetectionUrl: (input) => findingDetectionUrl(input),
  findingUrl: (input) => findingUrl(input),
};
