import type { IreItem, IreRelation } from '@sluice/pipeline';

/** The IRE request and answer as ServiceNow defines them (reference §1.3–1.4), in this one module. */

export interface WireItem {
  className: string;
  internal_id: string;
  values: Record<string, string>;
  lookup: Array<{ className: string; values: Record<string, string> }>;
  related: Array<{ className: string; values: Record<string, string> }>;
  sys_object_source_info?: {
    source_name: string;
    source_feed: string;
    source_native_key: string;
    source_recency_timestamp?: string;
  };
}

export interface IrePayload {
  items: WireItem[];
  relations: Array<{ parent_id: string; child_id: string; type: string }>;
}

export interface IreResultItem {
  className?: string;
  operation?: string;
  sysId?: string;
  errors?: Array<{ error: string; message: string }>;
  warnings?: Array<{ error?: string; warning?: string; message: string }>;
  errorCount?: number;
  inputIndices?: number[];
}

export interface IreAnswer {
  result?: {
    items?: IreResultItem[];
    relations?: IreResultItem[];
    hasError?: boolean;
    summary?: Record<string, Record<string, number>>;
  };
}

export function wireItem(item: IreItem): WireItem {
  const info = item.sysObjectSourceInfo;
  return {
    className: item.className,
    internal_id: item.internalId,
    values: { ...item.values },
    lookup: item.lookup.map((l) => ({ className: l.className, values: { ...l.values } })),
    related: item.related.map((r) => ({ className: r.className, values: { ...r.values } })),
    ...(info
      ? {
          sys_object_source_info: {
            source_name: info.sourceName,
            source_feed: info.sourceFeed,
            source_native_key: info.sourceNativeKey,
            ...(info.sourceRecencyTimestamp ? { source_recency_timestamp: info.sourceRecencyTimestamp } : {}),
          },
        }
      : {}),
  };
}

/**
 * One IRE payload from several CIs' items: an item shared by several CIs (a cloud datacenter) appears
 * once, since `internal_id` must be unique in a payload; relations are de-duplicated too.
 */
export function irePayload(
  parts: ReadonlyArray<{ items: ReadonlyArray<IreItem>; relations: ReadonlyArray<IreRelation> }>,
): IrePayload {
  const items = new Map<string, WireItem>();
  const relations = new Map<string, { parent_id: string; child_id: string; type: string }>();
  for (const part of parts) {
    for (const item of part.items)
      if (!items.has(item.internalId)) items.set(item.internalId, wireItem(item));
    for (const r of part.relations)
      relations.set(`${r.parentId}|${r.childId}|${r.type}`, {
        parent_id: r.parentId,
        child_id: r.childId,
        type: r.type,
      });
  }
  return { items: [...items.values()], relations: [...relations.values()] };
}

/** The answer for each payload item, found through `inputIndices` (IRE merges duplicates into one result). */
export function resultsByInternalId(payload: IrePayload, answer: IreAnswer): Map<string, IreResultItem> {
  const out = new Map<string, IreResultItem>();
  const results = answer.result?.items ?? [];
  results.forEach((result, position) => {
    const indices = result.inputIndices && result.inputIndices.length > 0 ? result.inputIndices : [position];
    for (const index of indices) {
      const item = payload.items[index];
      if (item) out.set(item.internal_id, result);
    }
  });
  return out;
}

export type Outcome = 'inserted' | 'updated' | 'unchanged' | 'skipped' | 'errors';

/** How a result item counts in a run. */
export function outcomeOf(result: IreResultItem | undefined): {
  outcome: Outcome;
  code?: string;
  message?: string;
} {
  if (!result)
    return { outcome: 'errors', code: 'IRE_NO_RESULT', message: 'IRE returned no result for this item' };
  const error = result.errors?.[0];
  if (error || (result.errorCount ?? 0) > 0) {
    const code = error?.error ?? 'IRE_ERROR';
    return {
      outcome: code === 'ABANDONED' ? 'skipped' : 'errors',
      code,
      message: error?.message ?? 'IRE reported an error',
    };
  }
  switch (result.operation) {
    case 'INSERT':
      return { outcome: 'inserted' };
    case 'UPDATE':
    case 'UPDATE_WITH_UPGRADE':
    case 'UPDATE_WITH_DOWNGRADE':
    case 'UPDATE_WITH_SWITCH':
      return { outcome: 'updated' };
    case 'NO_CHANGE':
      return { outcome: 'unchanged' };
    default: {
      // INSERT_AS_PARTIAL / INSERT_AS_INCOMPLETE: parked by IRE, not in the CMDB.
      const warning = result.warnings?.[0];
      return {
        outcome: 'errors',
        code: warning?.error ?? warning?.warning ?? result.operation ?? 'IRE_UNKNOWN_OPERATION',
        message: warning?.message ?? `IRE operation ${result.operation ?? 'missing'}: the CI was not written`,
      };
    }
  }
}
