import { describe, expect, it } from 'vitest';
import { applyMap, picker, readPath, type TransformMap } from './index.ts';

describe('applyMap', () => {
  const map: TransformMap = [
    { target: 'a.constant', rule: 'constant', value: 'K' },
    { target: 'a.direct', rule: 'direct', source: 'x.y' },
    { target: 'a.first', rule: 'direct', source: 'list.0' },
    { target: 'b.missing', rule: 'direct', source: 'nope' },
    { target: 'c.tags', rule: 'each', source: 'tags', item: { key: 'k', value: 'v' } },
    { target: 'c.list', rule: 'list', source: 'sources' },
    { target: 'd.picked', rule: 'FUNCTION_PICKER', source: 'level', fn: 'level' },
  ];
  const fns = { level: picker('level', { low: 2, high: 4 }) };

  it('copies, picks and drops absent values and empty objects', () => {
    const out = applyMap(
      map,
      { x: { y: 0 }, list: ['p', 'q'], tags: [{ k: 't', v: 'u' }], level: 'high' },
      fns,
    );
    expect(out).toEqual({
      a: { constant: 'K', direct: 0, first: 'p' },
      c: { tags: [{ key: 't', value: 'u' }], list: [] },
      d: { picked: 4 },
    });
  });

  it('keeps falsy values that are present and leaves out null ones', () => {
    const out = applyMap(
      [
        { target: 'f', rule: 'direct', source: 'f' },
        { target: 'n', rule: 'direct', source: 'n' },
      ],
      { f: false, n: null },
      {},
    );
    expect(out).toEqual({ f: false });
  });

  it('throws a coded error for an unknown picker value', () => {
    expect(() => applyMap(map, { level: 'weird' }, fns)).toThrow(/no mapping for value "weird"/);
  });

  it('throws when a required value is absent', () => {
    expect(() => applyMap([{ target: 'id', rule: 'direct', source: 'id', required: true }], {}, {})).toThrow(
      /id is required/,
    );
  });

  it('reads array indices in paths', () => {
    expect(readPath({ a: [{ b: 1 }] }, 'a.0.b')).toBe(1);
    expect(readPath({ a: null }, 'a.0.b')).toBeUndefined();
  });
});
