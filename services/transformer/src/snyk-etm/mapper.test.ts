/**
 * Every row of both transform maps and every FUNCTION_PICKER value, with expected values written by
 * hand from spec/snyk-to-etm-mapping.md.
 */
import { describe, expect, it } from 'vitest';
import { codeRepositoryExternalAssetId, type SnykIssueInput, type SnykProjectInput } from './functions.ts';
import { mapIssue, mapProject } from './mapper.ts';

const BOTH = new Set(['CODE_REPOSITORY', 'GENERIC_APPLICATION'] as const);

const org = {
  id: 'org-1111',
  attributes: {
    name: 'Payments Team',
    slug: 'payments-team',
    group_id: 'group-9999',
    is_personal: false,
    created_at: '2023-02-01T10:00:00Z',
    updated_at: '2024-06-01T09:30:00Z',
  },
};

function project(
  overrides: { id?: string; attributes?: Record<string, unknown>; url?: string | null; owner?: string } = {},
): SnykProjectInput {
  return {
    id: overrides.id ?? 'proj-0001',
    attributes: {
      name: 'acme/checkout-service:package.json',
      type: 'npm',
      target_file: 'package.json',
      target_reference: 'main',
      origin: 'github',
      created: '2024-03-05T12:00:00.000Z',
      status: 'active',
      read_only: false,
      business_criticality: ['high', 'medium'],
      tags: [
        { key: 'team', value: 'payments' },
        { key: 'tier', value: '1' },
      ],
      settings: { recurring_tests: { frequency: 'daily' }, pull_requests: {} },
      ...overrides.attributes,
    },
    relationships: {
      organization: { data: { id: 'org-1111', type: 'org' } },
      target: {
        data: {
          id: 'target-1',
          type: 'target',
          attributes: {
            display_name: 'acme/checkout-service',
            url:
              overrides.url === undefined ? 'https://GitHub.com/Acme/Checkout-Service.git/' : overrides.url,
          },
          meta: {
            integration_data: overrides.owner === undefined ? { owner: 'Acme' } : { owner: overrides.owner },
          },
        },
      },
    },
    org,
  };
}

describe('Code Repo map', () => {
  it('maps every row', () => {
    const outcome = mapProject(project(), BOTH);
    expect(outcome).toEqual({
      kind: 'asset',
      asset: {
        assetHeader: {
          externalAssetId: 'https://github.com/Acme/Checkout-Service@main#package.json',
          vendorAssetId: 'proj-0001',
          status: 'ACTIVE',
          source: 'Snyk',
          assetType: 'CODE_REPOSITORY',
        },
        assetDetail: {
          sourceCreatedAt: '2024-03-05T12:00:00.000Z',
          sourceUpdatedAt: '2024-03-05T12:00:00.000Z',
          name: 'acme/checkout-service:package.json',
          externalTags: [
            { key: 'team', value: 'payments' },
            { key: 'tier', value: '1' },
          ],
          businessInfo: { businessCriticality: 'high' },
          typedAttributes: {
            snykSCASettingsRecurringFrequency: 'daily',
            snykSCATargetReference: 'main',
            snykSCATargetFile: 'package.json',
            snykSCAType: 'npm',
            snykSCAOrganizationId: 'org-1111',
            snykSCAOrganizationName: 'Payments Team',
            snykSCAGroupId: 'group-9999',
            snykSCAOrgUpdatedAt: '2024-06-01T09:30:00Z',
            snykSCAOrgCreatedAt: '2023-02-01T10:00:00Z',
          },
          repositoryAssetClass: {
            type: 'GITHUB',
            repoUrl: 'https://GitHub.com/Acme/Checkout-Service.git/',
            owner: 'Acme',
          },
        },
      },
    });
  });

  it('picks the repository type from every SCM origin', () => {
    const expected: Record<string, string> = {
      github: 'GITHUB',
      'github-enterprise': 'GITHUB',
      'github-cloud-app': 'GITHUB',
      'github-server-app': 'GITHUB',
      gitlab: 'GITLAB',
      'bitbucket-cloud': 'BITBUCKET',
      'bitbucket-cloud-app': 'BITBUCKET',
      'bitbucket-server': 'BITBUCKET',
      'bitbucket-connect-app': 'BITBUCKET',
      'azure-repos': 'AZURE_DEVOPS',
    };
    for (const [origin, type] of Object.entries(expected)) {
      const outcome = mapProject(project({ attributes: { origin } }), BOTH);
      expect(outcome.kind === 'asset' && outcome.asset.assetHeader.assetType, origin).toBe('CODE_REPOSITORY');
      expect(
        outcome.kind === 'asset' && (outcome.asset.assetDetail.repositoryAssetClass as { type: string }).type,
        origin,
      ).toBe(type);
    }
  });

  it('picks the status: active → ACTIVE, inactive → INACTIVE', () => {
    const inactive = mapProject(project({ attributes: { status: 'inactive' } }), BOTH);
    expect(inactive.kind === 'asset' && inactive.asset.assetHeader.status).toBe('INACTIVE');
    expect(() => mapProject(project({ attributes: { status: 'archived' } }), BOTH)).toThrow(
      /no mapping for value "archived"/,
    );
  });

  it('builds externalAssetId from the normalized repo URL, branch and manifest', () => {
    expect(
      codeRepositoryExternalAssetId(
        project({
          url: 'https://GitHub.com/Acme/Pay.git/',
          attributes: { target_reference: 'main', target_file: 'package.json' },
        }),
      ),
    ).toBe('https://github.com/Acme/Pay@main#package.json');
    expect(
      codeRepositoryExternalAssetId(
        project({
          url: 'https://user:pw@GITLAB.example.com/Grp/Sub/Repo',
          attributes: { target_reference: null, target_file: 'pom.xml' },
        }),
      ),
    ).toBe('https://gitlab.example.com/Grp/Sub/Repo@#pom.xml');
    expect(codeRepositoryExternalAssetId(project({ url: null }))).toBe('snyk-project:proj-0001');
    expect(codeRepositoryExternalAssetId(project({ url: '' }))).toBe('snyk-project:proj-0001');
  });

  it('gives the same externalAssetId for the same repository imported by two orgs', () => {
    const a = project({ id: 'p-a', url: 'https://github.com/acme/pay' });
    const b = project({ id: 'p-b', url: 'HTTPS://GITHUB.COM/acme/pay.git' });
    expect(codeRepositoryExternalAssetId(a)).toBe(codeRepositoryExternalAssetId(b));
  });

  it('leaves out absent values and objects whose fields are all absent', () => {
    const bare = project({
      attributes: {
        tags: undefined,
        business_criticality: [],
        settings: { recurring_tests: {}, pull_requests: {} },
      },
      url: null,
      owner: undefined,
    });
    const outcome = mapProject(
      {
        ...bare,
        relationships: { target: { data: { attributes: { url: null }, meta: { integration_data: {} } } } },
      },
      BOTH,
    );
    expect(outcome.kind).toBe('asset');
    if (outcome.kind !== 'asset') return;
    expect(outcome.asset.assetDetail.externalTags).toEqual([]);
    expect(outcome.asset.assetDetail).not.toHaveProperty('businessInfo');
    expect(outcome.asset.assetDetail.repositoryAssetClass).toEqual({ type: 'GITHUB' });
    expect(outcome.asset.assetDetail.typedAttributes).not.toHaveProperty('snykSCASettingsRecurringFrequency');
  });
});

