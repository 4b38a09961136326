/** What each list endpoint's filters mean, and how a project is rendered for a given query. */
import type { z } from 'zod';
import type { SnykDataset } from './dataset.ts';
import type { issuesQuery, orgsQuery, projectsQuery } from './query.ts';
import type { SnykIssue, SnykOrg, SnykProject } from './resources.ts';
import { type Caller, canSee } from './state.ts';

export type OrgsQuery = z.output<typeof orgsQuery>;
export type ProjectsQuery = z.output<typeof projectsQuery>;
export type IssuesQuery = z.output<typeof issuesQuery>;

type Predicate<T> = (item: T) => boolean;

function allOf<T>(predicates: Array<Predicate<T> | false | undefined>): Predicate<T> {
  const active = predicates.filter((p): p is Predicate<T> => typeof p === 'function');
  return (item) => {
    for (const predicate of active) if (!predicate(item)) return false;
    return true;
  };
}

const overlaps = (values: readonly string[] | undefined, wanted: readonly string[]) =>
  values?.some((value) => wanted.includes(value)) === true;

export function orgFilter(query: OrgsQuery, caller: Caller): Predicate<SnykOrg> {
  const { group_id, is_personal, slug, name } = query;
  const needle = name?.toLowerCase();
  return allOf<SnykOrg>([
    (org) => canSee(caller, org.id),
    group_id !== undefined && ((org) => org.attributes.group_id === group_id),
    is_personal !== undefined && ((org) => org.attributes.is_personal === is_personal),
    slug !== undefined && ((org) => org.attributes.slug === slug),
    needle !== undefined && ((org) => org.attributes.name.toLowerCase().includes(needle)),
  ]);
}

export function projectFilter(query: ProjectsQuery): Predicate<SnykProject> {
  const q = query;
  const before = q.cli_monitored_before === undefined ? undefined : Date.parse(q.cli_monitored_before);
  const after = q.cli_monitored_after === undefined ? undefined : Date.parse(q.cli_monitored_after);
  const tags = q.tags?.map((tag) => {
    const at = tag.indexOf(':');
    return { key: tag.slice(0, at), value: tag.slice(at + 1) };
  });
  const monitoredAt = (p: SnykProject) =>
    p.meta.cli_monitored_at === null ? undefined : Date.parse(p.meta.cli_monitored_at);
  return allOf<SnykProject>([
    q.ids && ((p) => q.ids!.includes(p.id)),
    q.names && ((p) => q.names!.includes(p.attributes.name)),
    q.names_start_with && ((p) => q.names_start_with!.some((prefix) => p.attributes.name.startsWith(prefix))),
    q.origins && ((p) => q.origins!.includes(p.attributes.origin)),
    q.types && ((p) => q.types!.includes(p.attributes.type)),
    q.target_id && ((p) => q.target_id!.includes(p.relationships.target.data.id)),
    q.target_reference !== undefined && ((p) => p.attributes.target_reference === q.target_reference),
    q.target_file !== undefined && ((p) => p.attributes.target_file === q.target_file),
    q.target_runtime !== undefined && ((p) => p.attributes.target_runtime === q.target_runtime),
    q.business_criticality && ((p) => overlaps(p.attributes.business_criticality, q.business_criticality!)),
    q.environment && ((p) => overlaps(p.attributes.environment, q.environment!)),
    q.lifecycle && ((p) => overlaps(p.attributes.lifecycle, q.lifecycle!)),
    tags &&
      ((p) =>
        tags.every(
          (tag) => p.attributes.tags?.some((t) => t.key === tag.key && t.value === tag.value) === true,
        )),
    q.importing_user_public_id &&
      ((p) =>
        p.relationships.importer !== undefined &&
        q.importing_user_public_id!.includes(p.relationships.importer.data.id)),
    before !== undefined && ((p) => (monitoredAt(p) ?? Number.POSITIVE_INFINITY) < before),
    after !== undefined && ((p) => (monitoredAt(p) ?? Number.NEGATIVE_INFINITY) > after),
  ]);
}

/** Counts of open, not ignored issues by severity, as `meta.latest_issue_counts` reports them. */
function latestIssueCounts(dataset: SnykDataset, project: SnykProject) {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, updated_at: project.attributes.created };
  for (const issue of dataset.issuesOfProject(project.id)) {
    const { status, ignored, effective_severity_level: level, updated_at } = issue.attributes;
    if (updated_at > counts.updated_at) counts.updated_at = updated_at;
    if (status !== 'open' || ignored || level === 'info') continue;
    counts[level]++;
  }
  return counts;
}

/** A project as the API returns it: the target expanded only on `expand=target`, meta on request. */
export function projectResource(project: SnykProject, dataset: SnykDataset, query: ProjectsQuery): object {
  const { target } = project.relationships;
  const relationships =
    query.expand === 'target'
      ? project.relationships
      : {
          ...project.relationships,
          target: { data: { id: target.data.id, type: 'target' }, links: target.links },
        };
  const meta: Record<string, unknown> = { cli_monitored_at: project.meta.cli_monitored_at };
  if (query['meta.latest_issue_counts']) meta.latest_issue_counts = latestIssueCounts(dataset, project);
  if (query['meta.latest_dependency_total'] && project.meta.latest_dependency_total) {
    meta.latest_dependency_total = project.meta.latest_dependency_total;
  }
  return { id: project.id, type: project.type, attributes: project.attributes, relationships, meta };
}

export function issueFilter(query: IssuesQuery): Predicate<SnykIssue> {
  const q = query;
  const bound = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));
  const createdAfter = bound(q.created_after);
  const createdBefore = bound(q.created_before);
  const updatedAfter = bound(q.updated_after);
  const updatedBefore = bound(q.updated_before);
  const created = (i: SnykIssue) => Date.parse(i.attributes.created_at);
  const updated = (i: SnykIssue) => Date.parse(i.attributes.updated_at);
  return allOf<SnykIssue>([
    // Every simulated issue belongs to a project; none to an environment.
    q['scan_item.type'] === 'environment' && (() => false),
    q['scan_item.id'] !== undefined && ((i) => i.relationships.scan_item.data.id === q['scan_item.id']),
    q.type !== undefined && ((i) => i.attributes.type === q.type),
    q.status && ((i) => q.status!.includes(i.attributes.status)),
    q.effective_severity_level &&
      ((i) => q.effective_severity_level!.includes(i.attributes.effective_severity_level)),
    q.ignored !== undefined && ((i) => i.attributes.ignored === q.ignored),
    createdAfter !== undefined && ((i) => created(i) > createdAfter),
    createdBefore !== undefined && ((i) => created(i) < createdBefore),
    updatedAfter !== undefined && ((i) => updated(i) > updatedAfter),
    updatedBefore !== undefined && ((i) => updated(i) < updatedBefore),
  ]);
}
