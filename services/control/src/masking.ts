import { SecretRef } from '@sluice/config';
import type { Connection } from '@sluice/connections';

/** How a secret appears in every answer of the API; sending it back in an edit keeps the stored one. */
export const MASK = '••••••';

type Json = unknown;

/** The connection as JSON with every secret reference replaced by the mask. */
export function masked(connection: Connection): Json {
  const walk = (value: unknown): unknown => {
    if (value instanceof SecretRef) return MASK;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(connection);
}

/** The stored connection as plain JSON (secret references as their `${ENV}` / `file:` strings). */
export function plain(connection: Connection): Record<string, unknown> {
  return JSON.parse(JSON.stringify(connection)) as Record<string, unknown>;
}

/**
 * An edit merged onto the stored connection: objects merge field by field, a value equal to the mask
 * keeps the stored secret reference, anything else replaces. Secrets can be rotated by sending a new
 * reference; they are never read back.
 */
export function mergeEdit(
  stored: Record<string, unknown>,
  edit: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(edit)) {
    const current = stored[key];
    if (value === MASK) continue;
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
    ) {
      out[key] = mergeEdit(current as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A full definition (`apply`, PUT) where masked secrets stand for the stored references. */
export function unmask(
  definition: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!stored) return definition;
  const walk = (value: unknown, previous: unknown): unknown => {
    if (value === MASK) return previous;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const prev = previous && typeof previous === 'object' ? (previous as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, prev[k])]));
    }
    return value;
  };
  return walk(definition, stored) as Record<string, unknown>;
}
