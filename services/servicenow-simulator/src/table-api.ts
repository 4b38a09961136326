import { DISPLAY_FIELDS } from './classes.ts';
import type { Cmdb, CmdbRecord } from './cmdb.ts';

/**
 * The read side of the Table API: encoded queries (`sysparm_query`), field selection, paging and the
 * rendering of reference fields. Writing through the Table API is not simulated: the project writes
 * through IRE only.
 */

export const DEFAULT_TABLE_LIMIT = 10_000;

const OPERATORS = [
  'ISNOTEMPTY',
  'ISEMPTY',
  'INSTANCEOF',
  'NOT IN',
  'NOTLIKE',
  'STARTSWITH',
  'ENDSWITH',
  'LIKE',
  'IN',
  '!=',
  '>=',
  '<=',
  '=',
  '>',
  '<',
] as const;

export type QueryOperator = (typeof OPERATORS)[number];

export interface QueryCondition {
  readonly field: string;
  readonly operator: QueryOperator;
  readonly value: string;
}

export interface QueryOrder {
  readonly field: string;
  readonly descending: boolean;
}

/**
 * `^NQ` separates alternatives; within one, `^` joins terms with AND and `^OR` adds an alternative to
 * the term before it. A term that does not parse is kept as `undefined` and matches nothing (the
 * platform's `glide.invalid_query.returns_no_rows=true` behaviour, the safe one).
 */
export interface EncodedQuery {
  readonly alternatives: ReadonlyArray<ReadonlyArray<ReadonlyArray<QueryCondition | undefined>>>;
  readonly order: ReadonlyArray<QueryOrder>;
}

const CONDITION = new RegExp(
  `^([a-z0-9_.]+)(${OPERATORS.map((op) => op.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(.*)$`,
  's',
);

function parseCondition(text: string): QueryCondition | undefined {
  const match = CONDITION.exec(text);
  if (!match) return undefined;
  return { field: match[1]!, operator: match[2] as QueryOperator, value: match[3] ?? '' };
}

export function parseEncodedQuery(query: string | undefined): EncodedQuery {
  const order: QueryOrder[] = [];
  const alternatives = (query ?? '').split('^NQ').map((segment) => {
    const terms: Array<Array<QueryCondition | undefined>> = [];
    for (const part of segment.split('^')) {
      if (part === '' || part === 'EQ') continue;
      if (part.startsWith('ORDERBYDESC')) order.push({ field: part.slice(11), descending: true });
      else if (part.startsWith('ORDERBY')) order.push({ field: part.slice(7), descending: false });
      else if (part.startsWith('OR') && terms.length > 0) terms.at(-1)!.push(parseCondition(part.slice(2)));
      else terms.push([parseCondition(part)]);
    }
    return terms;
  });
  return { alternatives, order };
}

/** A field of a record, following dot-walks through reference fields (`type.name`, `parent.name`). */
export function fieldValue(cmdb: Cmdb, record: CmdbRecord, path: string): string {
  const parts = path.split('.');
  let current: CmdbRecord | undefined = record;
  for (const part of parts.slice(0, -1)) {
    if (!current || !cmdb.model.referenceTarget(current.sys_class_name, part)) return '';
    current = cmdb.get(current[part] ?? '');
  }
  return current?.[parts.at(-1)!] ?? '';
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}

function holds(cmdb: Cmdb, record: CmdbRecord, condition: QueryCondition | undefined): boolean {
  if (!condition) return false;
  const actual = fieldValue(cmdb, record, condition.field).toLowerCase();
  const wanted = condition.value.toLowerCase();
  const list = () => wanted.split(',').map((v) => v.trim());
  switch (condition.operator) {
    case '=':
      return actual === wanted;
    case '!=':
      return actual !== wanted;
    case 'LIKE':
      return actual.includes(wanted);
    case 'NOTLIKE':
      return !actual.includes(wanted);
    case 'STARTSWITH':
      return actual.startsWith(wanted);
    case 'ENDSWITH':
      return actual.endsWith(wanted);
    case 'IN':
      return list().includes(actual);
    case 'NOT IN':
      return !list().includes(actual);
    case 'ISEMPTY':
      return actual === '';
    case 'ISNOTEMPTY':
      return actual !== '';
    case 'INSTANCEOF':
      return cmdb.model.isCiClass(condition.value) && cmdb.model.isA(actual, condition.value);
    case '>':
      return compare(actual, wanted) > 0;
    case '>=':
      return compare(actual, wanted) >= 0;
    case '<':
      return compare(actual, wanted) < 0;
    case '<=':
      return compare(actual, wanted) <= 0;
  }
}

