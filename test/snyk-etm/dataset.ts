/**
 * A small Snyk data set, checked by hand, and the ETM documents it must become (written from
 * spec/snyk-to-etm-mapping.md, not computed by the code under test).
 */
import type { SnykDataset } from '@sluice/snyk-simulator';

export const ORG_A = '0a000000-0000-4000-8000-00000000000a';
export const ORG_B = '0b000000-0000-4000-8000-00000000000b';
export const P1 = '70000000-0000-4000-8000-000000000001';
export const P2 = '70000000-0000-4000-8000-000000000002';
export const P3 = '70000000-0000-4000-8000-000000000003';
export const P4 = '70000000-0000-4000-8000-000000000004';
export const P5 = '70000000-0000-4000-8000-000000000005';
export const P6 = '70000000-0000-4000-8000-000000000006';
export const P7 = '70000000-0000-4000-8000-000000000007';
export const I = (n: number) => `15500000-0000-4000-8000-00000000000${n}`;

const settings = (frequency: 'daily' | 'weekly' | 'never') => ({
  recurring_tests: { frequency },
  pull_requests: {},
});

/** Two orgs, six projects (two of other Snyk products, one inactive), issues of every kind. */
export function buildDataset(dataset: SnykDataset): void {
  dataset.addOrg({
    id: ORG_A,
    attributes: {
      name: 'Payments Team',
      slug: 'payments-team',
      group_id: 'group-0001',
      is_personal: false,
      created_at: '2023-02-01T10:00:00Z',
      updated_at: '2024-06-01T09:30:00Z',
    },
  });
  dataset.addOrg({
    id: ORG_B,
    attributes: {
      name: 'Platform',
      slug: 'platform',
      group_id: 'group-0001',
      is_personal: false,
      created_at: '2023-03-01T08:00:00Z',
      updated_at: '2024-07-01T08:00:00Z',
    },
  });
  const project = (
    orgId: string,
    id: string,
    attributes: Record<string, unknown>,
    target: { url: string | null; owner?: string },
  ) =>
    dataset.addProject(orgId, {
      id,
      attributes: { read_only: false, environment: [], lifecycle: [], ...attributes },
      target: {
        url: target.url,
        display_name: String(attributes.name),
        ...(target.owner ? { owner: target.owner } : {}),
      },
    });
  project(
    ORG_A,
    P1,
    {
      name: 'Acme/Pay:package.json',
      type: 'npm',
      origin: 'github',
      target_file: 'package.json',
      target_reference: 'main',
      created: '2024-03-05T12:00:00.000Z',
      status: 'active',
      business_criticality: ['high'],
      tags: [{ key: 'team', value: 'payments' }],
      settings: settings('daily'),
    },
    { url: 'https://GitHub.com/Acme/Pay.git', owner: 'acme' },
  );
  project(
    ORG_A,
    P2,
    {
      name: 'payments-api',
      type: 'maven',
      origin: 'cli',
      target_file: 'pom.xml',
      target_reference: null,
      created: '2024-04-01T00:00:00.000Z',
      status: 'active',
      business_criticality: [],
      tags: [],
      settings: settings('weekly'),
    },
    { url: null },
  );
  project(
    ORG_A,
    P3,
    {
      name: 'Acme/Pay',
      type: 'sast',
      origin: 'github',
      target_file: '',
      target_reference: 'main',
      created: '2024-03-05T12:00:00.000Z',
      status: 'active',
      business_criticality: [],
      tags: [],
      settings: settings('daily'),
    },
    { url: 'https://github.com/Acme/Pay', owner: 'acme' },
  );
  project(
    ORG_B,
    P4,
    {
      name: 'platform/tools:requirements.txt',
      type: 'pip',
      origin: 'gitlab',
      target_file: 'requirements.txt',
      target_reference: 'develop',
      created: '2024-05-10T09:00:00.000Z',
      status: 'active',
      business_criticality: ['medium', 'low'],
      tags: [
        { key: 'tier', value: '2' },
        { key: 'owner', value: 'platform' },
      ],
      settings: settings('never'),
    },
    { url: 'https://gitlab.com/platform/tools', owner: 'platform' },
  );
  project(
    ORG_B,
    P5,
    {
      name: 'platform/base-image:latest',
      type: 'deb',
      origin: 'docker-hub',
      target_file: '',
      target_reference: 'latest',
      created: '2024-05-11T09:00:00.000Z',
      status: 'active',
      business_criticality: [],
      tags: [],
      settings: settings('daily'),
    },
    { url: null },
  );
  project(
    ORG_B,
    P6,
    {
      name: 'plat/web:yarn.lock',
      type: 'yarn',
      origin: 'bitbucket-cloud',
      target_file: 'yarn.lock',
      target_reference: 'master',
      created: '2024-06-01T00:00:00.000Z',
      status: 'inactive',
      business_criticality: ['critical'],
      tags: [],
      settings: settings('weekly'),
    },
    { url: 'https://bitbucket.org/plat/web', owner: 'plat' },
  );
  const issue = (projectId: string, id: string, attributes: Record<string, unknown>) =>
    dataset.addIssue(projectId, { id, attributes: { type: 'package_vulnerability', ...attributes } });
  issue(P1, I(1), {
    key: 'SNYK-JS-LODASH-1040724',
    title: 'Command Injection',
    status: 'open',
    ignored: false,
    effective_severity_level: 'high',
    created_at: '2024-05-15T18:49:24.958Z',
    updated_at: '2024-06-02T07:11:03.120Z',
    problems: [
      { id: 'SNYK-JS-LODASH-1040724', source: 'SNYK', type: 'vulnerability' },
      {
        id: 'CVE-2021-23337',
        source: 'NVD',
        type: 'vulnerability',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
      },
    ],
    classes: [{ id: 'CWE-78', source: 'CWE', type: 'weakness' }],
    exploit_details: { sources: ['Snyk'], maturity_levels: [] },
  });
  const withoutExploits = issue(P1, I(2), {
    key: 'npm:hoek:20180212:hoek:2.16.3',
    title: 'Prototype Pollution',
    status: 'open',
    ignored: false,
    effective_severity_level: 'critical',
    created_at: '2024-05-16T10:00:00.000Z',
    updated_at: '2024-05-16T10:00:00.000Z',
    problems: [],
    classes: [],
  });
  // The simulator fills in exploit details by default; this issue has none, as some real ones do not.
  delete (withoutExploits.attributes as { exploit_details?: unknown }).exploit_details;
  issue(P1, 'license-issue-0000', {
    key: 'snyk:lic:npm:left-pad:WTFPL',
    title: 'WTFPL license',
    type: 'license',
    status: 'open',
    ignored: false,
    effective_severity_level: 'low',
    created_at: '2024-05-16T10:00:00.000Z',
    updated_at: '2024-05-16T10:00:00.000Z',
    problems: [],
    classes: [],
  });
  issue(P2, I(3), {
    key: 'SNYK-JAVA-ORGAPACHELOGGINGLOG4J-2314720',
    title: 'Remote Code Execution (RCE)',
    status: 'resolved',
    ignored: false,
    effective_severity_level: 'medium',
    created_at: '2024-04-02T00:00:00.000Z',
    updated_at: '2024-04-20T00:00:00.000Z',
    problems: [
      { id: 'CVE-2021-44228', source: 'NVD', type: 'vulnerability' },
      { id: 'SNYK-JAVA-ORGAPACHELOGGINGLOG4J-2314720', source: 'SNYK', type: 'vulnerability' },
    ],
    classes: [{ id: 'CWE-502', source: 'CWE', type: 'weakness' }],
    exploit_details: { sources: ['CISA', 'Snyk'], maturity_levels: [] },
  });
  issue(P2, I(4), {
    key: 'SNYK-JAVA-COMFASTERXMLJACKSONCORE-3038424',
    title: 'Denial of Service (DoS)',
    status: 'open',
    ignored: true,
    effective_severity_level: 'low',
    created_at: '2024-04-03T00:00:00.000Z',
    updated_at: '2024-04-03T00:00:00.000Z',
    problems: [{ id: 'GHSA-jjjh-jjxp-wpff', source: 'GHSA', type: 'vulnerability' }],
    classes: [{ id: 'CWE-400', source: 'CWE', type: 'weakness' }],
    exploit_details: { sources: [], maturity_levels: [] },
  });
  issue(P4, I(5), {
    key: 'SNYK-PYTHON-REQUESTS-5595532',
    title: 'Information Exposure',
    status: 'open',
    ignored: false,
    effective_severity_level: 'info',
    created_at: '2024-05-20T00:00:00.000Z',
    updated_at: '2024-05-21T00:00:00.000Z',
    problems: [
      { id: 'SNYK-PYTHON-REQUESTS-5595532', source: 'SNYK', type: 'vulnerability' },
      { id: 'CVE-2023-32681', source: 'NVD', type: 'vulnerability' },
    ],
    classes: [{ id: 'CWE-200', source: 'CWE', type: 'weakness' }],
    exploit_details: { sources: [], maturity_levels: [] },
  });
  issue(P5, I(6), {
    key: 'SNYK-DEBIAN12-OPENSSL-5788322',
    title: 'Out-of-bounds Write',
    status: 'open',
    ignored: false,
    effective_severity_level: 'high',
    created_at: '2024-05-12T00:00:00.000Z',
    updated_at: '2024-05-12T00:00:00.000Z',
    problems: [{ id: 'CVE-2023-3817', source: 'NVD', type: 'vulnerability' }],
    classes: [],
  });
  issue(P6, I(8), {
    key: 'SNYK-JS-SEMVER-3247795',
    title: 'Regular Expression Denial of Service (ReDoS)',
    status: 'open',
    ignored: false,
    effective_severity_level: 'medium',
    created_at: '2024-06-02T00:00:00.000Z',
    updated_at: '2024-06-03T00:00:00.000Z',
    problems: [
      { id: 'SNYK-JS-SEMVER-3247795', source: 'SNYK', type: 'vulnerability' },
      { id: 'CVE-2022-25883', source: 'NVD', type: 'vulnerability' },
    ],
    classes: [{ id: 'CWE-1333', source: 'CWE', type: 'weakness' }],
    exploit_details: { sources: ['Snyk'], maturity_levels: [] },
  });
}

