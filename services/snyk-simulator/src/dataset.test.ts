import { describe, expect, it } from 'vitest';
import { SnykDataset } from './dataset.ts';
import { generateSnykDataset } from './generate.ts';
import { handmadeTenant, manualClock } from './test-support.ts';

describe('SnykDataset', () => {
  it('fills org defaults: uuid id, slug from name, timestamps and group from the clock', () => {
    const time = manualClock('2025-01-02T03:04:05.678Z');
    const dataset = new SnykDataset({ clock: time.clock });
    const org = dataset.addOrg({ attributes: { name: 'Identity & Access' } });
    expect(org.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(org.type).toBe('org');
    expect(org.attributes).toMatchObject({
      name: 'Identity & Access',
      slug: 'identity-access',
      group_id: expect.any(String),
      is_personal: false,
      access_requests_enabled: false,
      created_at: '2025-01-02T03:04:05Z',
      updated_at: '2025-01-02T03:04:05Z',
    });
    const personal = dataset.addOrg({ id: 'org-p', attributes: { name: 'ada', is_personal: true } });
    expect(personal.attributes).not.toHaveProperty('group_id');
    expect(() => dataset.addOrg({ id: 'org-p' })).toThrow(
      expect.objectContaining({ code: 'SIM_DUPLICATE_ID' }),
    );
  });

  it('fills project defaults and builds the org and target relationships', () => {
    const { dataset, orgA, projects } = handmadeTenant();
    expect(projects.npm.attributes).toMatchObject({
      name: 'acme/pay:package.json',
      type: 'npm',
      target_file: 'package.json',
      target_reference: 'main',
      origin: 'github',
      status: 'active',
      read_only: false,
      settings: { recurring_tests: { frequency: 'daily' }, pull_requests: {} },
      tags: [{ key: 'team', value: 'payments' }],
      business_criticality: ['high'],
    });
    expect(projects.npm.relationships.organization).toEqual({
      data: { id: orgA.id, type: 'org' },
      links: { related: `/orgs/${orgA.id}` },
    });
    expect(projects.npm.relationships.target.data).toMatchObject({
      type: 'target',
      attributes: { display_name: 'acme/pay', url: 'https://github.com/acme/pay' },
      meta: { integration_data: { owner: 'acme' } },
    });
    expect(projects.maven.relationships.target.data.attributes.url).toBeNull();
    expect(projects.maven.attributes.target_reference).toBeNull();
    expect(projects.maven.meta.cli_monitored_at).toEqual(expect.any(String));
    expect(dataset.projectsOfOrg(orgA.id)).toEqual([projects.npm, projects.maven, projects.sast]);
    expect(() => dataset.addProject('nope')).toThrow(expect.objectContaining({ code: 'SIM_UNKNOWN_ORG' }));
  });

  it('fills issue defaults from the project ecosystem and relates the issue to org and project', () => {
    const time = manualClock();
    const dataset = new SnykDataset({ clock: time.clock });
    const org = dataset.addOrg();
    const project = dataset.addProject(org.id, {
      attributes: { type: 'pip', target_file: 'requirements.txt' },
    });
    const issue = dataset.addIssue(project.id);
    expect(Object.keys(issue.attributes).slice(0, 8)).toEqual([
      'key',
      'title',
      'type',
      'status',
      'ignored',
      'effective_severity_level',
      'created_at',
      'updated_at',
    ]);
    expect(issue.attributes).toMatchObject({
      key: expect.stringMatching(/^SNYK-PYTHON-/),
      type: 'package_vulnerability',
      status: 'open',
      ignored: false,
      created_at: time.iso(),
      updated_at: time.iso(),
    });
    expect(issue.attributes.problems[0]).toMatchObject({ id: issue.attributes.key, source: 'SNYK' });
    expect(issue.relationships).toEqual({
      organization: { data: { id: org.id, type: 'organization' }, links: { related: `/orgs/${org.id}` } },
      scan_item: {
        data: { id: project.id, type: 'project' },
        links: { related: `/orgs/${org.id}/projects/${project.id}` },
      },
    });
    const resolved = dataset.addIssue(project.id, { attributes: { status: 'resolved' } });
    expect(resolved.attributes.resolution).toEqual({ type: 'fixed', resolved_at: time.iso() });
  });

  it('resolve, reopen, ignore and severity changes bump updated_at to the clock, strictly forward', () => {
    const { dataset, time, issues } = handmadeTenant();
    const id = issues.openHigh.id;
    time.advance(1000);
    dataset.resolveIssue(id);
    expect(dataset.issue(id)!.attributes).toMatchObject({
      status: 'resolved',
      resolution: { type: 'fixed', resolved_at: time.iso() },
      updated_at: time.iso(),
    });
    time.advance(1000);
    dataset.reopenIssue(id);
    expect(dataset.issue(id)!.attributes).toMatchObject({ status: 'open', updated_at: time.iso() });
    expect(dataset.issue(id)!.attributes).not.toHaveProperty('resolution');
    const before = dataset.issue(id)!.attributes.updated_at;
    dataset.setIgnored(id, true); // the clock stands still
    expect(dataset.issue(id)!.attributes.ignored).toBe(true);
    expect(Date.parse(dataset.issue(id)!.attributes.updated_at)).toBe(Date.parse(before) + 1);
    dataset.setSeverity(id, 'critical');
    expect(dataset.issue(id)!.attributes.effective_severity_level).toBe('critical');
    expect(() => dataset.resolveIssue('nope')).toThrow(
      expect.objectContaining({ code: 'SIM_UNKNOWN_ISSUE' }),
    );
  });

  it('deactivates, activates and deletes projects; deletion removes the issues everywhere', () => {
    const { dataset, orgA, projects, issues } = handmadeTenant();
    dataset.deactivateProject(projects.maven.id);
    expect(dataset.project(projects.maven.id)!.attributes.status).toBe('inactive');
    dataset.activateProject(projects.maven.id);
    expect(dataset.project(projects.maven.id)!.attributes.status).toBe('active');

    dataset.deleteProject(projects.npm.id);
    expect(dataset.project(projects.npm.id)).toBeUndefined();
    expect(dataset.projects.map((p) => p.id)).not.toContain(projects.npm.id);
    expect(dataset.projectsOfOrg(orgA.id).map((p) => p.id)).toEqual([projects.maven.id, projects.sast.id]);
    expect(dataset.issue(issues.openHigh.id)).toBeUndefined();
    expect(dataset.issuesOfProject(projects.npm.id)).toEqual([]);
    expect(dataset.issuesOfOrg(orgA.id).map((i) => i.id)).toEqual([
      issues.ignoredLow.id,
      issues.openMedium.id,
      issues.code.id,
    ]);
    expect(dataset.issues).toHaveLength(4);
    expect(() => dataset.addIssue(projects.npm.id)).toThrow(
      expect.objectContaining({ code: 'SIM_UNKNOWN_PROJECT' }),
    );
  });

  it('mutateRandomly is reproducible for a seed and applies a mix of changes', () => {
    const run = () => {
      const time = manualClock();
      const dataset = generateSnykDataset({ seed: 3, orgs: 2, projects: 30, issues: 600, clock: time.clock });
      time.advance(60_000);
      const applied = dataset.mutateRandomly(200, 17);
      return { dataset, applied, time };
    };
    const first = run();
    const second = run();
    expect(second.applied).toEqual(first.applied);
    expect(JSON.stringify(second.dataset.issues)).toBe(JSON.stringify(first.dataset.issues));
    const actions = new Set(first.applied.map((m) => m.action));
    for (const action of [
      'resolve-issue',
      'reopen-issue',
      'ignore-issue',
      'set-severity',
      'add-issue',
      'add-project',
    ]) {
      expect(actions).toContain(action);
    }
    expect(first.applied).toHaveLength(200);
    // Later mutations may delete a project again; what survives carries the clock's time.
    const present = <T>(items: Array<T | undefined>) => items.filter((item): item is T => item !== undefined);
    const resolved = present(
      first.applied.filter((m) => m.action === 'resolve-issue').map((m) => first.dataset.issue(m.id)),
    );
    expect(resolved.length).toBeGreaterThan(0);
    for (const issue of resolved) {
      expect(Date.parse(issue.attributes.updated_at)).toBeGreaterThanOrEqual(Date.parse(first.time.iso()));
    }
    const added = present(
      first.applied.filter((m) => m.action === 'add-project').map((m) => first.dataset.project(m.id)),
    );
    expect(added.length).toBeGreaterThan(0);
    for (const project of added) expect(project.attributes.created).toBe(first.time.iso());
  });

  it('keeps the sequence numbers that cursors rely on increasing in insertion order', () => {
    const { dataset, orgA } = handmadeTenant();
    const sequences = dataset.issuesOfOrg(orgA.id).map((i) => dataset.sequenceOf(i));
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(dataset.sequenceOf({})).toBe(0);
  });
});