export function matchesQuery(cmdb: Cmdb, record: CmdbRecord, query: EncodedQuery): boolean {
  return query.alternatives.some((terms) =>
    terms.every((anyOf) => anyOf.some((condition) => holds(cmdb, record, condition))),
  );
}

export type DisplayValueMode = 'false' | 'true' | 'all';

export interface RenderOptions {
  readonly fields?: ReadonlyArray<string>;
  readonly displayValue: DisplayValueMode;
  readonly excludeReferenceLink: boolean;
  /** `http://host:port`, for reference links. */
  readonly baseUrl: string;
}

/** A record as the Table API returns it: references as `{link, value}` unless links are excluded. */
export function renderRecord(
  cmdb: Cmdb,
  record: CmdbRecord,
  options: RenderOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of options.fields ?? Object.keys(record)) {
    const value = fieldValue(cmdb, record, name);
    const target = name.includes('.') ? undefined : cmdb.model.referenceTarget(record.sys_class_name, name);
    if (!target || value === '') {
      out[name] = options.displayValue === 'all' ? { display_value: value, value } : value;
      continue;
    }
    const display = cmdb.get(value)?.[DISPLAY_FIELDS[target] ?? 'name'] ?? '';
    const link = `${options.baseUrl}/api/now/table/${target}/${value}`;
    if (options.displayValue === 'true') out[name] = display;
    else if (options.displayValue === 'all') {
      out[name] = options.excludeReferenceLink
        ? { display_value: display, value }
        : { display_value: display, link, value };
    } else out[name] = options.excludeReferenceLink ? value : { link, value };
  }
  return out;
}

export interface TableQueryParams {
  readonly sysparm_query?: string;
  readonly sysparm_fields?: string;
  readonly sysparm_limit?: string;
  readonly sysparm_offset?: string;
  readonly sysparm_display_value?: string;
  readonly sysparm_exclude_reference_link?: string;
}

export interface TablePage {
  readonly result: Array<Record<string, unknown>>;
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

function nonNegative(raw: string | undefined, fallback: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function renderOptions(params: TableQueryParams, baseUrl: string): RenderOptions {
  const fields = params.sysparm_fields
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const mode = (params.sysparm_display_value ?? 'false').toLowerCase();
  return {
    ...(fields && fields.length > 0 ? { fields } : {}),
    displayValue: mode === 'true' || mode === 'all' ? mode : 'false',
    excludeReferenceLink: params.sysparm_exclude_reference_link === 'true',
    baseUrl,
  };
}

/** One page of `table` for the given parameters. Throws CMDB_TABLE_UNKNOWN for an unknown table. */
export function queryTable(cmdb: Cmdb, table: string, params: TableQueryParams, baseUrl: string): TablePage {
  const query = parseEncodedQuery(params.sysparm_query);
  let records = cmdb.table(table);
  if (params.sysparm_query) records = records.filter((record) => matchesQuery(cmdb, record, query));
  if (query.order.length > 0) {
    records.sort((a, b) => {
      for (const { field, descending } of query.order) {
        const c = compare(fieldValue(cmdb, a, field), fieldValue(cmdb, b, field));
        if (c !== 0) return descending ? -c : c;
      }
      return 0;
    });
  }
  const limitRaw = nonNegative(params.sysparm_limit, DEFAULT_TABLE_LIMIT);
  const limit = limitRaw === 0 ? DEFAULT_TABLE_LIMIT : limitRaw;
  const offset = nonNegative(params.sysparm_offset, 0);
  const options = renderOptions(params, baseUrl);
  return {
    result: records.slice(offset, offset + limit).map((record) => renderRecord(cmdb, record, options)),
    total: records.length,
    offset,
    limit,
  };
}

/** The `Link` header: first, prev, next and last pages, each the request URL with a new offset. */
export function linkHeader(requestUrl: URL, page: TablePage): string {
  const at = (offset: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set('sysparm_offset', String(offset));
    url.searchParams.set('sysparm_limit', String(page.limit));
    return `<${url.toString()}>`;
  };
  const last = page.total === 0 ? 0 : Math.floor((page.total - 1) / page.limit) * page.limit;
  const links = [`${at(0)};rel="first"`];
  if (page.offset > 0) links.push(`${at(Math.max(0, page.offset - page.limit))};rel="prev"`);
  if (page.offset + page.limit < page.total) links.push(`${at(page.offset + page.limit)};rel="next"`);
  links.push(`${at(last)};rel="last"`);
  return links.join(',');
}
