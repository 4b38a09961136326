/**
 * Query parameters as Snyk validates them: `version` required and well-formed, unknown or repeated
 * parameters rejected, `limit` 10–100 in steps of 10, arrays comma-joined, booleans lower-case.
 * Every rejection names the parameter in `source.parameter`.
 */
import { z } from 'zod';
import { snykSimulatorErrors } from './errors.ts';
import { type Collection, type Cursor, decodeCursor } from './paging.ts';
import {
  BUSINESS_CRITICALITIES,
  ENVIRONMENTS,
  ISSUE_STATUSES,
  ISSUE_TYPES,
  LIFECYCLES,
  SEVERITIES,
} from './resources.ts';

const VERSION_PATTERN =
  /^(wip|work-in-progress|experimental|beta|(\d{4}-\d{2}-\d{2})(~(wip|work-in-progress|experimental|beta))?)$/;

/** API releases the simulator knows; a request is served by the newest one on or before its date. */
const RELEASES = ['2023-11-06', '2024-01-23', '2024-02-28', '2024-03-12', '2024-10-15'] as const;

export type RawQuery = Record<string, string | string[] | undefined>;

export function badParameter(parameter: string, detail: string) {
  return snykSimulatorErrors.SNYK_BAD_REQUEST.with({ details: { parameter } }, detail);
}

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** The version that serves `requested`, or undefined when `requested` is malformed or too old. */
export function servedVersion(requested: string): string | undefined {
  const match = VERSION_PATTERN.exec(requested);
  if (!match) return undefined;
  const date = match[2];
  if (date === undefined) return RELEASES[RELEASES.length - 1];
  if (!isCalendarDate(date)) return undefined;
  return RELEASES.filter((release) => release <= date).pop();
}

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',') : value), z.array(item).min(1));
const text = z.string().min(1);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const timestamp = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time' });
const limit = z
  .string()
  .regex(/^\d+$/, 'must be an integer')
  .transform(Number)
  .refine((n) => n >= 10 && n <= 100 && n % 10 === 0, 'must be a multiple of 10 between 10 and 100');

const paging = {
  version: z.string(),
  limit: limit.optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
};

export const selfQuery = z.object({ version: z.string() });

export const orgsQuery = z.object({
  ...paging,
  group_id: text.optional(),
  is_personal: flag.optional(),
  slug: text.optional(),
  name: text.optional(),
  expand: z.literal('member_role').optional(),
});

export const projectsQuery = z.object({
  ...paging,
  target_id: list(text).optional(),
  target_reference: z.string().optional(),
  target_file: z.string().optional(),
  target_runtime: text.optional(),
  ids: list(text).optional(),
  names: list(text).optional(),
  names_start_with: list(text).optional(),
  origins: list(text).optional(),
  types: list(text).optional(),
  tags: list(z.string().regex(/^[^:]+:.+$/, 'tags are key:value')).optional(),
  business_criticality: list(z.enum(BUSINESS_CRITICALITIES)).optional(),
  environment: list(z.enum(ENVIRONMENTS)).optional(),
  lifecycle: list(z.enum(LIFECYCLES)).optional(),
  expand: z.literal('target').optional(),
  'meta.latest_issue_counts': flag.optional(),
  'meta.latest_dependency_total': flag.optional(),
  meta_count: z.literal('only').optional(),
  cli_monitored_before: timestamp.optional(),
  cli_monitored_after: timestamp.optional(),
  importing_user_public_id: list(text).optional(),
});

export const issuesQuery = z.object({
  ...paging,
  type: z.enum(ISSUE_TYPES).optional(),
  'scan_item.id': text.optional(),
  'scan_item.type': z.enum(['project', 'environment']).optional(),
  status: list(z.enum(ISSUE_STATUSES)).optional(),
  effective_severity_level: list(z.enum(SEVERITIES)).optional(),
  ignored: flag.optional(),
  created_after: timestamp.optional(),
  created_before: timestamp.optional(),
  updated_after: timestamp.optional(),
  updated_before: timestamp.optional(),
});

export interface ParsedQuery<T> {
  readonly values: T;
  /** The parameters as given, in order: what `links` repeat. */
  readonly given: ReadonlyArray<readonly [string, string]>;
  readonly served: string;
}

/** Validates a request's query against a route's schema; throws a 400 naming the first bad parameter. */
export function parseQuery<S extends z.ZodObject>(schema: S, raw: RawQuery): ParsedQuery<z.output<S>> {
  const given: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) throw badParameter(name, `Query parameter '${name}' must be given only once`);
    if (value !== undefined) given.push([name, value]);
  }
  const version = raw.version;
  if (typeof version !== 'string' || version === '') {
    throw badParameter('version', "The query parameter 'version' is required");
  }
  const served = servedVersion(version);
  if (served === undefined) throw badParameter('version', `Invalid or unavailable API version '${version}'`);
  for (const [name] of given) {
    if (!Object.hasOwn(schema.shape, name)) throw badParameter(name, `Unknown query parameter '${name}'`);
  }
  const result = schema.safeParse(Object.fromEntries(given));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'query');
    throw badParameter(name, `Invalid value for query parameter '${name}': ${issue.message}`);
  }
  return { values: result.data, given, served };
}

/** The page cursors of a query; a malformed or foreign cursor is a 400. */
export function cursorsOf(
  collection: Collection,
  values: { starting_after?: string | undefined; ending_before?: string | undefined },
): { startingAfter?: Cursor; endingBefore?: Cursor } {
  if (values.starting_after !== undefined && values.ending_before !== undefined) {
    throw badParameter('ending_before', "Use either 'starting_after' or 'ending_before', not both");
  }
  const decode = (parameter: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const cursor = decodeCursor(collection, value);
    if (!cursor) throw badParameter(parameter, `Invalid cursor in query parameter '${parameter}'`);
    return cursor;
  };
  const startingAfter = decode('starting_after', values.starting_after);
  const endingBefore = decode('ending_before', values.ending_before);
  return { ...(startingAfter ? { startingAfter } : {}), ...(endingBefore ? { endingBefore } : {}) };
}
