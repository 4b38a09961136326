import { mappingErrors } from './errors.ts';

/**
 * One row of a transform map, as the seed tables write it: a target path, the source it reads, and
 * the rule. `direct` copies the value unchanged; `FUNCTION_PICKER` picks an enumerated value with a
 * named function; `SCRIPT_BASE_FUNCTION` computes a value with a named function; `constant` writes a
 * fixed value; `each` maps a list element by element (`{key, value}` per tag); `list` copies a list,
 * `[]` when absent.
 */
export type MapRow =
  | { readonly target: string; readonly rule: 'direct'; readonly source: string; readonly required?: boolean }
  | {
      readonly target: string;
      readonly rule: 'FUNCTION_PICKER' | 'SCRIPT_BASE_FUNCTION';
      readonly source: string;
      readonly fn: string;
      readonly required?: boolean;
    }
  | { readonly target: string; readonly rule: 'constant'; readonly value: unknown }
  | {
      readonly target: string;
      readonly rule: 'each';
      readonly source: string;
      readonly item: Readonly<Record<string, string>>;
    }
  | { readonly target: string; readonly rule: 'list'; readonly source: string };

export type TransformMap = ReadonlyArray<MapRow>;

/** A named function of a map: gets the whole input and the row's source value. */
export type MapFunction<I> = (input: I, value: unknown) => unknown;

/** Reads `a.b.0.c` from an object; numeric segments index arrays. */
export function readPath(input: unknown, path: string): unknown {
  let current: unknown = input;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    let next = node[segment];
    if (typeof next !== 'object' || next === null) {
      next = {};
      node[segment] = next;
    }
    node = next as Record<string, unknown>;
  }
  node[segments.at(-1)!] = value;
}

/** Leaves out objects whose every field was left out (`businessInfo: {}` never appears). Arrays stay. */
function prune(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const pruned = prune(v);
    if (pruned === undefined) continue;
    out[k] = pruned;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

const absent = (v: unknown) => v === undefined || v === null;

/**
 * Applies a transform map to one input. A source that is absent or null leaves its target out (never
 * `""`, never `null`); a `required` row whose value is absent, or a function that cannot map its value,
 * throws a coded error so the caller can dead-letter the record with the reason.
 */
export function applyMap<I>(
  map: TransformMap,
  input: I,
  functions: Readonly<Record<string, MapFunction<I>>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of map) {
    let value: unknown;
    switch (row.rule) {
      case 'constant':
        value = row.value;
        break;
      case 'direct':
        value = readPath(input, row.source);
        break;
      case 'FUNCTION_PICKER':
      case 'SCRIPT_BASE_FUNCTION': {
        const fn = functions[row.fn];
        if (!fn) throw mappingErrors.MAPPING_UNKNOWN_FUNCTION(row.target, row.fn);
        value = fn(input, readPath(input, row.source));
        break;
      }
      case 'list': {
        const list = readPath(input, row.source);
        value = Array.isArray(list) ? [...list] : [];
        break;
      }
      case 'each': {
        const list = readPath(input, row.source);
        value = (Array.isArray(list) ? list : []).map((element) => {
          const item: Record<string, unknown> = {};
          for (const [field, path] of Object.entries(row.item)) {
            const v = readPath(element, path);
            if (!absent(v)) item[field] = v;
          }
          return item;
        });
        break;
      }
    }
    if (absent(value)) {
      if ('required' in row && row.required)
        throw mappingErrors.MAPPING_REQUIRED_MISSING(row.target, 'source' in row ? row.source : 'value');
      continue;
    }
    writePath(out, row.target, value);
  }
  return (prune(out) as Record<string, unknown> | undefined) ?? {};
}

/** A FUNCTION_PICKER over a fixed table; an unknown value is an unmappable record, not a silent gap. */
export function picker<I>(name: string, table: Readonly<Record<string, unknown>>): MapFunction<I> {
  return (_input, value) => {
    if (absent(value)) return undefined;
    const picked = table[String(value)];
    if (picked === undefined) {
      throw mappingErrors.MAPPING_VALUE_UNMAPPABLE(
        name,
        `no mapping for value ${JSON.stringify(value)} (known: ${Object.keys(table).join(', ')})`,
      );
    }
    return picked;
  };
}
