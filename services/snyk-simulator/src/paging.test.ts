import { describe, expect, it } from 'vitest';
import { generateSnykDataset } from './generate.ts';
import { decodeCursor, encodeCursor, selectPage } from './paging.ts';

interface Item {
  id: string;
  seq: number;
  even: boolean;
}

const items: Item[] = Array.from({ length: 45 }, (_, i) => ({
  id: `i${i + 1}`,
  seq: (i + 1) * 2,
  even: i % 2 === 1,
}));
const seqOf = (item: Item) => item.seq;
const all = () => true;

describe('cursors', () => {
  it('round-trip as opaque v1 strings bound to their collection', () => {
    const cursor = { id: 'abc', sequence: 17, page: 3 };
    const encoded = encodeCursor('issues', cursor);
    expect(encoded).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor('issues', encoded)).toEqual(cursor);
    expect(decodeCursor('projects', encoded)).toBeUndefined();
  });

  it('reject anything this server did not issue', () => {
    for (const bad of [
      '',
      'abc',
      'v1.',
      'v1.!!!',
      'v2.eyJ9',
      `v1.${Buffer.from('{"id":1}').toString('base64url')}`,
    ]) {
      expect(decodeCursor('issues', bad)).toBeUndefined();
    }
    const negative = `v1.${Buffer.from(JSON.stringify({ id: 'x', seq: -1, page: 1, c: 'issues' })).toString('base64url')}`;
    expect(decodeCursor('issues', negative)).toBeUndefined();
  });
});

describe('selectPage', () => {
  it('pages forward in insertion order and says whether more exists', () => {
    const first = selectPage(items, seqOf, all, { limit: 20 });
    expect(first.items.map((i) => i.id)).toEqual(items.slice(0, 20).map((i) => i.id));
    expect(first).toMatchObject({ number: 1, hasBefore: false, hasAfter: true });
    const third = selectPage(items, seqOf, all, {
      limit: 20,
      startingAfter: { id: 'i40', sequence: 80, page: 2 },
    });
    expect(third.items.map((i) => i.id)).toEqual(['i41', 'i42', 'i43', 'i44', 'i45']);
    expect(third).toMatchObject({ number: 3, hasBefore: true, hasAfter: false });
  });

  it('pages backward with ending_before', () => {
    const page = selectPage(items, seqOf, all, {
      limit: 10,
      endingBefore: { id: 'i21', sequence: 42, page: 3 },
    });
    expect(page.items.map((i) => i.id)).toEqual(items.slice(10, 20).map((i) => i.id));
    expect(page).toMatchObject({ number: 2, hasBefore: true, hasAfter: true });
  });

  it('applies the filter and resumes from a cursor whose item no longer exists', () => {
    const evens = selectPage(items, seqOf, (i) => i.even, {
      limit: 10,
      startingAfter: { id: 'gone', sequence: 41, page: 1 },
    });
    expect(evens.items.map((i) => i.id)).toEqual([
      'i22',
      'i24',
      'i26',
      'i28',
      'i30',
      'i32',
      'i34',
      'i36',
      'i38',
      'i40',
    ]);
    expect(evens.hasAfter).toBe(true);
  });

  it('walks 1000 pages of 100 out of 100 000 issues in one pass, not one pass per page', () => {
    const dataset = generateSnykDataset({ seed: 2, orgs: 1, projects: 200, issues: 100_000 });
    const issues = dataset.issuesOfOrg(dataset.orgs[0]!.id);
    let checks = 0;
    const matches = () => {
      checks++;
      return true;
    };
    let cursor: string | undefined;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const startingAfter = cursor === undefined ? undefined : decodeCursor('issues', cursor);
      const page = selectPage(issues, (i) => dataset.sequenceOf(i), matches, { limit: 100, startingAfter });
      pages++;
      seen += page.items.length;
      const last = page.items[page.items.length - 1];
      if (!page.hasAfter || !last) break;
      cursor = encodeCursor('issues', { id: last.id, sequence: dataset.sequenceOf(last), page: page.number });
    }
    expect(pages).toBe(1000);
    expect(seen).toBe(100_000);
    // Each page checks its own items plus a look-ahead and a look-behind; a rescan per page would be ~50M.
    expect(checks).toBeLessThan(100_000 + 3 * 1000);
  });
});