/** The changes between the first and the second run. */
export function applyChanges(dataset: SnykDataset): void {
  dataset.resolveIssue(I(1));
  dataset.reopenIssue(I(3));
  dataset.setIgnored(I(5), true);
  dataset.deactivateProject(P4);
  dataset.deleteProject(P6);
  dataset.addProject(ORG_A, {
    id: P7,
    attributes: {
      name: 'Acme/New:package.json',
      type: 'npm',
      origin: 'github-cloud-app',
      target_file: 'package.json',
      target_reference: 'main',
      created: '2024-09-01T00:00:00.000Z',
      status: 'active',
      read_only: false,
      business_criticality: ['low'],
      tags: [],
      settings: settings('daily'),
    },
    target: { url: 'https://github.com/Acme/New', display_name: 'Acme/New', owner: 'acme' },
  });
  dataset.addIssue(P7, {
    id: I(9),
    attributes: {
      type: 'package_vulnerability',
      key: 'SNYK-JS-AXIOS-6032459',
      title: 'Cross-site Request Forgery (CSRF)',
      status: 'open',
      ignored: false,
      effective_severity_level: 'high',
      created_at: '2024-09-02T00:00:00.000Z',
      updated_at: '2024-09-02T00:00:00.000Z',
      problems: [
        { id: 'SNYK-JS-AXIOS-6032459', source: 'SNYK', type: 'vulnerability' },
        { id: 'CVE-2023-45857', source: 'NVD', type: 'vulnerability' },
      ],
      classes: [{ id: 'CWE-352', source: 'CWE', type: 'weakness' }],
      exploit_details: { sources: [], maturity_levels: [] },
    },
  });
}