describe('Generic Application map', () => {
  it('maps every row', () => {
    const outcome = mapProject(
      project({
        id: 'proj-cli-1',
        attributes: {
          origin: 'cli',
          name: 'payments-api',
          type: 'maven',
          target_file: 'pom.xml',
          target_reference: null,
          tags: [],
          business_criticality: ['critical'],
        },
        url: null,
      }),
      BOTH,
    );
    expect(outcome).toEqual({
      kind: 'asset',
      asset: {
        assetHeader: {
          externalAssetId: 'proj-cli-1',
          vendorAssetId: 'proj-cli-1',
          status: 'ACTIVE',
          source: 'Snyk',
          assetType: 'GENERIC_APPLICATION',
        },
        assetDetail: {
          sourceCreatedAt: '2024-03-05T12:00:00.000Z',
          sourceUpdatedAt: '2024-03-05T12:00:00.000Z',
          name: 'payments-api',
          externalTags: [],
          businessInfo: { businessCriticality: 'critical' },
          typedAttributes: {
            snykSCASettingsRecurringFrequency: 'daily',
            snykSCATargetFile: 'pom.xml',
            snykSCAType: 'maven',
            snykSCAOrganizationId: 'org-1111',
            snykSCAOrganizationName: 'Payments Team',
            snykSCAGroupId: 'group-9999',
            snykSCAOrgUpdatedAt: '2024-06-01T09:30:00Z',
            snykSCAOrgCreatedAt: '2023-02-01T10:00:00Z',
          },
          genericApplicationAssetClass: { name: 'payments-api' },
        },
      },
    });
  });

  it('takes every non-SCM origin, including unknown ones', () => {
    for (const origin of [
      'cli',
      'api',
      'docker-hub',
      'ecr',
      'acr',
      'gcr',
      'kubernetes',
      'artifactory-cr',
      'something-new',
    ]) {
      const outcome = mapProject(project({ attributes: { origin } }), BOTH);
      expect(outcome.kind === 'asset' && outcome.asset.assetHeader.assetType, origin).toBe(
        'GENERIC_APPLICATION',
      );
    }
  });
});

