/**
 * Builders shared by the generator and by `SnykDataset.mutateRandomly`: each turns a PRNG into one
 * realistic piece of Snyk data. Vulnerability templates are shared between the issues that carry the
 * same vulnerability, as in real tenants where one advisory hits many projects.
 */
import {
  BRANCH_WEIGHTS,
  CODE_RULES,
  CONFIG_RULES,
  CONTAINER_ORIGINS,
  CONTAINER_OS_ECOSYSTEMS,
  type Ecosystem,
  type GeneratedOrigin,
  LICENSES,
  MATURITY_LEVELS,
  OSS_ECOSYSTEMS,
  OSS_TYPE_WEIGHTS,
  OTHER_PRODUCT_TYPES,
  REPO_PREFIXES,
  REPO_SUFFIXES,
  TAG_POOL,
  VULNERABILITY_KINDS,
} from './catalog.ts';
import { hashSeed, Prng } from './prng.ts';
import {
  BUSINESS_CRITICALITIES,
  ENVIRONMENTS,
  type IssueType,
  LIFECYCLES,
  type Severity,
  type SnykClass,
  type SnykCoordinate,
  type SnykExploitDetails,
  type SnykIssueAttributes,
  type SnykProblem,
  type SnykProjectAttributes,
  type SnykSeverity,
  type SnykTag,
} from './resources.ts';

export const DAY_MS = 86_400_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Org timestamps come without milliseconds, as in the reference's examples. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The part of a vulnerability that is the same in every project it affects. */
export interface IssueTemplate {
  readonly key: string;
  readonly title: string;
  readonly type: IssueType;
  readonly level: Severity;
  readonly problems: SnykProblem[];
  readonly classes: SnykClass[];
  readonly coordinates: SnykCoordinate[];
  readonly severities: SnykSeverity[];
  readonly exploit_details?: SnykExploitDetails;
}

export type TemplateKind = 'vulnerability' | 'license';

const SEVERITY_WEIGHTS = { critical: 7, high: 28, medium: 40, low: 23, info: 2 } as const;
const SCORE_RANGES: Record<Severity, readonly [number, number]> = {
  critical: [9, 10],
  high: [7, 8.9],
  medium: [4, 6.9],
  low: [0.1, 3.9],
  info: [0, 0],
};

export function isOpenSourceType(type: string): boolean {
  return Object.hasOwn(OSS_ECOSYSTEMS, type);
}

function ecosystemOf(projectType: string): Ecosystem | undefined {
  if (projectType === 'dockerfile') return CONTAINER_OS_ECOSYSTEMS.deb;
  return OSS_ECOSYSTEMS[projectType] ?? CONTAINER_OS_ECOSYSTEMS[projectType];
}

/** The issue type Snyk reports for projects of this type. */
export function issueTypeFor(projectType: string): IssueType {
  if (projectType === 'sast') return 'code';
  if (projectType.endsWith('config')) return 'config';
  return 'package_vulnerability';
}

function score(rng: Prng, level: Severity): number {
  const [low, high] = SCORE_RANGES[level];
  return Math.round((low + rng.next() * (high - low)) * 10) / 10;
}

function version(rng: Prng): string {
  return `${rng.int(6)}.${rng.int(30)}.${rng.int(20)}`;
}

function cvssVector(rng: Prng): string {
  const pick = (values: readonly string[]) => rng.pick(values);
  return `CVSS:3.1/AV:${pick(['N', 'A', 'L'])}/AC:${pick(['L', 'H'])}/PR:${pick(['N', 'L', 'H'])}/UI:${pick(['N', 'R'])}/S:U/C:${pick(['H', 'L', 'N'])}/I:${pick(['H', 'L', 'N'])}/A:${pick(['H', 'L', 'N'])}`;
}

function cveId(rng: Prng): string {
  const year = rng.between(2016, 2025);
  const digits = rng.weighted({ four: 25, five: 70, six: 5 });
  const number =
    digits === 'four'
      ? rng.between(1000, 9999)
      : digits === 'five'
        ? rng.between(10000, 55000)
        : rng.between(100000, 130000);
  return `CVE-${year}-${number}`;
}

function ghsaId(rng: Prng): string {
  const chars = '23456789cfghjmpqrvwx';
  const part = () => Array.from({ length: 4 }, () => rng.pick([...chars])).join('');
  return `GHSA-${part()}-${part()}-${part()}`;
}

