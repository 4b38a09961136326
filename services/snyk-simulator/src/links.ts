import { type Collection, encodeCursor, type Page } from './paging.ts';

function encode(value: string): string {
  // Commas and colons stay readable (`status=open,resolved`, `tags=team:payments`), as Snyk prints them.
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

export function queryString(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

/**
 * Whether a page's links carry the `/rest` prefix. The real API is inconsistent about it (docs show
 * `/orgs/…`, other responses `/rest/orgs/…`), so odd pages use the prefix and even pages do not: every
 * walk over three or more pages meets both styles, and a client must resolve both.
 */
export function linkPrefix(pageNumber: number): string {
  return pageNumber % 2 === 1 ? '/rest' : '';
}

export interface PageLinks {
  self: string;
  first: string;
  prev?: string;
  next?: string;
}

/** `links` of a collection page: server-relative, with every query parameter already set. */
export function pageLinks<T extends { id: string }>(options: {
  path: string;
  given: ReadonlyArray<readonly [string, string]>;
  limit: number;
  collection: Collection;
  page: Page<T>;
  sequenceOf: (item: T) => number;
}): PageLinks {
  const { path, given, limit, collection, page, sequenceOf } = options;
  const prefix = linkPrefix(page.number);
  const base = given.filter(([name]) => name !== 'starting_after' && name !== 'ending_before');
  if (!base.some(([name]) => name === 'limit')) base.push(['limit', String(limit)]);
  const link = (params: ReadonlyArray<readonly [string, string]>) =>
    `${prefix}${path}?${queryString(params)}`;
  const cursor = (item: T) =>
    encodeCursor(collection, { id: item.id, sequence: sequenceOf(item), page: page.number });
  const links: PageLinks = { self: link(given), first: link(base) };
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (page.hasBefore && first) links.prev = link([...base, ['ending_before', cursor(first)]]);
  if (page.hasAfter && last) links.next = link([...base, ['starting_after', cursor(last)]]);
  return links;
}
