/**
 * A small seeded PRNG (mulberry32) so that a seed always yields the same dataset, the same fault
 * sequence and the same mutations. Not for cryptography.
 */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const table = cumulativeTable(weights);
    const r = this.next() * table.total;
    for (let i = 0; i < table.keys.length; i++) if (r < table.bounds[i]!) return table.keys[i] as K;
    return table.keys[table.keys.length - 1] as K;
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(this.int(copy.length), 1)[0]!);
    return out;
  }

  /** A version-4-shaped UUID drawn from this generator. */
  uuid(): string {
    const a = this.#word();
    const b = this.#word();
    const c = this.#word();
    const d = this.#word();
    return `${hex8(a)}-${hex4(b >>> 16)}-4${hex4(b).slice(1)}-${hex4(((c >>> 16) & 0x3fff) | 0x8000)}-${hex4(c)}${hex8(d)}`;
  }

  #word(): number {
    return (this.next() * 4294967296) >>> 0;
  }
}

interface CumulativeTable {
  readonly keys: readonly string[];
  readonly bounds: readonly number[];
  readonly total: number;
}

/** Weight tables are constants, so their running sums are computed once. */
const cumulativeTables = new WeakMap<object, CumulativeTable>();

function cumulativeTable(weights: Readonly<Record<string, number>>): CumulativeTable {
  let table = cumulativeTables.get(weights);
  if (!table) {
    const keys = Object.keys(weights);
    const bounds: number[] = [];
    let total = 0;
    for (const key of keys) {
      total += weights[key]!;
      bounds.push(total);
    }
    table = { keys, bounds, total };
    cumulativeTables.set(weights, table);
  }
  return table;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex4(n: number): string {
  return BYTE_HEX[(n >>> 8) & 0xff]! + BYTE_HEX[n & 0xff]!;
}

function hex8(n: number): string {
  return hex4(n >>> 16) + hex4(n);
}

/** FNV-1a: turns a string (a token, a seed plus a name) into a 32-bit seed. */
export function hashSeed(...parts: Array<string | number>): number {
  const text = parts.join('\u0000');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
