import { httpErrors } from '@sluice/http';
import type { Logger } from '@sluice/logging';
import { type RawWriter, type RunMode, TOPICS } from '@sluice/pipeline';
import type { SnykApi, SnykResource } from './snyk-api.ts';

export interface SnykPullOptions {
  readonly api: SnykApi;
  readonly writer: RawWriter;
  readonly mode: RunMode;
  /** Only these orgs; every org the token sees when omitted. */
  readonly orgIds?: ReadonlyArray<string> | undefined;
  /** Per org: the newest issue `updated_at` a previous run saw (delta runs read from there). */
  readonly watermark: (orgId: string) => string | undefined;
  /** How far before the watermark a delta run reaches back, against clock skew. */
  readonly overlapMs: number;
  readonly logger: Logger;
  readonly onProgress?: (pulled: Readonly<Record<string, number>>) => void;
}

export interface SnykPullResult {
  readonly pulled: Record<string, number>;
  /** Entity lists that were read completely, so a sink may sweep what they no longer hold. */
  readonly completeEntities: string[];
  /** The newest issue `updated_at` per org whose issue stream was read to its end. */
  readonly watermarks: Record<string, string>;
  readonly skippedOrgs: Array<{ orgId: string; code: string }>;
}

/** Errors that mean "this org is not readable with this token": skip it, keep going (reference §5). */
const ORG_ACCESS_ERRORS = new Set([httpErrors.HTTP_FORBIDDEN.code, httpErrors.HTTP_NOT_FOUND.code]);

/**
 * One pull of a Snyk connection: orgs, then per org its projects (with targets) and one org-wide
 * stream of open-source issues. Records go to the raw topics page by page; an issue Snyk returns twice
 * is written once.
 */
export async function pullSnyk(options: SnykPullOptions): Promise<SnykPullResult> {
  const { api, writer, logger } = options;
  const pulled: Record<string, number> = { orgs: 0, projects: 0, issues: 0, duplicates: 0 };
  const seenIssues = new Set<string>();
  const watermarks: Record<string, string> = {};
  const skippedOrgs: Array<{ orgId: string; code: string }> = [];
  const progress = () => options.onProgress?.(pulled);

  const orgs: SnykResource[] = [];
  for await (const page of api.orgs()) {
    for (const org of page) {
      if (options.orgIds && !options.orgIds.includes(org.id)) continue;
      orgs.push(org);
      await writer.write(TOPICS.snykOrgs, 'org', org.id, org);
      pulled.orgs = (pulled.orgs ?? 0) + 1;
    }
    progress();
  }
  const missing = (options.orgIds ?? []).filter((id) => !orgs.some((o) => o.id === id));
  for (const orgId of missing) skippedOrgs.push({ orgId, code: 'ORG_NOT_VISIBLE' });
  await writer.flush();

  for (const org of orgs) {
    try {
      for await (const page of api.projects(org.id)) {
        for (const project of page)
          await writer.write(TOPICS.snykProjects, 'project', project.id, project, org.id);
        pulled.projects = (pulled.projects ?? 0) + page.length;
        progress();
      }
      // Projects first: the transformer joins issues to projects it has already seen.
      await writer.flush();
      const previous = options.mode === 'delta' ? options.watermark(org.id) : undefined;
      const updatedAfter = previous
        ? new Date(Date.parse(previous) - options.overlapMs).toISOString()
        : undefined;
      let newest = previous;
      for await (const page of api.issues(org.id, updatedAfter)) {
        for (const issue of page) {
          if (seenIssues.has(issue.id)) {
            pulled.duplicates = (pulled.duplicates ?? 0) + 1;
            continue;
          }
          seenIssues.add(issue.id);
          await writer.write(TOPICS.snykIssues, 'issue', issue.id, issue, org.id);
          pulled.issues = (pulled.issues ?? 0) + 1;
          const updated = issue.attributes.updated_at;
          if (typeof updated === 'string' && (!newest || updated > newest)) newest = updated;
        }
        progress();
      }
      if (newest) watermarks[org.id] = newest;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'UNEXPECTED';
      if (!ORG_ACCESS_ERRORS.has(code)) throw error;
      logger.warn({ orgId: org.id, code }, 'Snyk org not readable with this token: skipped');
      skippedOrgs.push({ orgId: org.id, code });
    }
  }
  await writer.flush();
  const listsComplete = skippedOrgs.length === 0;
  const completeEntities = listsComplete
    ? ['orgs', 'projects', ...(options.mode === 'full' ? ['issues'] : [])]
    : [];
  return { pulled, completeEntities, watermarks, skippedOrgs };
}
