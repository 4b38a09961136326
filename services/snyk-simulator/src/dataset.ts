import { randomUUID } from 'node:crypto';
import {
  buildTarget,
  isOpenSourceType,
  iso,
  isoSeconds,
  issueAttributes,
  issueTemplate,
  projectAttributes,
  projectKind,
  slugify,
} from './builders.ts';
import { SCM_OWNERS } from './catalog.ts';
import { snykSimulatorErrors } from './errors.ts';
import { hashSeed, Prng } from './prng.ts';
import {
  SCM_ORIGINS,
  SEVERITIES,
  type Severity,
  type SnykIssue,
  type SnykIssueAttributes,
  type SnykIssueRelationships,
  type SnykOrg,
  type SnykOrgAttributes,
  type SnykProject,
  type SnykProjectAttributes,
  type SnykProjectMeta,
  type SnykProjectRelationships,
  type SnykTargetData,
} from './resources.ts';

export interface OrgInput {
  id?: string;
  attributes?: Partial<SnykOrgAttributes>;
}

export interface TargetInput {
  id?: string;
  url?: string | null;
  display_name?: string;
  /** Stored as `integration_data.owner`, which the pipeline maps to the repository owner. */
  owner?: string;
  integration_data?: Record<string, string>;
}

export interface ProjectInput {
  id?: string;
  attributes?: Partial<SnykProjectAttributes>;
  target?: TargetInput;
  meta?: Partial<SnykProjectMeta>;
  importer_id?: string;
  /** `null` leaves the project without an owner relationship. */
  owner_id?: string | null;
}

export interface IssueInput {
  id?: string;
  attributes?: Partial<SnykIssueAttributes>;
}

export type MutationAction =
  | 'resolve-issue'
  | 'reopen-issue'
  | 'ignore-issue'
  | 'unignore-issue'
  | 'set-severity'
  | 'deactivate-project'
  | 'activate-project'
  | 'delete-project'
  | 'add-issue'
  | 'add-project';

export interface AppliedMutation {
  action: MutationAction;
  id: string;
}

export interface DatasetSummary {
  orgs: number;
  projects: number;
  activeProjects: number;
  openSourceProjects: number;
  issues: number;
  openIssues: number;
  resolvedIssues: number;
  ignoredIssues: number;
  byOrg: Array<{ id: string; slug: string; projects: number; issues: number }>;
}

const MUTATION_WEIGHTS: Readonly<Record<MutationAction, number>> = {
  'resolve-issue': 28,
  'reopen-issue': 8,
  'ignore-issue': 7,
  'unignore-issue': 3,
  'set-severity': 8,
  'add-issue': 30,
  'deactivate-project': 5,
  'activate-project': 3,
  'add-project': 5,
  'delete-project': 3,
};

/** Removes, in place, the items that match; keeps the order of the rest. */
function removeWhere<T>(items: T[], remove: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!remove(item)) items[kept++] = item;
  items.length = kept;
}

function listFor<T>(index: Map<string, T[]>, key: string): T[] {
  let list = index.get(key);
  if (!list) {
    list = [];
    index.set(key, list);
  }
  return list;
}

/**
 * The simulated tenant: orgs, projects and issues in insertion order (the API's order), with the
 * per-org and per-project indexes the server pages through. Every resource gets a sequence number at
 * insertion; cursors point at sequence numbers, so they stay valid while data changes.
 */
export class SnykDataset {
  readonly orgs: readonly SnykOrg[];
  readonly projects: readonly SnykProject[];
  readonly issues: readonly SnykIssue[];
  /** The dataset's "now": defaults and mutation timestamps come from it. */
  readonly clock: () => Date;

  readonly #orgs: SnykOrg[] = [];
  readonly #projects: SnykProject[] = [];
  readonly #issues: SnykIssue[] = [];
  readonly #sequence = new Map<object, number>();
  #nextSequence = 1;
  readonly #orgById = new Map<string, SnykOrg>();
  readonly #projectById = new Map<string, SnykProject>();
  readonly #issueById = new Map<string, SnykIssue>();
  readonly #projectsByOrg = new Map<string, SnykProject[]>();
  readonly #issuesByOrg = new Map<string, SnykIssue[]>();
  readonly #issuesByProject = new Map<string, SnykIssue[]>();
  /** One relationships object per project, shared by its issues (they never change). */
  readonly #issueRelationships = new Map<string, SnykIssueRelationships>();
  readonly #defaultGroupId = randomUUID();
  readonly #defaultUserId = randomUUID();
  #defaultIssueCount = 0;