function exploitDetails(rng: Prng): SnykExploitDetails | undefined {
  const variant = rng.weighted({ snyk: 55, cisa: 12, none: 33 });
  if (variant === 'none') return undefined;
  if (variant === 'cisa') {
    return {
      sources: ['CISA', 'Snyk'],
      maturity_levels: [
        { format: 'CVSSv3', level: 'High' },
        { format: 'CVSSv4', level: 'Attacked' },
      ],
    };
  }
  return {
    sources: ['Snyk'],
    maturity_levels: [{ format: 'CVSSv3', level: rng.pick(MATURITY_LEVELS) }],
  };
}

function packageCoordinate(rng: Prng, packageName: string, packageVersion: string): SnykCoordinate {
  const upgradeable = rng.chance(0.7);
  const fix = version(rng);
  return {
    is_fixable_manually: false,
    is_fixable_snyk: upgradeable && rng.chance(0.6),
    is_fixable_upstream: !upgradeable && rng.chance(0.3),
    is_patchable: false,
    is_pinnable: rng.chance(0.1),
    is_upgradeable: upgradeable,
    reachability: rng.weighted({ 'no-info': 80, function: 8, package: 7, 'not-applicable': 5 }),
    remedies: upgradeable
      ? [
          {
            type: 'indeterminate',
            description: `Upgrade ${packageName} to ${fix}`,
            details: { upgrade_package: fix },
          },
        ]
      : [],
    representations: [{ dependency: { package_name: packageName, package_version: packageVersion } }],
  };
}

function packageVulnerabilityTemplate(rng: Prng, ecosystem: Ecosystem, index: number): IssueTemplate {
  const packageName = rng.pick(ecosystem.packages);
  const keyPart = (packageName.split(':')[0] ?? packageName).replace(/[^a-z0-9]/gi, '').toUpperCase();
  const key = `SNYK-${ecosystem.prefix}-${keyPart}-${1_000_000 + index * 37 + rng.int(37)}`;
  const [title, cwes] = rng.pick(VULNERABILITY_KINDS);
  const level = rng.weighted(SEVERITY_WEIGHTS);
  const disclosed = Date.UTC(rng.between(2016, 2025), rng.int(12), rng.between(1, 28));
  const updated = iso(disclosed + rng.int(400) * DAY_MS);
  const problems: SnykProblem[] = [
    { id: key, source: 'SNYK', type: 'vulnerability', updated_at: updated, disclosed_at: iso(disclosed) },
  ];
  const nvd = (id: string): SnykProblem => ({
    id,
    source: 'NVD',
    type: 'vulnerability',
    url: `https://nvd.nist.gov/vuln/detail/${id}`,
    updated_at: updated,
  });
  const ghsa = (id: string): SnykProblem => ({
    id,
    source: 'GHSA',
    type: 'vulnerability',
    url: `https://github.com/advisories/${id}`,
  });
  const references = rng.weighted({ oneCve: 78, twoCves: 8, ghsaOnly: 3, ghsaThenCve: 3, none: 8 });
  if (references === 'oneCve') problems.push(nvd(cveId(rng)));
  if (references === 'twoCves') problems.push(nvd(cveId(rng)), nvd(cveId(rng)));
  if (references === 'ghsaOnly') problems.push(ghsa(ghsaId(rng)));
  if (references === 'ghsaThenCve') problems.push(ghsa(ghsaId(rng)), nvd(cveId(rng)));
  const hasCve = references === 'oneCve' || references === 'twoCves' || references === 'ghsaThenCve';
  const snykScore = score(rng, level);
  const severities: SnykSeverity[] = [
    { source: 'Snyk', level, score: snykScore, version: '3.1', vector: cvssVector(rng) },
  ];
  if (hasCve) {
    const nvdLevel = rng.chance(0.8) ? level : rng.weighted(SEVERITY_WEIGHTS);
    severities.push({ source: 'NVD', level: nvdLevel, score: score(rng, nvdLevel), version: '3.1' });
  }
  const packageVersion = version(rng);
  const coordinates = [packageCoordinate(rng, packageName, packageVersion)];
  if (ecosystem.prefix.startsWith('DEBIAN') && rng.chance(0.3)) {
    coordinates.push(packageCoordinate(rng, `${packageName}/lib${packageName}`, packageVersion));
  }
  const exploit = exploitDetails(rng);
  return {
    key,
    title,
    type: 'package_vulnerability',
    level,
    problems,
    classes: rng.chance(0.05) ? [] : cwes.map((id) => ({ id, source: 'CWE', type: 'weakness' as const })),
    coordinates,
    severities,
    ...(exploit ? { exploit_details: exploit } : {}),
  };
}