const orgA = {
  snykSCAOrganizationId: ORG_A,
  snykSCAOrganizationName: 'Payments Team',
  snykSCAGroupId: 'group-0001',
  snykSCAOrgUpdatedAt: '2024-06-01T09:30:00Z',
  snykSCAOrgCreatedAt: '2023-02-01T10:00:00Z',
};
const orgB = {
  snykSCAOrganizationId: ORG_B,
  snykSCAOrganizationName: 'Platform',
  snykSCAGroupId: 'group-0001',
  snykSCAOrgUpdatedAt: '2024-07-01T08:00:00Z',
  snykSCAOrgCreatedAt: '2023-03-01T08:00:00Z',
};

export const ID_P1 = 'https://github.com/Acme/Pay@main#package.json';
export const ID_P4 = 'https://gitlab.com/platform/tools@develop#requirements.txt';
export const ID_P6 = 'https://bitbucket.org/plat/web@master#yarn.lock';
export const ID_P7 = 'https://github.com/Acme/New@main#package.json';

const APP = 'https://app.snyk.io';

const assetP1 = {
  assetHeader: {
    externalAssetId: ID_P1,
    vendorAssetId: P1,
    status: 'ACTIVE',
    source: 'Snyk',
    assetType: 'CODE_REPOSITORY',
  },
  assetDetail: {
    name: 'Acme/Pay:package.json',
    sourceCreatedAt: '2024-03-05T12:00:00.000Z',
    sourceUpdatedAt: '2024-03-05T12:00:00.000Z',
    externalTags: [{ key: 'team', value: 'payments' }],
    businessInfo: { businessCriticality: 'high' },
    typedAttributes: {
      snykSCASettingsRecurringFrequency: 'daily',
      snykSCATargetReference: 'main',
      snykSCATargetFile: 'package.json',
      snykSCAType: 'npm',
      ...orgA,
    },
    repositoryAssetClass: { type: 'GITHUB', repoUrl: 'https://GitHub.com/Acme/Pay.git', owner: 'acme' },
  },
};
const assetP2 = {
  assetHeader: {
    externalAssetId: P2,
    vendorAssetId: P2,
    status: 'ACTIVE',
    source: 'Snyk',
    assetType: 'GENERIC_APPLICATION',
  },
  assetDetail: {
    name: 'payments-api',
    sourceCreatedAt: '2024-04-01T00:00:00.000Z',
    sourceUpdatedAt: '2024-04-01T00:00:00.000Z',
    externalTags: [],
    typedAttributes: {
      snykSCASettingsRecurringFrequency: 'weekly',
      snykSCATargetFile: 'pom.xml',
      snykSCAType: 'maven',
      ...orgA,
    },
    genericApplicationAssetClass: { name: 'payments-api' },
  },
};
const assetP4 = {
  assetHeader: {
    externalAssetId: ID_P4,
    vendorAssetId: P4,
    status: 'ACTIVE',
    source: 'Snyk',
    assetType: 'CODE_REPOSITORY',
  },
  assetDetail: {
    name: 'platform/tools:requirements.txt',
    sourceCreatedAt: '2024-05-10T09:00:00.000Z',
    sourceUpdatedAt: '2024-05-10T09:00:00.000Z',
    externalTags: [
      { key: 'tier', value: '2' },
      { key: 'owner', value: 'platform' },
    ],
    businessInfo: { businessCriticality: 'medium' },
    typedAttributes: {
      snykSCASettingsRecurringFrequency: 'never',
      snykSCATargetReference: 'develop',
      snykSCATargetFile: 'requirements.txt',
      snykSCAType: 'pip',
      ...orgB,
    },
    repositoryAssetClass: { type: 'GITLAB', repoUrl: 'https://gitlab.com/platform/tools', owner: 'platform' },
  },
};
const assetP6 = {
  assetHeader: {
    externalAssetId: ID_P6,
    vendorAssetId: P6,
    status: 'INACTIVE',
    source: 'Snyk',
    assetType: 'CODE_REPOSITORY',
  },
  assetDetail: {
    name: 'plat/web:yarn.lock',
    sourceCreatedAt: '2024-06-01T00:00:00.000Z',
    sourceUpdatedAt: '2024-06-01T00:00:00.000Z',
    externalTags: [],
    businessInfo: { businessCriticality: 'critical' },
    typedAttributes: {
      snykSCASettingsRecurringFrequency: 'weekly',
      snykSCATargetReference: 'master',
      snykSCATargetFile: 'yarn.lock',
      snykSCAType: 'yarn',
      ...orgB,
    },
    repositoryAssetClass: { type: 'BITBUCKET', repoUrl: 'https://bitbucket.org/plat/web', owner: 'plat' },
  },
};

