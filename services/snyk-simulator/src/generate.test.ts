import { describe, expect, it } from 'vitest';
import { generateSnykDataset } from './generate.ts';
import { NON_OSS_PROJECT_TYPES, SCM_ORIGINS } from './resources.ts';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const clock = () => new Date(NOW);
const CVE = /^CVE-\d{4}-\d{4,}$/;

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

describe('generateSnykDataset', () => {
  it('is deterministic: the same seed and clock give the same tenant, another seed another one', () => {
    const options = { seed: 42, orgs: 3, projects: 40, issues: 800, clock };
    const a = generateSnykDataset(options);
    const b = generateSnykDataset(options);
    expect(JSON.stringify([b.orgs, b.projects, b.issues])).toBe(
      JSON.stringify([a.orgs, a.projects, a.issues]),
    );
    const c = generateSnykDataset({ ...options, seed: 43 });
    expect(c.issues[0]!.id).not.toBe(a.issues[0]!.id);
    expect(c.projects.map((p) => p.attributes.name)).not.toEqual(a.projects.map((p) => p.attributes.name));
  });

  it('produces exactly the requested counts with UUID-shaped ids', () => {
    const dataset = generateSnykDataset({ seed: 5, orgs: 4, projects: 57, issues: 1234, clock });
    expect([dataset.orgs.length, dataset.projects.length, dataset.issues.length]).toEqual([4, 57, 1234]);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const resource of [...dataset.orgs, ...dataset.projects, ...dataset.issues])
      expect(resource.id).toMatch(uuid);
    expect(new Set(dataset.issues.map((i) => i.id)).size).toBe(1234);
  });

  it('gives a tiny tenant an Open Source project with issues', () => {
    const dataset = generateSnykDataset({ seed: 9, orgs: 1, projects: 1, issues: 5, clock });
    expect(dataset.projects[0]!.attributes).toMatchObject({ type: 'npm', origin: 'github' });
    expect(dataset.issues.every((i) => i.attributes.type === 'package_vulnerability')).toBe(true);
  });

  it('rejects impossible options naming the field', () => {
    expect(() => generateSnykDataset({ seed: 1, orgs: 0, projects: 3, issues: 0 })).toThrow(/field "orgs"/);
    expect(() => generateSnykDataset({ seed: 1, orgs: 1, projects: 0, issues: 3 })).toThrow(
      /field "projects"/,
    );
    expect(() => generateSnykDataset({ seed: 1, orgs: -1, projects: 0, issues: 0 })).toThrow(/field "orgs"/);
  });

  describe('variety (seed 11, 10 orgs, 1000 projects, 30 000 issues)', () => {
    const dataset = generateSnykDataset({ seed: 11, orgs: 10, projects: 1000, issues: 30_000, clock });
    const { orgs, projects, issues } = dataset;

    it('orgs carry every mapped attribute, with one personal org without a group', () => {
      for (const org of orgs) {
        expect(org.type).toBe('org');
        expect(org.attributes).toMatchObject({
          name: expect.any(String),
          slug: expect.stringMatching(/^[a-z0-9-]+$/),
          created_at: expect.stringMatching(/Z$/),
          updated_at: expect.stringMatching(/Z$/),
        });
      }
      expect(new Set(orgs.map((o) => o.attributes.slug)).size).toBe(10);
      expect(
        orgs.filter((o) => o.attributes.is_personal && o.attributes.group_id === undefined),
      ).toHaveLength(1);
      expect(new Set(orgs.map((o) => o.attributes.group_id).filter(Boolean)).size).toBe(2);
    });

    it('projects span every origin, mostly SCM, with ~5% other products and some inactive', () => {
      const origins = new Set(projects.map((p) => p.attributes.origin));
      for (const origin of [
        'github',
        'github-enterprise',
        'github-cloud-app',
        'gitlab',
        'bitbucket-cloud',
        'bitbucket-server',
        'azure-repos',
        'cli',
        'api',
        'docker-hub',
        'ecr',
        'kubernetes',
      ]) {
        expect(origins).toContain(origin);
      }
      expect(share(projects, (p) => SCM_ORIGINS.has(p.attributes.origin))).toBeGreaterThan(0.7);
      const types = new Set(projects.map((p) => p.attributes.type));
      for (const type of ['npm', 'maven', 'pip', 'yarn', 'gradle', 'gomodules', 'nuget', 'sast', 'deb']) {
        expect(types).toContain(type);
      }
      const otherProducts = share(projects, (p) => NON_OSS_PROJECT_TYPES.has(p.attributes.type));
      expect(otherProducts).toBeGreaterThan(0.02);
      expect(otherProducts).toBeLessThan(0.1);
      const inactive = share(projects, (p) => p.attributes.status === 'inactive');
      expect(inactive).toBeGreaterThan(0.04);
      expect(inactive).toBeLessThan(0.2);
    });

    it('projects vary in tags, criticality, frequency, branch and target URL shape', () => {
      expect(projects.some((p) => p.attributes.tags === undefined)).toBe(true);
      expect(projects.some((p) => (p.attributes.tags?.length ?? 0) >= 2)).toBe(true);
      expect(projects.some((p) => p.attributes.business_criticality === undefined)).toBe(true);
      expect(projects.some((p) => p.attributes.business_criticality?.length === 0)).toBe(true);
      expect(projects.some((p) => p.attributes.business_criticality?.[0] === 'critical')).toBe(true);
      expect(new Set(projects.map((p) => p.attributes.settings.recurring_tests.frequency))).toEqual(
        new Set(['daily', 'weekly', 'never']),
      );
      expect(projects.some((p) => p.attributes.target_reference === null)).toBe(true);
      const urls = projects.map((p) => p.relationships.target.data.attributes.url);
      expect(urls.some((url) => url?.startsWith('https://github.com/'))).toBe(true);
      expect(urls.some((url) => url?.endsWith('.git'))).toBe(true);
      expect(urls.some((url) => url !== null && /^https:\/\/[A-Z]/.test(url))).toBe(true);
      const cli = projects.filter((p) => p.attributes.origin === 'cli');
      expect(cli.some((p) => p.relationships.target.data.attributes.url === null)).toBe(true);
      expect(cli.some((p) => p.relationships.target.data.attributes.url !== null)).toBe(true);
    });

    it('every SCM project has a repository URL and an integration owner', () => {
      for (const project of projects.filter((p) => SCM_ORIGINS.has(p.attributes.origin))) {
        const target = project.relationships.target.data;
        expect(target.attributes.url).toMatch(/^https:\/\//);
        expect(target.meta.integration_data.owner).toEqual(expect.any(String));
      }
    });

    it('issues: all severities, ~15% resolved, ~5% ignored, license issues, unique keys per project', () => {
      expect(new Set(issues.map((i) => i.attributes.effective_severity_level))).toEqual(
        new Set(['info', 'low', 'medium', 'high', 'critical']),
      );
      const resolved = share(issues, (i) => i.attributes.status === 'resolved');
      expect(resolved).toBeGreaterThan(0.12);
      expect(resolved).toBeLessThan(0.18);
      const ignored = share(issues, (i) => i.attributes.ignored);
      expect(ignored).toBeGreaterThan(0.03);
      expect(ignored).toBeLessThan(0.07);
      expect(issues.some((i) => i.attributes.type === 'license')).toBe(true);
      expect(share(issues, (i) => i.attributes.type === 'package_vulnerability')).toBeGreaterThan(0.9);
      const inconsistent = issues.filter(
        (i) => (i.attributes.status === 'resolved') !== (i.attributes.resolution !== undefined),
      );
      expect(inconsistent).toEqual([]);
      const keys = new Set(issues.map((i) => `${i.relationships.scan_item.data.id} ${i.attributes.key}`));
      expect(keys.size).toBe(issues.length);
    });

    it('issue references: SNYK + usually one CVE, sometimes none, several, or a non-CVE id first', () => {
      const vulnerabilities = issues.filter((i) => i.attributes.type === 'package_vulnerability');
      const cves = (i: (typeof issues)[number]) => i.attributes.problems.filter((p) => CVE.test(p.id));
      expect(vulnerabilities.every((i) => i.attributes.problems[0]!.source === 'SNYK')).toBe(true);
      expect(share(vulnerabilities, (i) => cves(i).length === 1)).toBeGreaterThan(0.7);
      expect(vulnerabilities.some((i) => cves(i).length === 0)).toBe(true);
      expect(vulnerabilities.some((i) => cves(i).length >= 2)).toBe(true);
      expect(vulnerabilities.some((i) => i.attributes.problems[1]?.id.startsWith('GHSA-'))).toBe(true);
      expect(
        vulnerabilities.every((i) => cves(i).every((p) => p.source === 'NVD' && p.url?.endsWith(p.id))),
      ).toBe(true);
    });

    it('issue classes and exploit details vary; dates are in the past and ordered', () => {
      expect(issues.some((i) => i.attributes.classes.length === 0)).toBe(true);
      expect(share(issues, (i) => i.attributes.classes[0]?.id.startsWith('CWE-') === true)).toBeGreaterThan(
        0.8,
      );
      const sources = issues.map((i) => i.attributes.exploit_details?.sources.join(','));
      expect(sources).toContain('Snyk');
      expect(sources).toContain('CISA,Snyk');
      expect(sources).toContain(undefined);
      const badDates = issues.filter((issue) => {
        const created = Date.parse(issue.attributes.created_at);
        const updated = Date.parse(issue.attributes.updated_at);
        return !(created < NOW && updated < NOW && updated >= created);
      });
      expect(badDates).toEqual([]);
    });

    it('issues sit mostly on Open Source projects, joined by org and scan_item', () => {
      const projectById = new Map(projects.map((p) => [p.id, p]));
      const projectOf = (issue: (typeof issues)[number]) =>
        projectById.get(issue.relationships.scan_item.data.id)!;
      const misjoined = issues.filter(
        (i) => i.relationships.organization.data.id !== projectOf(i).relationships.organization.data.id,
      );
      expect(misjoined).toEqual([]);
      const onOtherProducts = issues.filter((i) =>
        NON_OSS_PROJECT_TYPES.has(projectOf(i).attributes.type),
      ).length;
      expect(onOtherProducts).toBeGreaterThan(0);
      expect(onOtherProducts / issues.length).toBeLessThan(0.03);
    });
  });

  it('generates the benchmark size: 10 orgs, 1000 projects and 100 000 issues', () => {
    const dataset = generateSnykDataset({ seed: 1, orgs: 10, projects: 1000, issues: 100_000, clock });
    expect(dataset.orgs).toHaveLength(10);
    expect(dataset.projects).toHaveLength(1000);
    expect(dataset.issues).toHaveLength(100_000);
  });
});