function licenseTemplate(rng: Prng, projectType: string, ecosystem: Ecosystem): IssueTemplate {
  const packageName = rng.pick(ecosystem.packages);
  const license = rng.pick(LICENSES);
  const key = `snyk:lic:${projectType}:${packageName}:${license}`;
  return {
    key,
    title: `${license} license`,
    type: 'license',
    level: rng.weighted({ high: 30, medium: 50, low: 20 }),
    problems: [{ id: key, source: 'SNYK', type: 'rule' }],
    classes: [],
    coordinates: [packageCoordinate(rng, packageName, version(rng))],
    severities: [],
  };
}

function codeTemplate(rng: Prng): IssueTemplate {
  const [rule, title, cwe] = rng.pick(CODE_RULES);
  const line = rng.between(5, 400);
  const level = rng.weighted({ high: 40, medium: 45, low: 15 });
  return {
    key: rng.uuid(),
    title,
    type: 'code',
    level,
    problems: [{ id: rule, source: 'SNYK', type: 'rule' }],
    classes: [{ id: cwe, source: 'CWE', type: 'weakness' }],
    coordinates: [
      {
        is_fixable_manually: true,
        is_fixable_snyk: false,
        is_fixable_upstream: false,
        is_patchable: false,
        is_pinnable: false,
        is_upgradeable: false,
        reachability: 'not-applicable',
        remedies: [],
        representations: [
          {
            sourceLocation: {
              file: rng.pick(['src/db/query.js', 'src/routes/user.ts', 'app/views.py', 'src/main/App.java']),
              region: { start: { line, column: 5 }, end: { line, column: 42 } },
            },
          },
        ],
      },
    ],
    severities: [{ source: 'Snyk', level }],
  };
}

function configTemplate(rng: Prng, index: number): IssueTemplate {
  const [rule, title] = rng.pick(CONFIG_RULES);
  const level = rng.weighted({ high: 30, medium: 50, low: 20 });
  const resourcePath = `resource.${rng.pick(['aws_s3_bucket', 'aws_security_group', 'deployment'])}[r${index}]`;
  return {
    key: `${rule}:${resourcePath}`,
    title,
    type: 'config',
    level,
    problems: [{ id: rule, source: 'SNYK', type: 'rule' }],
    classes: [],
    coordinates: [
      {
        is_fixable_manually: true,
        is_fixable_snyk: false,
        is_fixable_upstream: false,
        is_patchable: false,
        is_pinnable: false,
        is_upgradeable: false,
        reachability: 'not-applicable',
        remedies: [],
        representations: [{ resourcePath }],
      },
    ],
    severities: [{ source: 'Snyk', level }],
  };
}

/**
 * The issue template number `index` of this project type: a pure function of (seed, type, kind, index),
 * so templates can be cached and shared by every project of the type.
 */
export function issueTemplate(
  seed: number,
  projectType: string,
  kind: TemplateKind,
  index: number,
): IssueTemplate {
  const rng = new Prng(hashSeed(seed, projectType, kind, index));
  const issueType = issueTypeFor(projectType);
  if (issueType === 'code') return codeTemplate(rng);
  if (issueType === 'config') return configTemplate(rng, index);
  const ecosystem = ecosystemOf(projectType) ?? OSS_ECOSYSTEMS.npm!;
  return kind === 'license' && isOpenSourceType(projectType)
    ? licenseTemplate(rng, projectType, ecosystem)
    : packageVulnerabilityTemplate(rng, ecosystem, index);
}

export interface IssueHistory {
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly resolved: boolean;
  readonly ignored: boolean;
}

/** Shared by every generated issue; nothing mutates risk factors. */
const NO_RISK_FACTORS: unknown[] = [];