const f1 = {
  externalFindingId: I(1),
  name: 'Command Injection',
  description: 'Command Injection',
  severity: 4,
  findingStatus: 'ACTIVE',
  firstFoundOn: '2024-05-15T18:49:24.958Z',
  lastFoundOn: '2024-06-02T07:11:03.120Z',
  findingType: { vulnerability: { cweId: 'CWE-78', cveId: 'CVE-2021-23337', exploitedByList: ['Snyk'] } },
  riskAcceptance: { ignored: false },
  findingDetectionURL: `${APP}/org/payments-team/project/${P1}#issue-SNYK-JS-LODASH-1040724`,
  findingURL: 'https://security.snyk.io/vuln/SNYK-JS-LODASH-1040724',
};
const f2 = {
  externalFindingId: I(2),
  name: 'Prototype Pollution',
  description: 'Prototype Pollution',
  severity: 5,
  findingStatus: 'ACTIVE',
  firstFoundOn: '2024-05-16T10:00:00.000Z',
  lastFoundOn: '2024-05-16T10:00:00.000Z',
  findingType: { vulnerability: { exploitedByList: [] } },
  riskAcceptance: { ignored: false },
  findingDetectionURL: `${APP}/org/payments-team/project/${P1}#issue-npm:hoek:20180212:hoek:2.16.3`,
  findingURL: 'https://security.snyk.io/vuln/npm:hoek:20180212:hoek:2.16.3',
};
const f3 = {
  externalFindingId: I(3),
  name: 'Remote Code Execution (RCE)',
  description: 'Remote Code Execution (RCE)',
  severity: 3,
  findingStatus: 'FIXED',
  firstFoundOn: '2024-04-02T00:00:00.000Z',
  lastFoundOn: '2024-04-20T00:00:00.000Z',
  findingType: {
    vulnerability: { cweId: 'CWE-502', cveId: 'CVE-2021-44228', exploitedByList: ['CISA', 'Snyk'] },
  },
  riskAcceptance: { ignored: false },
  findingDetectionURL: `${APP}/org/payments-team/project/${P2}#issue-SNYK-JAVA-ORGAPACHELOGGINGLOG4J-2314720`,
  findingURL: 'https://security.snyk.io/vuln/SNYK-JAVA-ORGAPACHELOGGINGLOG4J-2314720',
};
const f4 = {
  externalFindingId: I(4),
  name: 'Denial of Service (DoS)',
  description: 'Denial of Service (DoS)',
  severity: 2,
  findingStatus: 'ACTIVE',
  firstFoundOn: '2024-04-03T00:00:00.000Z',
  lastFoundOn: '2024-04-03T00:00:00.000Z',
  findingType: { vulnerability: { cweId: 'CWE-400', exploitedByList: [] } },
  riskAcceptance: { ignored: true },
  findingDetectionURL: `${APP}/org/payments-team/project/${P2}#issue-SNYK-JAVA-COMFASTERXMLJACKSONCORE-3038424`,
  findingURL: 'https://security.snyk.io/vuln/SNYK-JAVA-COMFASTERXMLJACKSONCORE-3038424',
};
const f5 = {
  externalFindingId: I(5),
  name: 'Information Exposure',
  description: 'Information Exposure',
  severity: 1,
  findingStatus: 'ACTIVE',
  firstFoundOn: '2024-05-20T00:00:00.000Z',
  lastFoundOn: '2024-05-21T00:00:00.000Z',
  findingType: { vulnerability: { cweId: 'CWE-200', cveId: 'CVE-2023-32681', exploitedByList: [] } },
  riskAcceptance: { ignored: false },
  findingDetectionURL: `${APP}/org/platform/project/${P4}#issue-SNYK-PYTHON-REQUESTS-5595532`,
  findingURL: 'https://security.snyk.io/vuln/SNYK-PYTHON-REQUESTS-5595532',
};
const f8 = {
  externalFindingId: I(8),
  name: 'Regular Expression Denial of Service (ReDoS)',
  description: 'Regular Expression Denial of Service (ReDoS)',
  severity: 3,
  findingStatus: 'ACTIVE',
  firstFoundOn: '2024-06-02T00:00:00.000Z',
  lastFoundOn: '2024-06-03T00:00:00.000Z',
  findingType: { vulnerability: { cweId: 'CWE-1333', cveId: 'CVE-2022-25883', exploitedByList: ['Snyk'] } },
  riskAcceptance: { ignored: false },
  findingDetectionURL: `${APP}/org/platform/project/${P6}#issue-SNYK-JS-SEMVER-3247795`,
  findingURL: 'https://security.snyk.io/vuln/SNYK-JS-SEMVER-3247795',
};

