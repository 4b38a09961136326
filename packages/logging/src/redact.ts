/** Keys whose values are secrets wherever they appear in a log object. */
const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'passwd',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'apiKey',
  'api_key',
  'apiToken',
  'clientSecret',
  'client_secret',
  'jwt',
  'x-api-key',
];

const SECRET_KEY = new RegExp(`^(${SECRET_KEYS.map((k) => k.replace(/[-_]/g, '[-_]?')).join('|')})$`, 'i');

/** `Bearer x`, `token x`, `Basic x`: an auth scheme followed by a credential, inside any string. */
const CREDENTIAL_IN_TEXT = /\b(bearer|token|basic)(\s+|=|:\s*)[A-Za-z0-9._~+/=-]{6,}/gi;

/** `password=...`, `token=...` in form bodies or query strings. */
const SECRET_PARAM_IN_TEXT =
  /\b(password|passwd|token|access_token|client_secret|apikey|api_key)=[^&\s"']+/gi;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function scrubText(text: string): string {
  return text
    .replace(CREDENTIAL_IN_TEXT, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_PARAM_IN_TEXT, (m) => `${m.slice(0, m.indexOf('='))}=${REDACTED}`);
}

/**
 * Compiled redaction paths for pino: the secret keys at the top level and at every depth up to
 * `depth`, so `headers.authorization` and `request.options.headers.Authorization` are both caught.
 */
export function redactionPaths(depth = 6): string[] {
  const keys = SECRET_KEYS.flatMap((k) => [k, k.toLowerCase(), k.charAt(0).toUpperCase() + k.slice(1)]);
  const unique = [...new Set(keys)];
  const paths: string[] = [];
  for (let level = 0; level < depth; level++) {
    const prefix = '*.'.repeat(level);
    for (const key of unique)
      paths.push(/^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix}["${key}"]`);
  }
  return paths;
}

/**
 * A deep copy with secret keys replaced and credentials removed from strings. It runs on every log
 * object after pino's compiled paths, as the net for shapes the paths cannot name (arrays, deeper
 * nesting, a token pasted into a message).
 */
export function scrub(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, seen));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubText(value.message),
      stack: value.stack ? scrubText(value.stack) : undefined,
      ...scrubEntries(value, seen),
    };
  }
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return scrub(json.call(value), seen);
  return scrubEntries(value, seen);
}

function scrubEntries(value: object, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : scrub(item, seen);
  }
  return out;
}