  constructor(options: { clock?: () => Date } = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.orgs = this.#orgs;
    this.projects = this.#projects;
    this.issues = this.#issues;
  }

  org(id: string): SnykOrg | undefined {
    return this.#orgById.get(id);
  }

  project(id: string): SnykProject | undefined {
    return this.#projectById.get(id);
  }

  issue(id: string): SnykIssue | undefined {
    return this.#issueById.get(id);
  }

  projectsOfOrg(orgId: string): readonly SnykProject[] {
    return this.#projectsByOrg.get(orgId) ?? [];
  }

  issuesOfOrg(orgId: string): readonly SnykIssue[] {
    return this.#issuesByOrg.get(orgId) ?? [];
  }

  issuesOfProject(projectId: string): readonly SnykIssue[] {
    return this.#issuesByProject.get(projectId) ?? [];
  }

  /** Insertion sequence number of a stored resource (0 for an object the dataset does not hold). */
  sequenceOf(resource: object): number {
    return this.#sequence.get(resource) ?? 0;
  }

  addOrg(input: OrgInput = {}): SnykOrg {
    const id = input.id ?? randomUUID();
    if (this.#orgById.has(id)) throw snykSimulatorErrors.SIM_DUPLICATE_ID('org', id);
    const now = isoSeconds(this.clock().getTime());
    const given = input.attributes ?? {};
    const name = given.name ?? `Org ${this.#orgs.length + 1}`;
    // Orgs belong to the tenant's group unless they are personal or the input says otherwise.
    const grouped = !('group_id' in given) && given.is_personal !== true;
    const attributes: SnykOrgAttributes = {
      name,
      slug: slugify(name),
      ...(grouped ? { group_id: this.#defaultGroupId } : {}),
      is_personal: false,
      access_requests_enabled: false,
      created_at: now,
      updated_at: given.created_at ?? now,
      ...given,
    };
    if (attributes.group_id === undefined) delete attributes.group_id;
    const org: SnykOrg = { id, type: 'org', attributes };
    this.#sequence.set(org, this.#nextSequence++);
    this.#orgs.push(org);
    this.#orgById.set(id, org);
    return org;
  }

  addProject(orgId: string, input: ProjectInput = {}): SnykProject {
    if (!this.#orgById.has(orgId)) throw snykSimulatorErrors.SIM_UNKNOWN_ORG(orgId);
    const id = input.id ?? randomUUID();
    if (this.#projectById.has(id)) throw snykSimulatorErrors.SIM_DUPLICATE_ID('project', id);
    const given = input.attributes ?? {};
    const origin = given.origin ?? 'github';
    const scm = SCM_ORIGINS.has(origin);
    const target = input.target ?? {};
    const owner = target.owner ?? (scm ? 'sluice-sim' : undefined);
    const displayName =
      target.display_name ??
      given.name?.split(':')[0] ??
      (scm ? `${owner}/project-${this.#projects.length + 1}` : `project-${this.#projects.length + 1}`);
    const targetFile = given.target_file ?? 'package.json';
    const now = iso(this.clock().getTime());
    const attributes: SnykProjectAttributes = {
      name: `${displayName}:${targetFile}`,
      type: 'npm',
      target_file: targetFile,
      target_reference: 'main',
      origin,
      created: now,
      status: 'active',
      read_only: false,
      settings: { recurring_tests: { frequency: 'daily' }, pull_requests: {} },
      ...given,
    };
    const integrationData: Record<string, string> = {
      ...(owner === undefined ? {} : { owner }),
      ...target.integration_data,
    };
    const targetData: SnykTargetData = {
      id: target.id ?? randomUUID(),
      type: 'target',
      attributes: {
        display_name: displayName,
        url: target.url !== undefined ? target.url : scm ? `https://github.com/${displayName}` : null,
      },
      meta: { integration_data: integrationData },
    };
    const user = (userId: string) => ({
      data: { id: userId, type: 'user' as const },
      links: { related: `/orgs/${orgId}/users/${userId}` },
    });
    const relationships: SnykProjectRelationships = {
      organization: { data: { id: orgId, type: 'org' }, links: { related: `/orgs/${orgId}` } },
      target: { data: targetData, links: { related: `/orgs/${orgId}/targets/${targetData.id}` } },
      importer: user(input.importer_id ?? this.#defaultUserId),
    };
    const ownerId = input.owner_id === undefined ? this.#defaultUserId : input.owner_id;
    if (ownerId !== null) relationships.owner = user(ownerId);
    const meta: SnykProjectMeta = {
      cli_monitored_at: origin === 'cli' ? attributes.created : null,
      latest_dependency_total: { total: 0, updated_at: attributes.created },
      ...input.meta,
    };
    const project: SnykProject = { id, type: 'project', attributes, relationships, meta };
    this.#sequence.set(project, this.#nextSequence++);
    this.#projects.push(project);
    this.#projectById.set(id, project);
    listFor(this.#projectsByOrg, orgId).push(project);
    this.#issueRelationships.set(id, {
      organization: { data: { id: orgId, type: 'organization' }, links: { related: `/orgs/${orgId}` } },
      scan_item: { data: { id, type: 'project' }, links: { related: `/orgs/${orgId}/projects/${id}` } },
    });
    return project;
  }

  addIssue(projectId: string, input: IssueInput = {}): SnykIssue {
    const project = this.#projectById.get(projectId);
    if (!project) throw snykSimulatorErrors.SIM_UNKNOWN_PROJECT(projectId);
    const id = input.id ?? randomUUID();
    if (this.#issueById.has(id)) throw snykSimulatorErrors.SIM_DUPLICATE_ID('issue', id);
    const attributes = this.#completeIssueAttributes(project, input.attributes ?? {});
    const orgId = project.relationships.organization.data.id;
    const issue: SnykIssue = {
      id,
      type: 'issue',
      attributes,
      relationships: this.#issueRelationships.get(projectId)!,
    };
    this.#sequence.set(issue, this.#nextSequence++);
    this.#issues.push(issue);
    this.#issueById.set(id, issue);
    listFor(this.#issuesByOrg, orgId).push(issue);
    listFor(this.#issuesByProject, projectId).push(issue);
    return issue;
  }

  /** Given attributes win; missing ones come from a vulnerability of the project's ecosystem. */
  #completeIssueAttributes(project: SnykProject, given: Partial<SnykIssueAttributes>): SnykIssueAttributes {
    const complete =
      given.key !== undefined &&
      given.title !== undefined &&
      given.type !== undefined &&
      given.status !== undefined &&
      given.ignored !== undefined &&
      given.effective_severity_level !== undefined &&
      given.created_at !== undefined &&
      given.updated_at !== undefined &&
      given.problems !== undefined &&
      given.classes !== undefined &&
      given.coordinates !== undefined &&
      given.severities !== undefined &&
      given.risk !== undefined;
    if (complete) return { ...given } as SnykIssueAttributes;
    const index = ++this.#defaultIssueCount;
    const template = issueTemplate(0, project.attributes.type, 'vulnerability', 900_000 + index);
    const createdAt = given.created_at ?? iso(this.clock().getTime());
    const exploit = given.exploit_details ?? template.exploit_details;
    const attributes: SnykIssueAttributes = {
      key: given.key ?? template.key,
      title: given.title ?? template.title,
      type: given.type ?? template.type,
      status: given.status ?? 'open',
      ignored: given.ignored ?? false,
      effective_severity_level: given.effective_severity_level ?? template.level,
      created_at: createdAt,
      updated_at: given.updated_at ?? createdAt,
      problems: given.problems ?? template.problems,
      classes: given.classes ?? template.classes,
      coordinates: given.coordinates ?? template.coordinates,
      severities: given.severities ?? template.severities,
      ...(exploit ? { exploit_details: exploit } : {}),
      risk: given.risk ?? { factors: [], score: { model: 'v1', value: 500 } },
      ...(given.resolution ? { resolution: given.resolution } : {}),
    };
    if (attributes.status === 'resolved' && !attributes.resolution) {
      attributes.resolution = { type: 'fixed', resolved_at: attributes.updated_at };
    }
    return attributes;
  }

  #issueOrThrow(id: string): SnykIssue {
    const issue = this.#issueById.get(id);
    if (!issue) throw snykSimulatorErrors.SIM_UNKNOWN_ISSUE(id);
    return issue;
  }

  #projectOrThrow(id: string): SnykProject {
    const project = this.#projectById.get(id);
    if (!project) throw snykSimulatorErrors.SIM_UNKNOWN_PROJECT(id);
    return project;
  }

  /** Moves `updated_at` to now, and strictly forward even when the clock stands still. */
  #touch(issue: SnykIssue): string {
    const previous = Date.parse(issue.attributes.updated_at);
    const stamp = iso(Math.max(this.clock().getTime(), previous + 1));
    issue.attributes.updated_at = stamp;
    return stamp;
  }

  resolveIssue(id: string): void {
    const issue = this.#issueOrThrow(id);
    const stamp = this.#touch(issue);
    issue.attributes.status = 'resolved';
    issue.attributes.resolution = { type: 'fixed', resolved_at: stamp };
  }

  reopenIssue(id: string): void {
    const issue = this.#issueOrThrow(id);
    this.#touch(issue);
    issue.attributes.status = 'open';
    delete issue.attributes.resolution;
  }

  setIgnored(id: string, ignored: boolean): void {
    const issue = this.#issueOrThrow(id);
    this.#touch(issue);
    issue.attributes.ignored = ignored;
  }

  setSeverity(id: string, level: Severity): void {
    const issue = this.#issueOrThrow(id);
    this.#touch(issue);
    issue.attributes.effective_severity_level = level;
  }

  deactivateProject(id: string): void {
    this.#projectOrThrow(id).attributes.status = 'inactive';
  }

  activateProject(id: string): void {
    this.#projectOrThrow(id).attributes.status = 'active';
  }

  /** The project and its issues disappear from every listing, as when a project is deleted in Snyk. */
  deleteProject(id: string): void {
    const project = this.#projectOrThrow(id);
    const orgId = project.relationships.organization.data.id;
    const gone = new Set(this.issuesOfProject(id));
    removeWhere(this.#projects, (p) => p === project);
    removeWhere(listFor(this.#projectsByOrg, orgId), (p) => p === project);
    this.#projectById.delete(id);
    this.#sequence.delete(project);
    if (gone.size > 0) {
      removeWhere(this.#issues, (issue) => gone.has(issue));
      removeWhere(listFor(this.#issuesByOrg, orgId), (issue) => gone.has(issue));
      for (const issue of gone) {
        this.#issueById.delete(issue.id);
        this.#sequence.delete(issue);
      }
    }
    this.#issuesByProject.delete(id);
    this.#issueRelationships.delete(id);
  }

  /**
   * `count` random changes for the demo, reproducible for a seed: resolutions, reopenings, ignores,
   * severity changes, project (de)activations and deletions, new issues and new projects.
   */
  mutateRandomly(count: number, seed: number): AppliedMutation[] {
    const rng = new Prng(hashSeed('mutate', seed));
    const applied: AppliedMutation[] = [];
    for (let i = 0; i < count; i++) {
      const action = rng.weighted(MUTATION_WEIGHTS);
      const done =
        this.#mutate(rng, action) ?? this.#mutate(rng, 'add-issue') ?? this.#mutate(rng, 'add-project');
      if (done) applied.push(done);
    }
    return applied;
  }

  #randomIssue(rng: Prng, accept: (issue: SnykIssue) => boolean): SnykIssue | undefined {
    for (let attempt = 0; attempt < 50 && this.#issues.length > 0; attempt++) {
      const issue = this.#issues[rng.int(this.#issues.length)]!;
      if (accept(issue)) return issue;
    }
    return undefined;
  }

  #randomProject(rng: Prng, accept: (project: SnykProject) => boolean): SnykProject | undefined {
    for (let attempt = 0; attempt < 50 && this.#projects.length > 0; attempt++) {
      const project = this.#projects[rng.int(this.#projects.length)]!;
      if (accept(project)) return project;
    }
    return undefined;
  }

  #mutate(rng: Prng, action: MutationAction): AppliedMutation | undefined {
    const onIssue = (accept: (a: SnykIssueAttributes) => boolean, apply: (id: string) => void) => {
      const issue = this.#randomIssue(rng, (i) => accept(i.attributes));
      if (!issue) return undefined;
      apply(issue.id);
      return { action, id: issue.id };
    };
    const onProject = (accept: (p: SnykProject) => boolean, apply: (id: string) => void) => {
      const project = this.#randomProject(rng, accept);
      if (!project) return undefined;
      apply(project.id);
      return { action, id: project.id };
    };
    switch (action) {
      case 'resolve-issue':
        return onIssue(
          (a) => a.status === 'open',
          (id) => this.resolveIssue(id),
        );
      case 'reopen-issue':
        return onIssue(
          (a) => a.status === 'resolved',
          (id) => this.reopenIssue(id),
        );
      case 'ignore-issue':
        return onIssue(
          (a) => a.status === 'open' && !a.ignored,
          (id) => this.setIgnored(id, true),
        );
      case 'unignore-issue':
        return onIssue(
          (a) => a.ignored,
          (id) => this.setIgnored(id, false),
        );
      case 'set-severity':
        return onIssue(
          () => true,
          (id) => {
            const current = this.#issueById.get(id)!.attributes.effective_severity_level;
            this.setSeverity(id, rng.pick(SEVERITIES.filter((level) => level !== current)));
          },
        );
      case 'deactivate-project':
        return onProject(
          (p) => p.attributes.status === 'active',
          (id) => this.deactivateProject(id),
        );
      case 'activate-project':
        return onProject(
          (p) => p.attributes.status === 'inactive',
          (id) => this.activateProject(id),
        );
      case 'delete-project':
        return onProject(
          () => true,
          (id) => this.deleteProject(id),
        );
      case 'add-issue': {
        const project = this.#randomProject(
          rng,
          (p) => p.attributes.status === 'active' && isOpenSourceType(p.attributes.type),
        );
        if (!project) return undefined;
        return { action, id: this.#addRandomIssue(rng, project).id };
      }
      case 'add-project': {
        if (this.#orgs.length === 0) return undefined;
        const org = this.#orgs[rng.int(this.#orgs.length)]!;
        const project = this.#addRandomProject(rng, org.id);
        const issues = rng.between(1, 5);
        for (let i = 0; i < issues; i++) this.#addRandomIssue(rng, project);
        return { action, id: project.id };
      }
    }
  }

  #addRandomIssue(rng: Prng, project: SnykProject): SnykIssue {
    const keys = new Set(this.issuesOfProject(project.id).map((issue) => issue.attributes.key));
    let template = issueTemplate(0, project.attributes.type, 'vulnerability', rng.between(1_000, 999_999));
    while (keys.has(template.key)) {
      template = issueTemplate(0, project.attributes.type, 'vulnerability', rng.between(1_000, 999_999));
    }
    const nowMs = this.clock().getTime();
    const attributes = issueAttributes(rng, template, {
      createdMs: nowMs,
      updatedMs: nowMs,
      resolved: false,
      ignored: false,
    });
    return this.addIssue(project.id, { id: rng.uuid(), attributes });
  }

  #addRandomProject(rng: Prng, orgId: string): SnykProject {
    const target = buildTarget(rng, rng.pick(['github', 'gitlab', 'azure-repos'] as const), SCM_OWNERS);
    let kind = projectKind(rng, target);
    while (!isOpenSourceType(kind.type)) kind = projectKind(rng, target);
    const attributes = projectAttributes(rng, target, kind, this.clock().getTime());
    attributes.status = 'active';
    return this.addProject(orgId, {
      id: rng.uuid(),
      attributes,
      target: {
        id: target.id,
        url: target.url,
        display_name: target.displayName,
        integration_data: target.integrationData,
      },
      meta: { latest_dependency_total: { total: rng.between(20, 1500), updated_at: attributes.created } },
    });
  }

  summary(): DatasetSummary {
    let openIssues = 0;
    let ignoredIssues = 0;
    for (const issue of this.#issues) {
      if (issue.attributes.status === 'open') openIssues++;
      if (issue.attributes.ignored) ignoredIssues++;
    }
    return {
      orgs: this.#orgs.length,
      projects: this.#projects.length,
      activeProjects: this.#projects.filter((p) => p.attributes.status === 'active').length,
      openSourceProjects: this.#projects.filter((p) => isOpenSourceType(p.attributes.type)).length,
      issues: this.#issues.length,
      openIssues,
      resolvedIssues: this.#issues.length - openIssues,
      ignoredIssues,
      byOrg: this.#orgs.map((org) => ({
        id: org.id,
        slug: org.attributes.slug,
        projects: this.projectsOfOrg(org.id).length,
        issues: this.issuesOfOrg(org.id).length,
      })),
    };
  }
}