/** Full issue attributes: the shared template plus this occurrence's state and dates. */
export function issueAttributes(
  rng: Prng,
  template: IssueTemplate,
  history: IssueHistory,
): SnykIssueAttributes {
  const effective = rng.chance(0.03) ? rng.weighted(SEVERITY_WEIGHTS) : template.level;
  const attributes: SnykIssueAttributes = {
    key: template.key,
    title: template.title,
    type: template.type,
    status: history.resolved ? 'resolved' : 'open',
    ignored: history.ignored,
    effective_severity_level: effective,
    created_at: iso(history.createdMs),
    updated_at: iso(history.updatedMs),
    problems: template.problems,
    classes: template.classes,
    coordinates: template.coordinates,
    severities: template.severities,
    ...(template.exploit_details ? { exploit_details: template.exploit_details } : {}),
    risk: { factors: NO_RISK_FACTORS, score: { model: 'v1', value: rng.int(1001) } },
  };
  if (history.resolved) {
    attributes.resolution = {
      type: rng.chance(0.85) ? 'fixed' : 'disappeared',
      resolved_at: iso(history.updatedMs),
    };
  }
  return attributes;
}

/** Dates and states for a generated issue, all before `nowMs`. */
export function issueHistory(rng: Prng, notBeforeMs: number, nowMs: number): IssueHistory {
  const latest = nowMs - 60_000;
  const start = Math.min(notBeforeMs, latest - DAY_MS);
  const createdMs = start + Math.floor(rng.next() * (latest - start));
  const updatedMs = rng.chance(0.4) ? createdMs : createdMs + Math.floor(rng.next() * (latest - createdMs));
  return { createdMs, updatedMs, resolved: rng.chance(0.15), ignored: rng.chance(0.05) };
}

export interface TargetSpec {
  readonly id: string;
  readonly origin: GeneratedOrigin;
  readonly displayName: string;
  readonly url: string | null;
  readonly integrationData: Record<string, string>;
}

const SCM_HOSTS: Partial<Record<GeneratedOrigin, string>> = {
  github: 'https://github.com',
  'github-cloud-app': 'https://github.com',
  'github-enterprise': 'https://github.acme-corp.com',
  gitlab: 'https://gitlab.com',
  'bitbucket-cloud': 'https://bitbucket.org',
  'bitbucket-server': 'https://bitbucket.acme-corp.com/scm',
};

function repoName(rng: Prng): string {
  return `${rng.pick(REPO_PREFIXES)}-${rng.pick(REPO_SUFFIXES)}`;
}

function scmUrl(rng: Prng, origin: GeneratedOrigin, owner: string, repo: string): string {
  if (origin === 'azure-repos') return `https://dev.azure.com/${owner}/${repo}/_git/${repo}`;
  let host = SCM_HOSTS[origin] ?? 'https://github.com';
  // Some integrations record the host as the user typed it; the pipeline must normalise it.
  if (rng.chance(0.05))
    host = host.replace(/^https:\/\/([a-z])/, (_, c: string) => `https://${c.toUpperCase()}`);
  const suffix = origin === 'bitbucket-server' || rng.chance(0.08) ? '.git' : '';
  return `${host}/${owner}/${repo}${suffix}`;
}

/**
 * A target (repository, image or CLI-monitored folder) that one or more projects scan. `taken` says
 * which display names the org already has, so one org never holds the same repository twice.
 */
export function buildTarget(
  rng: Prng,
  origin: GeneratedOrigin,
  owners: readonly string[],
  taken: (displayName: string) => boolean = () => false,
): TargetSpec {
  const id = rng.uuid();
  let owner = rng.pick(owners);
  let repo = repoName(rng);
  for (let attempt = 0; taken(`${owner}/${repo}`) || taken(repo); attempt++) {
    owner = rng.pick(owners);
    repo = attempt < 10 ? repoName(rng) : `${repoName(rng)}-${attempt}`;
  }
  if (CONTAINER_ORIGINS.has(origin)) {
    const registry = origin === 'ecr' ? '123456789012.dkr.ecr.eu-west-1.amazonaws.com/' : '';
    const displayName = `${registry}${owner.toLowerCase()}/${repo.toLowerCase()}`;
    return { id, origin, displayName, url: null, integrationData: {} };
  }
  if (origin === 'cli' || origin === 'api') {
    const url = origin === 'cli' && rng.chance(0.5) ? scmUrl(rng, 'github', owner, repo) : null;
    return { id, origin, displayName: url ? `${owner}/${repo}` : repo, url, integrationData: {} };
  }
  return {
    id,
    origin,
    displayName: `${owner}/${repo}`,
    url: scmUrl(rng, origin, owner, repo),
    integrationData: { owner, name: repo },
  };
}