describe('project selection', () => {
  it('skips projects of other Snyk products', () => {
    for (const type of [
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
    ]) {
      expect(mapProject(project({ attributes: { type } }), BOTH), type).toEqual({
        kind: 'skipped',
        reason: 'not-open-source',
      });
    }
  });

  it('skips asset types the connection does not sync', () => {
    expect(mapProject(project(), new Set(['GENERIC_APPLICATION'] as const))).toEqual({
      kind: 'skipped',
      reason: 'asset-type-not-synced',
    });
    expect(
      mapProject(project({ attributes: { origin: 'cli' } }), new Set(['CODE_REPOSITORY'] as const)),
    ).toEqual({ kind: 'skipped', reason: 'asset-type-not-synced' });
  });
});

function issue(attributes: Record<string, unknown> = {}, appUrl = 'https://app.snyk.io'): SnykIssueInput {
  return {
    id: 'issue-aaaa',
    attributes: {
      key: 'SNYK-JS-LODASH-1040724',
      title: 'Command Injection',
      type: 'package_vulnerability',
      status: 'open',
      ignored: false,
      effective_severity_level: 'high',
      created_at: '2024-05-15T18:49:24.958Z',
      updated_at: '2024-06-02T07:11:03.120Z',
      problems: [
        { id: 'SNYK-JS-LODASH-1040724', source: 'SNYK', type: 'vulnerability' },
        { id: 'CVE-2021-23337', source: 'NVD', type: 'vulnerability' },
      ],
      classes: [{ id: 'CWE-78', source: 'CWE', type: 'weakness' }],
      exploit_details: { sources: ['Snyk', 'CISA'] },
      risk: { score: { model: 'v1', value: 614 } },
      ...attributes,
    },
    project: project(),
    org,
    appUrl,
  };
}

describe('findings map', () => {
  it('maps every row', () => {
    expect(mapIssue(issue())).toEqual({
      name: 'Command Injection',
      description: 'Command Injection',
      externalFindingId: 'issue-aaaa',
      severity: 4,
      findingStatus: 'ACTIVE',
      firstFoundOn: '2024-05-15T18:49:24.958Z',
      lastFoundOn: '2024-06-02T07:11:03.120Z',
      findingType: {
        vulnerability: { cweId: 'CWE-78', cveId: 'CVE-2021-23337', exploitedByList: ['Snyk', 'CISA'] },
      },
      riskAcceptance: { ignored: false },
      findingDetectionURL:
        'https://app.snyk.io/org/payments-team/project/proj-0001#issue-SNYK-JS-LODASH-1040724',
      findingURL: 'https://security.snyk.io/vuln/SNYK-JS-LODASH-1040724',
    });
  });

  it('picks the severity: info 1, low 2, medium 3, high 4, critical 5', () => {
    const expected = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
    for (const [level, severity] of Object.entries(expected)) {
      expect(mapIssue(issue({ effective_severity_level: level })).severity, level).toBe(severity);
    }
    expect(() => mapIssue(issue({ effective_severity_level: 'severe' }))).toThrow(/severity: no mapping/);
  });

  it('picks the status: open → ACTIVE, resolved → FIXED', () => {
    expect(mapIssue(issue({ status: 'open' })).findingStatus).toBe('ACTIVE');
    expect(mapIssue(issue({ status: 'resolved' })).findingStatus).toBe('FIXED');
    expect(() => mapIssue(issue({ status: 'unknown' }))).toThrow(/findingStatus/);
  });

  it('takes the first CVE among problems, in API order, and leaves cveId out without one', () => {
    const problems = [
      { id: 'SNYK-1', source: 'SNYK' },
      { id: 'GHSA-xxxx', source: 'GHSA' },
      { id: 'CVE-2020-0001x', source: 'NVD' },
      { id: 'CVE-2022-12345', source: 'NVD' },
      { id: 'CVE-2019-0001', source: 'NVD' },
    ];
    expect(
      (mapIssue(issue({ problems })).findingType as { vulnerability: { cveId?: string } }).vulnerability
        .cveId,
    ).toBe('CVE-2022-12345');
    const none = mapIssue(issue({ problems: [{ id: 'SNYK-1', source: 'SNYK' }] }));
    expect((none.findingType as { vulnerability: object }).vulnerability).not.toHaveProperty('cveId');
  });

  it('falls back to the issue key for findingURL and keeps an empty exploit list', () => {
    const out = mapIssue(
      issue({ problems: [{ id: 'CVE-2021-1', source: 'NVD' }], exploit_details: undefined, classes: [] }),
    );
    expect(out.findingURL).toBe('https://security.snyk.io/vuln/SNYK-JS-LODASH-1040724');
    expect(out.findingType).toEqual({ vulnerability: { exploitedByList: [] } });
  });

  it('uses the connection app URL in findingDetectionURL', () => {
    expect(mapIssue(issue({}, 'https://app.eu.snyk.io')).findingDetectionURL).toBe(
      'https://app.eu.snyk.io/org/payments-team/project/proj-0001#issue-SNYK-JS-LODASH-1040724',
    );
  });

  it('copies ignored as a boolean', () => {
    expect(mapIssue(issue({ ignored: true })).riskAcceptance).toEqual({ ignored: true });
  });
});
