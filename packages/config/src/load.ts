import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';
import { configErrors } from './errors.ts';

export interface LoadOptions {
  /** YAML or JSON file; optional when everything comes from the environment. */
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Environment overrides: `<PREFIX>KAFKA__BROKERS=a,b` sets `kafka.brokers`. */
  readonly envPrefix?: string;
  /** Values merged last, e.g. from command-line flags. */
  readonly overrides?: Record<string, unknown>;
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Plain, patch: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? merge(current, value) : value;
  }
  return out;
}

function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function envValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `SLUICE_KAFKA__CLIENT_ID=x` → `{ kafka: { clientId: 'x' } }`. */
export function envOverrides(env: NodeJS.ProcessEnv, prefix: string): Plain {
  let out: Plain = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const path = name.slice(prefix.length).split('__').map(camel);
    let patch: unknown = envValue(raw);
    for (const segment of [...path].reverse()) patch = { [segment]: patch };
    out = merge(out, patch as Plain);
  }
  return out;
}

export function readConfigFile(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw configErrors.CONFIG_FILE_UNREADABLE(file, (error as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (error) {
    throw configErrors.CONFIG_FILE_MALFORMED(file, (error as Error).message.split('\n')[0] ?? '');
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlain(parsed)) throw configErrors.CONFIG_FILE_MALFORMED(file, 'the top level must be a mapping');
  return parsed;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    out +=
      typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Validates raw configuration; the error names the first bad field and lists the others in `details`. */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, source = 'config'): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: formatPath(issue.path),
    message: issue.message,
  }));
  const first = problems[0] ?? { field: '(root)', message: 'invalid' };
  throw configErrors.CONFIG_INVALID.with(
    { details: { source, problems } },
    `${source} field "${first.field}"`,
    first.message,
  );
}

/** User options → file → environment → overrides → validated, compiled options. */
export function loadConfig<S extends z.ZodType>(schema: S, options: LoadOptions = {}): z.output<S> {
  const env = options.env ?? process.env;
  let raw: Plain = options.file ? readConfigFile(options.file) : {};
  if (options.envPrefix) raw = merge(raw, envOverrides(env, options.envPrefix));
  if (options.overrides) raw = merge(raw, options.overrides);
  return parseConfig(schema, raw, options.file ?? 'config');
}