/** Project type and manifest for a project of this target: mostly Open Source, ~5% other products. */
export function projectKind(rng: Prng, target: TargetSpec): { type: string; targetFile: string } {
  if (CONTAINER_ORIGINS.has(target.origin)) {
    if (rng.chance(0.5)) return { type: rng.pick(['deb', 'apk']), targetFile: '' };
    const type = rng.weighted(OSS_TYPE_WEIGHTS);
    return { type, targetFile: `/usr/src/app/${OSS_ECOSYSTEMS[type]!.manifests[0]}` };
  }
  if (rng.chance(0.035)) {
    const type = rng.pick(Object.keys(OTHER_PRODUCT_TYPES));
    return { type, targetFile: OTHER_PRODUCT_TYPES[type]! };
  }
  const type = rng.weighted(OSS_TYPE_WEIGHTS);
  return { type, targetFile: rng.pick(OSS_ECOSYSTEMS[type]!.manifests) };
}

function someOf(rng: Prng, values: readonly string[]): string[] | undefined {
  const variant = rng.weighted({ absent: 25, empty: 10, one: 55, two: 10 });
  if (variant === 'absent') return undefined;
  if (variant === 'empty') return [];
  return rng.sample(values, variant === 'one' ? 1 : 2);
}

function tags(rng: Prng): SnykTag[] | undefined {
  const variant = rng.weighted({ absent: 20, empty: 10, some: 70 });
  if (variant === 'absent') return undefined;
  if (variant === 'empty') return [];
  const keys = rng.sample(Object.keys(TAG_POOL), rng.between(1, 3));
  return keys.map((key) => ({ key, value: rng.pick(TAG_POOL[key]!) }));
}

export function projectAttributes(
  rng: Prng,
  target: TargetSpec,
  kind: { type: string; targetFile: string },
  createdMs: number,
): SnykProjectAttributes {
  const scm = Object.hasOwn(SCM_HOSTS, target.origin) || target.origin === 'azure-repos';
  const container = CONTAINER_ORIGINS.has(target.origin);
  const branch: string | null = scm
    ? rng.weighted(BRANCH_WEIGHTS)
    : container || rng.chance(0.4)
      ? null
      : rng.pick(['main', 'master']);
  const branchPart = branch && branch !== 'main' && branch !== 'master' ? `(${branch})` : '';
  const name = container
    ? `${target.displayName}:${rng.pick(['latest', '1.4.2', '2024.06.1'])}${kind.targetFile ? `:${kind.targetFile}` : ''}`
    : `${target.displayName}${branchPart}${kind.targetFile ? `:${kind.targetFile}` : ''}`;
  const attributes: SnykProjectAttributes = {
    name,
    type: kind.type,
    target_file: kind.targetFile,
    target_reference: branch,
    origin: target.origin,
    created: iso(createdMs),
    status: rng.chance(0.9) ? 'active' : 'inactive',
    read_only: rng.chance(0.03),
    settings: {
      recurring_tests: { frequency: rng.weighted({ daily: 70, weekly: 20, never: 10 }) },
      pull_requests: rng.chance(0.2) ? { fail_only_for_issues_with_fix: rng.chance(0.5) } : {},
    },
  };
  const criticality = someOf(rng, BUSINESS_CRITICALITIES);
  if (criticality) attributes.business_criticality = criticality;
  const environment = someOf(rng, ENVIRONMENTS);
  if (environment) attributes.environment = environment;
  const lifecycle = someOf(rng, LIFECYCLES);
  if (lifecycle) attributes.lifecycle = lifecycle;
  const projectTags = tags(rng);
  if (projectTags) attributes.tags = projectTags;
  if (kind.type === 'yarn' && rng.chance(0.5)) attributes.build_args = { root_workspace: 'packages/api' };
  if (container && rng.chance(0.5)) attributes.build_args = { platform: 'linux/amd64' };
  return attributes;
}
