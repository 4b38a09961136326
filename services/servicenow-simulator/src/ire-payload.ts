import { z } from 'zod';

/**
 * The IRE request body and the `options` query parameter, parsed. Payload items are checked one by
 * one so that a bad item becomes an item error (as on the platform), not a rejected request.
 */

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Values arrive as strings; numbers and booleans are accepted and stored as strings, null clears. */
const values = z
  .record(z.string(), scalar)
  .optional()
  .transform((record) => {
    const out: Record<string, string> = {};
    for (const [field, value] of Object.entries(record ?? {}))
      out[field] = value === null ? '' : String(value);
    return out;
  });

const text = z.union([z.string(), z.number()]).transform(String);

const sourceInfo = z.object({
  source_name: z.string().optional(),
  source_native_key: text.optional(),
  source_feed: z.string().optional(),
  source_recency_timestamp: z.string().optional(),
});

const subItem = z.object({
  className: z.string().min(1),
  internal_id: text.optional(),
  values,
  sys_object_source_info: sourceInfo.optional(),
});

const settings = z
  .object({
    skipReclassificationRestrictionRules: z.boolean().optional(),
    updateWithoutDowngrade: z.boolean().optional(),
    updateWithoutSwitch: z.boolean().optional(),
    updateWithoutUpgrade: z.boolean().optional(),
  })
  .optional()
  .transform((s) => s ?? {});

const item = z.object({
  className: z.string().min(1),
  internal_id: text.optional(),
  values,
  lookup: z
    .array(subItem)
    .optional()
    .transform((a) => a ?? []),
  related: z
    .array(subItem)
    .optional()
    .transform((a) => a ?? []),
  settings,
  sys_object_source_info: sourceInfo.optional(),
});

const relation = z.object({
  parent: z.number().int().optional(),
  child: z.number().int().optional(),
  parent_id: text.optional(),
  child_id: text.optional(),
  type: z.string(),
  sys_rel_source_info: z.object({ source_name: z.string(), source_feed: z.string() }).partial().optional(),
});

const referenceItem = z.object({ referenced: text, referencedBy: text, referenceField: z.string().min(1) });

const payload = z.object({
  items: z.array(z.unknown()),
  relations: z
    .array(z.unknown())
    .optional()
    .transform((a) => a ?? []),
  referenceItems: z
    .array(z.unknown())
    .optional()
    .transform((a) => a ?? []),
});

export type SourceInfo = z.infer<typeof sourceInfo>;
export type IreSubItem = z.infer<typeof subItem>;
export type IreItem = z.infer<typeof item>;
export type IreItemSettings = IreItem['settings'];
export type IreRelation = z.infer<typeof relation>;
export type IreReferenceItem = z.infer<typeof referenceItem>;
export type IrePayload = z.infer<typeof payload>;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const problem = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(item)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem };
}

export const parsePayload = (raw: unknown): Parsed<IrePayload> => parseWith(payload, raw);
export const parseItem = (raw: unknown): Parsed<IreItem> => parseWith(item, raw);
export const parseRelation = (raw: unknown): Parsed<IreRelation> => parseWith(relation, raw);
export const parseReferenceItem = (raw: unknown): Parsed<IreReferenceItem> => parseWith(referenceItem, raw);

/** Which endpoint was called: the plain API or the enhanced one (with `options`). */
export type IreMode = 'legacy' | 'enhanced';

export interface IreOptions {
  readonly partialPayloads: boolean;
  readonly partialCommits: boolean;
  readonly deduplicatePayloads: boolean;
  readonly generateSummary: boolean;
}

const OPTION_NAMES: Readonly<Record<string, keyof IreOptions>> = {
  partial_payloads: 'partialPayloads',
  partial_commits: 'partialCommits',
  deduplicate_payloads: 'deduplicatePayloads',
  generate_summary: 'generateSummary',
};

/**
 * The effective options. Enhanced: the first three default on, `generate_summary` off, and
 * `partial_payloads` on forces the other two on. The plain API has none of the enhanced features but
 * still commits the good items of a payload that has bad ones.
 */
export function ireOptions(mode: IreMode, raw: string | undefined): IreOptions {
  if (mode === 'legacy') {
    return {
      partialPayloads: false,
      partialCommits: true,
      deduplicatePayloads: false,
      generateSummary: false,
    };
  }
  const given: Partial<Record<keyof IreOptions, boolean>> = {};
  for (const pair of (raw ?? '').split(',')) {
    const [name = '', value = ''] = pair.split(':').map((s) => s.trim());
    const option = OPTION_NAMES[name];
    if (option && (value === 'true' || value === 'false')) given[option] = value === 'true';
  }
  const partialPayloads = given.partialPayloads ?? true;
  return {
    partialPayloads,
    partialCommits: partialPayloads || (given.partialCommits ?? true),
    deduplicatePayloads: partialPayloads || (given.deduplicatePayloads ?? true),
    generateSummary: given.generateSummary ?? false,
  };
}