type Doc = Record<string, unknown>;
type Entry = {
  asset: Doc & { assetHeader: Doc & { externalAssetId: string } };
  findings: Array<Doc & { externalFindingId: string }>;
};
const sortById = <T extends { externalFindingId: string }>(list: T[]) =>
  [...list].sort((a, b) => a.externalFindingId.localeCompare(b.externalFindingId));
const inventory = (entries: Entry[]): Entry[] =>
  [...entries]
    .map((e) => ({ ...e, findings: sortById(e.findings) }))
    .sort((a, b) => a.asset.assetHeader.externalAssetId.localeCompare(b.asset.assetHeader.externalAssetId));

/** ETM after the first (full) run. */
export function expectedAfterFirstRun() {
  return inventory([
    { asset: assetP1, findings: [f1, f2] },
    { asset: assetP2, findings: [f3, f4] },
    { asset: assetP4, findings: [f5] },
    { asset: assetP6, findings: [f8] },
  ]);
}

/**
 * ETM after the changes: I1 resolved → FIXED, I3 open again → REOPENED, I5 ignored, P4 deactivated →
 * INACTIVE, P6 deleted → DELETED with I8 FIXED, P7 new with I9. The changed issues carry the simulator's
 * new `updated_at`, which the test reads back, hence `lastFoundOn` as a parameter.
 */
