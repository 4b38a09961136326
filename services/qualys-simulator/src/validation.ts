import type { z } from 'zod';
import { simulatorErrors } from './errors.ts';

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}

/** Parses with a zod schema; a failure becomes a coded 400 naming the first bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw simulatorErrors.QUALYS_SIM_INVALID_REQUEST.with(
    { details: { field: issue ? pathOf(issue.path) : '(body)' } },
    issue ? pathOf(issue.path) : '(body)',
    issue?.message ?? 'invalid',
  );
}
