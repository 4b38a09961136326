/**
 * Cursor pagination in insertion order. A cursor names the sequence number of the item a page ended
 * (or started) at, so it stays valid when items are added, changed or deleted between pages, and the
 * number of the page it came from, which decides the style of the next page's links.
 */

export type Collection = 'orgs' | 'projects' | 'issues';

export interface Cursor {
  readonly id: string;
  readonly sequence: number;
  readonly page: number;
}

export interface PageRequest {
  readonly limit: number;
  readonly startingAfter?: Cursor | undefined;
  readonly endingBefore?: Cursor | undefined;
}

export interface Page<T> {
  readonly items: T[];
  /** 1 for the first page; then one more (or less) than the page the cursor came from. */
  readonly number: number;
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
}

export function encodeCursor(collection: Collection, cursor: Cursor): string {
  const payload = JSON.stringify({ id: cursor.id, seq: cursor.sequence, page: cursor.page, c: collection });
  return `v1.${Buffer.from(payload).toString('base64url')}`;
}

/** The cursor, or undefined when the value is not one this server issued for this collection. */
export function decodeCursor(collection: Collection, value: string): Cursor | undefined {
  if (!/^v1\.[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(value.slice(3), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { id, seq, page, c } = payload as Record<string, unknown>;
  if (c !== collection || typeof id !== 'string') return undefined;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return undefined;
  if (!Number.isSafeInteger(page) || (page as number) < 1) return undefined;
  return { id, sequence: seq as number, page: page as number };
}

/** Index of the first item whose sequence number is greater than `sequence`. */
function firstAfter<T>(items: readonly T[], sequenceOf: (item: T) => number, sequence: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sequenceOf(items[mid]!) > sequence) high = mid;
    else low = mid + 1;
  }
  return low;
}

function anyMatch<T>(
  items: readonly T[],
  matches: (item: T) => boolean,
  from: number,
  step: 1 | -1,
): boolean {
  for (let i = from; i >= 0 && i < items.length; i += step) if (matches(items[i]!)) return true;
  return false;
}

/**
 * One page of `items` (sorted by sequence number) that satisfy `matches`. The scan starts at the
 * cursor's position, so walking a collection page by page costs one pass over it, not one per page.
 */
export function selectPage<T>(
  items: readonly T[],
  sequenceOf: (item: T) => number,
  matches: (item: T) => boolean,
  request: PageRequest,
): Page<T> {
  const { limit, startingAfter, endingBefore } = request;
  if (endingBefore) {
    // Items strictly before the cursor's item, the last `limit` of them.
    const end = firstAfter(items, sequenceOf, endingBefore.sequence - 1);
    const picked: T[] = [];
    let i = end - 1;
    for (; i >= 0 && picked.length < limit; i--) if (matches(items[i]!)) picked.push(items[i]!);
    return {
      items: picked.reverse(),
      number: Math.max(1, endingBefore.page - 1),
      hasBefore: anyMatch(items, matches, i, -1),
      hasAfter: anyMatch(items, matches, end, 1),
    };
  }
  const start = startingAfter ? firstAfter(items, sequenceOf, startingAfter.sequence) : 0;
  const picked: T[] = [];
  let i = start;
  for (; i < items.length && picked.length < limit; i++) if (matches(items[i]!)) picked.push(items[i]!);
  return {
    items: picked,
    number: startingAfter ? startingAfter.page + 1 : 1,
    hasBefore: startingAfter !== undefined && anyMatch(items, matches, start - 1, -1),
    hasAfter: anyMatch(items, matches, i, 1),
  };
}