export function expectedAfterChanges(lastFoundOn: Record<string, string>) {
  const assetP7 = {
    assetHeader: {
      externalAssetId: ID_P7,
      vendorAssetId: P7,
      status: 'ACTIVE',
      source: 'Snyk',
      assetType: 'CODE_REPOSITORY',
    },
    assetDetail: {
      name: 'Acme/New:package.json',
      sourceCreatedAt: '2024-09-01T00:00:00.000Z',
      sourceUpdatedAt: '2024-09-01T00:00:00.000Z',
      externalTags: [],
      businessInfo: { businessCriticality: 'low' },
      typedAttributes: {
        snykSCASettingsRecurringFrequency: 'daily',
        snykSCATargetReference: 'main',
        snykSCATargetFile: 'package.json',
        snykSCAType: 'npm',
        ...orgA,
      },
      repositoryAssetClass: { type: 'GITHUB', repoUrl: 'https://github.com/Acme/New', owner: 'acme' },
    },
  };
  const f9 = {
    externalFindingId: I(9),
    name: 'Cross-site Request Forgery (CSRF)',
    description: 'Cross-site Request Forgery (CSRF)',
    severity: 4,
    findingStatus: 'ACTIVE',
    firstFoundOn: '2024-09-02T00:00:00.000Z',
    lastFoundOn: '2024-09-02T00:00:00.000Z',
    findingType: { vulnerability: { cweId: 'CWE-352', cveId: 'CVE-2023-45857', exploitedByList: [] } },
    riskAcceptance: { ignored: false },
    findingDetectionURL: `${APP}/org/payments-team/project/${P7}#issue-SNYK-JS-AXIOS-6032459`,
    findingURL: 'https://security.snyk.io/vuln/SNYK-JS-AXIOS-6032459',
  };
  return inventory([
    { asset: assetP1, findings: [{ ...f1, findingStatus: 'FIXED', lastFoundOn: lastFoundOn[I(1)]! }, f2] },
    { asset: assetP2, findings: [{ ...f3, findingStatus: 'REOPENED', lastFoundOn: lastFoundOn[I(3)]! }, f4] },
    {
      asset: { ...assetP4, assetHeader: { ...assetP4.assetHeader, status: 'INACTIVE' } },
      findings: [{ ...f5, riskAcceptance: { ignored: true }, lastFoundOn: lastFoundOn[I(5)]! }],
    },
    {
      asset: { ...assetP6, assetHeader: { ...assetP6.assetHeader, status: 'DELETED' } },
      findings: [{ ...f8, findingStatus: 'FIXED' }],
    },
    { asset: assetP7, findings: [f9] },
  ]);
}
