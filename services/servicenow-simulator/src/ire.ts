import {
  type ChildTableSpec,
  type IdentificationRuleSpec,
  type IdentifierEntrySpec,
  LOOKUP_TABLES,
  RELATED_TABLES,
} from './classes.ts';
import type { Cmdb, CmdbRecord } from './cmdb.ts';
import { simulatorErrors } from './errors.ts';
import { forcedItemError, type IreMessage, ireMessage, PARTIAL_ITEM_CODES } from './ire-messages.ts';
import {
  type IreItem,
  type IreMode,
  type IreOptions,
  type IreSubItem,
  ireOptions,
  parseItem,
  parsePayload,
  parseReferenceItem,
  parseRelation,
  type SourceInfo,
} from './ire-payload.ts';

/**
 * The Identification and Reconciliation Engine, simulated. One call processes one payload:
 *
 * 1. validate each item (class, rule, lookup/related tables, source name) and the data source;
 * 2. validate relations and reference items (errors land on the items they name);
 * 3. merge stored partial payloads with the same identifier key (enhanced, `partial_payloads`);
 * 4. find duplicate items by identifier key: merge them (`deduplicate_payloads`) or fail them;
 * 5. identify every remaining item against the CMDB as it was before the payload;
 * 6. abandon the relation partners of failed items (one hop), keep partial items for later, and with
 *    `partial_commits:false` abandon everything once anything failed;
 * 7. commit in payload order (CIs, sys_object_source, lookups, related, references, relations),
 *    inside a transaction that a dry run rolls back.
 */

export type AttemptResult = 'MATCHED' | 'NO_MATCH' | 'SKIPPED' | 'MULTI_MATCH';

export interface IdentificationAttempt {
  readonly identifierName: string;
  readonly attemptResult: AttemptResult;
  readonly attributes: string[];
  readonly searchOnTable?: string;
  readonly info?: string;
  readonly hybridEntryCiAttributes: string[];
}

export interface IreInfo {
  readonly code: string;
  readonly message: string;
}

export interface IreRelatedItemResult {
  readonly className: string;
  readonly operation: string;
  readonly sysId: string;
  readonly errors: IreMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly markers: string[];
  readonly inputIndices: Array<{ mainIndex: number; subIndex: number }>;
  readonly mergedPayloadIds: string[];
}

export interface IreItemResult {
  readonly className: string;
  /** Absent on a failed item, as on the platform. */
  readonly operation?: string;
  readonly sysId: string;
  readonly identifierEntrySysId: string;
  readonly identificationAttempts: IdentificationAttempt[];
  readonly info?: IreInfo[];
  readonly errors: IreMessage[];
  readonly warnings: IreMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly markers: string[];
  readonly inputIndices: number[];
  readonly mergedPayloadIds: string[];
  readonly partialSysIds?: string[];
  readonly relatedItems?: IreRelatedItemResult[];
  readonly relatedSysIds?: Array<string | null>;
  readonly additionalRelatedItems?: unknown[];
}

export interface IreRelationResult {
  readonly className: 'cmdb_rel_ci';
  readonly operation?: string;
  readonly sysId: string;
  readonly identifierEntrySysId: string;
  readonly errors: IreMessage[];
  readonly warnings: IreMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly markers: string[];
  readonly inputIndices: number[];
  readonly mergedPayloadIds: string[];
}

export interface SummaryCounters {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: number;
  warnings: number;
  partial: number;
  incomplete: number;
  mergedPartialPayloads: number;
  additionalInserted: number;
}

export interface IreResult {
  readonly items: IreItemResult[];
  readonly relations: IreRelationResult[];
  readonly additionalCommittedItems: unknown[];
  readonly additionalCommittedRelations: unknown[];
  readonly hasError: boolean;
  readonly hasWarning: boolean;
  readonly summary?: Record<string, SummaryCounters>;
}

export interface IreRequest {
  readonly mode: IreMode;
  /** `sysparm_data_source`. */
  readonly dataSource?: string | undefined;
  /** The raw `options` query parameter (enhanced only). */
  readonly options?: string | undefined;
  /** The `query` endpoints: same answer, nothing committed. */
  readonly dryRun?: boolean;
  /** Returns an IRE error code to force on an item (simulator faults). */
  readonly forceItemError?: (item: unknown) => string | undefined;
}

export interface IdentificationEngineOptions {
  /** Valid `discovery_source` choices. */
  readonly dataSources: ReadonlyArray<string>;
  /** More items than this in one payload is a 400. */
  readonly maxItems?: number;
}

const UNKNOWN = 'Unknown';

interface SubEntry {
  readonly kind: 'lookup' | 'related';
  readonly sub: IreSubItem;
  readonly mainIndex: number;
  readonly subIndex: number;
  sysId?: string;
  operation?: string;
}

interface Unit {
  indices: number[];
  item: IreItem | undefined;
  className: string;
  label: string;
  rule: IdentificationRuleSpec | undefined;
  lookups: SubEntry[];
  related: SubEntry[];
  errors: IreMessage[];
  warnings: IreMessage[];
  info: IreInfo[];
  attempts: IdentificationAttempt[];
  /** The item's own error, as opposed to one inherited from a partner (ABANDONED). */
  failedItself: boolean;
  forced: boolean;
  outcome: 'pending' | 'failed' | 'partial' | 'incomplete' | 'committed';
  matchSysId?: string;
  identifierEntrySysId: string;
  sysId: string;
  operation?: string;
  inserted: boolean;
  partialSysId?: string;
  mergedPayloadIds: string[];
}

interface Endpoint {
  readonly mainIndex: number;
  readonly sub?: SubEntry;
}

interface RelationEntry {
  readonly index: number;
  readonly type: string;
  readonly parent?: Endpoint;
  readonly child?: Endpoint;
  readonly errors: IreMessage[];
}

interface ReferenceEntry {
  readonly referenced: Endpoint;
  readonly referencedBy: Endpoint;
  readonly field: string;
}

interface IdentityKeys {
  readonly native?: string;
  readonly criterion?: { key: string; fields: ReadonlyArray<string> };
}

/** Fields IRE maintains itself; a payload's values for them are dropped. */
const SYSTEM_FIELD = /^sys_/;

function nativeKey(info: SourceInfo | undefined): string | undefined {
  if (!info?.source_name || !info.source_native_key) return undefined;
  return `${info.source_name}|${info.source_native_key}`;
}

function emptyCounters(): SummaryCounters {
  return {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    errors: 0,
    warnings: 0,
    partial: 0,
    incomplete: 0,
    mergedPartialPayloads: 0,
    additionalInserted: 0,
  };
}

function countOperation(counters: SummaryCounters, operation: string | undefined): void {
  if (operation === 'INSERT') counters.inserted++;
  else if (operation === 'NO_CHANGE') counters.unchanged++;
  else if (operation?.startsWith('UPDATE')) counters.updated++;
  else if (operation === 'INSERT_AS_PARTIAL') counters.partial++;
  else if (operation === 'INSERT_AS_INCOMPLETE') counters.incomplete++;
}

export class IdentificationEngine {
  readonly #cmdb: Cmdb;
  readonly #dataSources: ReadonlySet<string>;
  readonly #maxItems: number;

  constructor(cmdb: Cmdb, options: IdentificationEngineOptions) {
    this.#cmdb = cmdb;
    this.#dataSources = new Set(options.dataSources);
    this.#maxItems = options.maxItems ?? 1000;
  }

  /** Throws IRE_PAYLOAD_INVALID / IRE_PAYLOAD_TOO_LARGE (HTTP 400); every other problem is an item error. */
  process(body: unknown, request: IreRequest): IreResult {
    const parsed = parsePayload(body);
    if (!parsed.ok) throw simulatorErrors.IRE_PAYLOAD_INVALID(`Invalid IRE payload: ${parsed.problem}`);
    const payload = parsed.value;
    if (payload.items.length > this.#maxItems) {
      throw simulatorErrors.IRE_PAYLOAD_TOO_LARGE(payload.items.length, this.#maxItems);
    }
    const options = ireOptions(request.mode, request.options);
    const run = new PayloadRun(this.#cmdb, this.#dataSources, options, request);
    return run.execute(payload.items, payload.relations, payload.referenceItems);
  }
}

/** The state of one payload while it goes through the steps above. */
class PayloadRun {
  readonly #cmdb: Cmdb;
  readonly #dataSources: ReadonlySet<string>;
  readonly #options: IreOptions;
  readonly #request: IreRequest;
  readonly #dataSource: string;
  #units: Unit[] = [];
  /** Input index → the unit that now carries it (changes when duplicates merge). */
  #unitAt: Unit[] = [];
  readonly #byInternalId = new Map<string, Endpoint>();

  constructor(cmdb: Cmdb, dataSources: ReadonlySet<string>, options: IreOptions, request: IreRequest) {
    this.#cmdb = cmdb;
    this.#dataSources = dataSources;
    this.#options = options;
    this.#request = request;
    this.#dataSource = request.dataSource ?? '';
  }

  execute(rawItems: unknown[], rawRelations: unknown[], rawReferences: unknown[]): IreResult {
    this.#units = rawItems.map((raw, index) => this.#unitFor(raw, index));
    this.#unitAt = [...this.#units];
    const dataSourceError = this.#dataSourceError();
    if (dataSourceError) {
      for (const unit of this.#units) this.#fail(unit, dataSourceError);
      return this.#result([]);
    }
    const relations = rawRelations.map((raw, index) => this.#relationFor(raw, index, rawItems.length));
    const references = rawReferences.flatMap((raw) => this.#referenceFor(raw));
    const transaction = this.#cmdb.begin();
    let relationResults: IreRelationResult[];
    try {
      if (this.#options.partialPayloads) this.#mergeStoredPartials();
      this.#deduplicate();
      for (const unit of this.#live()) this.#identify(unit);
      this.#keepPartials();
      this.#abandonPartners(relations);
      if (!this.#options.partialCommits && this.#units.some((u) => u.outcome === 'failed')) {
        for (const unit of this.#live()) this.#fail(unit, ireMessage('abandonedPayload', this.#dataSource));
      }
      for (const unit of this.#units) {
        if (unit.outcome === 'pending') this.#commit(unit);
        else if (unit.outcome === 'partial' || unit.outcome === 'incomplete') this.#storePartial(unit);
      }
      this.#applyReferences(references);
      relationResults = relations.map((relation) => this.#commitRelation(relation));
    } catch (error) {
      transaction.rollback();
      throw error;
    }
    if (this.#request.dryRun) {
      transaction.rollback();
      relationResults = relationResults.map((r) => (r.operation === 'INSERT' ? { ...r, sysId: UNKNOWN } : r));
    } else {
      transaction.commit();
    }
    return this.#result(relationResults);
  }

  // ── 1. items ──────────────────────────────────────────────────────────────────────────────────

  #unitFor(raw: unknown, index: number): Unit {
    const rawClass =
      typeof raw === 'object' &&
      raw !== null &&
      typeof (raw as { className?: unknown }).className === 'string'
        ? (raw as { className: string }).className
        : '';
    const unit: Unit = {
      indices: [index],
      item: undefined,
      className: rawClass,
      label: `${rawClass || 'item'}:${index}`,
      rule: undefined,
      lookups: [],
      related: [],
      errors: [],
      warnings: [],
      info: [],
      attempts: [],
      failedItself: false,
      forced: false,
      outcome: 'pending',
      identifierEntrySysId: UNKNOWN,
      sysId: UNKNOWN,
      inserted: false,
      mergedPayloadIds: [],
    };
    const parsed = parseItem(raw);
    if (!parsed.ok) {
      this.#fail(unit, ireMessage('invalidItem', unit.label, parsed.problem), true);
      return unit;
    }
    const item = parsed.value;
    unit.item = item;
    if (item.internal_id !== undefined) {
      unit.label = item.internal_id;
      this.#byInternalId.set(item.internal_id, { mainIndex: index });
    }
    unit.lookups = item.lookup.map((sub, subIndex) => ({ kind: 'lookup', sub, mainIndex: index, subIndex }));
    unit.related = item.related.map((sub, subIndex) => ({
      kind: 'related',
      sub,
      mainIndex: index,
      subIndex,
    }));
    for (const entry of [...unit.lookups, ...unit.related]) {
      if (entry.sub.internal_id !== undefined) {
        this.#byInternalId.set(entry.sub.internal_id, { mainIndex: index, sub: entry });
      }
    }

    const forced = this.#request.forceItemError?.(raw);
    if (forced) {
      unit.forced = true;
      this.#fail(unit, forcedItemError(forced), true);
      return unit;
    }
    if (!this.#cmdb.model.isCiClass(item.className)) {
      this.#fail(unit, ireMessage('invalidClassName', item.className), true);
      return unit;
    }
    const rule = this.#cmdb.model.ruleFor(item.className);
    if (!rule) {
      this.#fail(unit, ireMessage('ruleMissing', item.className), true);
      return unit;
    }
    unit.rule = rule;
    for (const { sub } of unit.lookups) {
      if (!rule.lookupTables.includes(sub.className)) {
        this.#fail(unit, ireMessage('lookupRuleMissing', rule.appliesTo, sub.className), true);
      }
    }
    for (const { sub } of unit.related) {
      if (!rule.relatedTables.includes(sub.className)) {
        this.#fail(unit, ireMessage('relatedRuleMissing', rule.appliesTo, sub.className), true);
      }
    }
    const sourceName = item.sys_object_source_info?.source_name;
    if (sourceName && !this.#dataSources.has(sourceName)) {
      this.#fail(unit, ireMessage('invalidDataSource', sourceName), true);
    }
    return unit;
  }

  #dataSourceError(): IreMessage | undefined {
    if (!this.#dataSource) return ireMessage('noDataSource');
    if (!this.#dataSources.has(this.#dataSource)) return ireMessage('invalidDataSource', this.#dataSource);
    return undefined;
  }

  // ── 2. relations and reference items ─────────────────────────────────────────────────────────

  #relationFor(raw: unknown, index: number, itemCount: number): RelationEntry {
    const parsed = parseRelation(raw);
    if (!parsed.ok) {
      return { index, type: '', errors: [ireMessage('invalidItem', `relations[${index}]`, parsed.problem)] };
    }
    const relation = parsed.value;
    const label = JSON.stringify(raw);
    const resolve = (position: number | undefined, id: string | undefined): Endpoint | undefined => {
      if (position !== undefined) {
        return position >= 0 && position < itemCount ? { mainIndex: position } : undefined;
      }
      return id === undefined ? undefined : this.#byInternalId.get(id);
    };
    const parent = resolve(relation.parent, relation.parent_id);
    const child = resolve(relation.child, relation.child_id);
    const errors: IreMessage[] = [];
    if (!parent) {
      errors.push(ireMessage('invalidParentIndex', label, relation.parent ?? relation.parent_id ?? ''));
    }
    if (!child)
      errors.push(ireMessage('invalidChildIndex', label, relation.child ?? relation.child_id ?? ''));
    if (parent && child && !this.#cmdb.relationshipType(relation.type)) {
      errors.push(ireMessage('unknownRelationType', relation.type, relation.type));
    }
    // A relation error is the error of the item(s) it names: the parent, or the valid end.
    const blamed = parent ?? child;
    if (blamed) for (const error of errors) this.#fail(this.#unitAt[blamed.mainIndex]!, error, true);
    return { index, type: relation.type, parent, child, errors };
  }

  #referenceFor(raw: unknown): ReferenceEntry[] {
    const parsed = parseReferenceItem(raw);
    if (!parsed.ok) return [];
    const { referenced, referencedBy, referenceField } = parsed.value;
    const to = this.#byInternalId.get(referenced);
    const from = this.#byInternalId.get(referencedBy);
    if (to && from) return [{ referenced: to, referencedBy: from, field: referenceField }];
    const valid = to ?? from;
    if (valid) {
      const missing = to ? referencedBy : referenced;
      this.#fail(
        this.#unitAt[valid.mainIndex]!,
        ireMessage('invalidReferenceItem', referenceField, missing),
        true,
      );
    }
    return [];
  }

  // ── 3. partial payloads stored earlier ───────────────────────────────────────────────────────

  #mergeStoredPartials(): void {
    for (const unit of this.#live()) {
      const item = unit.item!;
      for (const identifierKey of this.#storageKeys(unit)) {
        const stored = this.#cmdb.findOne('cmdb_ire_partial_payloads', { identifier_key: identifierKey });
        if (!stored) continue;
        const partial = parseItem(JSON.parse(stored.payload ?? '{}'));
        if (partial.ok) {
          item.values = { ...partial.value.values, ...item.values };
          item.sys_object_source_info ??= partial.value.sys_object_source_info;
        }
        unit.mergedPayloadIds.push(stored.sys_id);
        this.#cmdb.delete(stored.sys_id);
      }
    }
  }

  // ── 4. duplicates in the payload ─────────────────────────────────────────────────────────────

  #identityKeys(unit: Unit): IdentityKeys {
    const item = unit.item!;
    const rule = unit.rule!;
    const native = nativeKey(item.sys_object_source_info);
    for (const [position, entry] of rule.entries.entries()) {
      const sets = this.#entryValues(unit, entry);
      if (sets.length === 0) continue;
      const canonical = sets
        .map((set) => JSON.stringify(set.map((v) => v.toLowerCase())))
        .sort()
        .join('|');
      return {
        native,
        criterion: { key: `${rule.sysId}#${position}:${canonical}`, fields: entry.attributes },
      };
    }
    return { native };
  }

  /** Keys a partial payload is stored and found under. */
  #storageKeys(unit: Unit): string[] {
    const { native, criterion } = this.#identityKeys(unit);
    return [native && `native:${native}`, criterion && `criterion:${criterion.key}`].filter(
      (k): k is string => Boolean(k),
    );
  }

  #deduplicate(): void {
    const live = this.#live();
    const keys = live.map((unit) => this.#identityKeys(unit));
    const group = live.map((_, i) => i);
    const root = (i: number): number => {
      while (group[i] !== i) i = group[i]!;
      return i;
    };
    const firstByKey = new Map<string, number>();
    live.forEach((_, i) => {
      const { native, criterion } = keys[i]!;
      for (const k of [native && `n:${native}`, criterion && `c:${criterion.key}`]) {
        if (!k) continue;
        const first = firstByKey.get(k);
        if (first === undefined) {
          firstByKey.set(k, i);
          continue;
        }
        // Two different native keys of one source are two objects, whatever their serials say.
        const otherNative = keys[first]!.native;
        if (k.startsWith('c:') && native && otherNative && native !== otherNative) continue;
        group[root(i)] = root(first);
      }
    });
    const members = new Map<number, number[]>();
    live.forEach((_, i) => {
      const r = root(i);
      members.set(r, [...(members.get(r) ?? []), i]);
    });
    for (const indices of members.values()) {
      if (indices.length < 2) continue;
      const units = indices.map((i) => live[i]!);
      if (this.#options.deduplicatePayloads) {
        this.#merge(units);
        continue;
      }
      const first = units[0]!;
      const firstKeys = keys[indices[0]!]!;
      const fields = firstKeys.native ? ['source_native_key'] : (firstKeys.criterion?.fields ?? []);
      for (const [n, unit] of units.entries()) {
        const other = n === 0 ? units[1]! : first;
        this.#fail(
          unit,
          ireMessage(
            'duplicatePayloadRecords',
            Math.min(unit.indices[0]!, other.indices[0]!),
            Math.max(unit.indices[0]!, other.indices[0]!),
            unit.className,
            fields.join(','),
          ),
          true,
        );
      }
    }
  }

  /** Folds duplicates into the first: later values win, lookups and related entries add up. */
  #merge(units: Unit[]): void {
    const [target, ...rest] = units as [Unit, ...Unit[]];
    const item = target.item!;
    for (const unit of rest) {
      const other = unit.item!;
      item.values = { ...item.values, ...other.values };
      item.settings = { ...item.settings, ...other.settings };
      item.sys_object_source_info ??= other.sys_object_source_info;
      target.lookups.push(...unit.lookups);
      target.related.push(...unit.related);
      target.indices.push(...unit.indices);
      target.mergedPayloadIds.push(...unit.mergedPayloadIds);
      for (const index of unit.indices) this.#unitAt[index] = target;
    }
    target.indices.sort((a, b) => a - b);
    this.#units = this.#units.filter((unit) => !rest.includes(unit));
  }

  // ── 5. identification ────────────────────────────────────────────────────────────────────────

  /** Each lookup record (or the item itself) that supplies every attribute of the entry. */
  #entryValues(unit: Unit, entry: IdentifierEntrySpec): string[][] {
    const pick = (values: Readonly<Record<string, string>>) => {
      const picked = entry.attributes.map((attribute) => values[attribute] ?? '');
      return picked.every((v) => v !== '') ? [picked] : [];
    };
    if (!entry.lookupTable) return pick(unit.item!.values);
    return unit.lookups
      .filter((l) => l.sub.className === entry.lookupTable)
      .flatMap((l) => pick(l.sub.values));
  }

  #identify(unit: Unit): void {
    const item = unit.item!;
    const rule = unit.rule!;
    const explicit = item.values.sys_id;
    if (explicit) {
      const record = this.#cmdb.get(explicit);
      if (!record || !this.#cmdb.model.isA(record.sys_class_name, rule.appliesTo)) {
        this.#fail(unit, ireMessage('invalidSysId', explicit, item.className), true);
      } else {
        unit.matchSysId = record.sys_id;
      }
      return;
    }

    const source = item.sys_object_source_info;
    const sourceAttempt = (result: AttemptResult): IdentificationAttempt => ({
      identifierName: '',
      attemptResult: result,
      attributes: [],
      info: `sys_object_source ${result}`,
      hybridEntryCiAttributes: [],
    });
    if (nativeKey(source)) {
      const target = this.#cmdb
        .find('sys_object_source', { name: source!.source_name!, id: source!.source_native_key! })
        .map((row) => this.#cmdb.get(row.target_sys_id ?? ''))
        .find(
          (ci): ci is CmdbRecord =>
            ci !== undefined && this.#cmdb.model.isA(ci.sys_class_name, rule.appliesTo),
        );
      if (target) {
        unit.attempts.push(sourceAttempt('MATCHED'));
        unit.matchSysId = target.sys_id;
        return;
      }
      unit.attempts.push(sourceAttempt('NO_MATCH'));
    } else {
      unit.attempts.push(sourceAttempt('SKIPPED'));
    }

    let supplied = false;
    for (const entry of rule.entries) {
      const attempt = (attemptResult: AttemptResult) =>
        unit.attempts.push({
          identifierName: rule.name,
          attemptResult,
          attributes: [...entry.attributes],
          searchOnTable: entry.searchOnTable,
          hybridEntryCiAttributes: [],
        });
      const sets = this.#entryValues(unit, entry);
      if (sets.length === 0) {
        attempt('SKIPPED');
        continue;
      }
      supplied = true;
      const matches = this.#matches(rule, entry, sets);
      if (matches.length === 0) {
        attempt('NO_MATCH');
        continue;
      }
      if (matches.length === 1) {
        attempt('MATCHED');
        unit.matchSysId = matches[0];
        unit.identifierEntrySysId = rule.sysId;
        return;
      }
      attempt('MULTI_MATCH');
      const fields = entry.attributes.join(',');
      this.#fail(
        unit,
        entry.lookupTable
          ? ireMessage(
              'lookupMultiMatch',
              entry.lookupTable,
              fields,
              LOOKUP_TABLES[entry.lookupTable]!.ciField,
            )
          : ireMessage('tableMultiMatch', entry.searchOnTable, fields),
        true,
      );
      return;
    }
    if (!supplied) {
      const shown = { className: item.className, values: item.values, sys_object_source_info: source };
      this.#fail(unit, ireMessage('missingMatchingAttributes', rule.appliesTo, JSON.stringify(shown)), true);
    }
  }

  /** The sys_ids of the CIs (of the rule's class tree) an entry's values point at. */
  #matches(rule: IdentificationRuleSpec, entry: IdentifierEntrySpec, sets: string[][]): string[] {
    const criteria = (set: string[]) => Object.fromEntries(entry.attributes.map((a, i) => [a, set[i] ?? '']));
    const found = new Set<string>();
    for (const set of sets) {
      if (entry.lookupTable) {
        const ciField = LOOKUP_TABLES[entry.lookupTable]!.ciField;
        for (const row of this.#cmdb.find(entry.lookupTable, criteria(set))) {
          const ci = this.#cmdb.get(row[ciField] ?? '');
          if (ci && this.#cmdb.model.isA(ci.sys_class_name, rule.appliesTo)) found.add(ci.sys_id);
        }
      } else {
        for (const ci of this.#cmdb.find(entry.searchOnTable, criteria(set))) found.add(ci.sys_id);
      }
    }
    return [...found];
  }

  // ── 6. failures, partial items and abandonment ───────────────────────────────────────────────

  /**
   * Enhanced IRE with `partial_payloads` keeps an item that failed only with partial-item errors:
   * as a partial payload when it has an identifier key, else as an incomplete one. The errors are
   * reported as warnings.
   */
  #keepPartials(): void {
    if (!this.#options.partialPayloads) return;
    for (const unit of this.#units) {
      if (unit.outcome !== 'failed' || unit.forced || !unit.item || !unit.rule) continue;
      if (!unit.errors.every((e) => PARTIAL_ITEM_CODES.has(e.error))) continue;
      unit.warnings.push(...unit.errors);
      unit.errors = [];
      unit.outcome = this.#storageKeys(unit).length > 0 ? 'partial' : 'incomplete';
    }
  }

  #abandonPartners(relations: RelationEntry[]): void {
    const origins = new Set(this.#units.filter((u) => u.failedItself || u.outcome !== 'pending'));
    for (const relation of relations) {
      if (!relation.parent || !relation.child) continue;
      const parent = this.#unitAt[relation.parent.mainIndex]!;
      const child = this.#unitAt[relation.child.mainIndex]!;
      for (const [origin, partner] of [
        [parent, child],
        [child, parent],
      ] as const) {
        if (!origins.has(origin) || partner.outcome !== 'pending' || origin === partner) continue;
        const message = ireMessage('abandonedDependency', partner.label, origin.label);
        if (origin.outcome === 'partial' || origin.outcome === 'incomplete') {
          // A partner of a partial item waits with it (the platform's disk-of-a-partial-computer case).
          partner.warnings.push(message);
          partner.outcome = this.#storageKeys(partner).length > 0 ? 'partial' : 'incomplete';
        } else {
          this.#fail(partner, message);
        }
      }
    }
  }

  #fail(unit: Unit, error: IreMessage, itself = false): void {
    unit.errors.push(error);
    unit.outcome = 'failed';
    if (itself) unit.failedItself = true;
  }

  #live(): Unit[] {
    return this.#units.filter((unit) => unit.outcome === 'pending');
  }

  // ── 7. commit ────────────────────────────────────────────────────────────────────────────────

  #commit(unit: Unit): void {
    const item = unit.item!;
    const now = this.#cmdb.timestamp();
    const values: Record<string, string> = {};
    for (const [field, value] of Object.entries(item.values))
      if (!SYSTEM_FIELD.test(field)) values[field] = value;

    const stored = unit.matchSysId ? this.#cmdb.get(unit.matchSysId) : undefined;
    if (!stored) {
      const record = this.#cmdb.insert(item.className, {
        ...values,
        discovery_source: this.#dataSource,
        first_discovered: values.first_discovered || now,
        last_discovered: values.last_discovered || now,
      });
      unit.sysId = record.sys_id;
      unit.operation = 'INSERT';
      unit.inserted = true;
    } else {
      unit.sysId = stored.sys_id;
      unit.operation = this.#reconcile(unit, stored, values, now);
    }
    unit.outcome = 'committed';
    this.#recordSource(unit);
    for (const entry of unit.lookups) this.#upsertChild(unit, entry, LOOKUP_TABLES[entry.sub.className]!);
    for (const entry of unit.related) this.#upsertChild(unit, entry, RELATED_TABLES[entry.sub.className]!);
  }

  /** Updates a matched CI; returns the operation. */
  #reconcile(unit: Unit, stored: CmdbRecord, values: Record<string, string>, now: string): string {
    const item = unit.item!;
    const changed: Record<string, string> = {};
    for (const [field, value] of Object.entries(values)) {
      // An older last_discovered than the CMDB's is ignored (the platform's recency rule).
      if (field === 'last_discovered' && stored.last_discovered && value < stored.last_discovered) continue;
      if ((stored[field] ?? '') !== value) changed[field] = value;
    }
    const bookkeeping = {
      discovery_source: this.#dataSource,
      last_discovered:
        changed.last_discovered ?? (values.last_discovered ? (stored.last_discovered ?? now) : now),
    };

    const change = this.#cmdb.model.classChange(stored.sys_class_name, item.className);
    const settings = item.settings;
    let operation = Object.keys(changed).length > 0 ? 'UPDATE' : 'NO_CHANGE';
    if (change !== 'same') {
      const allowed =
        change === 'upgrade'
          ? !settings.updateWithoutUpgrade
          : settings.skipReclassificationRestrictionRules === true &&
            !(change === 'downgrade' ? settings.updateWithoutDowngrade : settings.updateWithoutSwitch);
      if (allowed) {
        this.#cmdb.reclassify(stored.sys_id, item.className);
        operation = `UPDATE_WITH_${change.toUpperCase()}`;
      } else {
        unit.info.push({
          code: `SKIPPED_CLASS_${change.toUpperCase()}`,
          message: `CI Reclassification not allowed from class: [${stored.sys_class_name}] to [${item.className}]${
            change === 'upgrade' ? '' : ' by a reclassification restriction rule'
          }`,
        });
      }
    }
    if (operation === 'NO_CHANGE') this.#cmdb.update(stored.sys_id, bookkeeping, { touch: false });
    else this.#cmdb.update(stored.sys_id, { ...changed, ...bookkeeping });
    return operation;
  }

  /** The `sys_object_source` row of the item's native key; `last_scan` only moves forward. */
  #recordSource(unit: Unit): void {
    const source = unit.item!.sys_object_source_info;
    if (!nativeKey(source)) return;
    const lastScan = source!.source_recency_timestamp || this.#cmdb.timestamp();
    const targetTable = this.#cmdb.get(unit.sysId)!.sys_class_name;
    const row = this.#cmdb.findOne('sys_object_source', {
      name: source!.source_name!,
      id: source!.source_native_key!,
    });
    if (!row) {
      this.#cmdb.insert('sys_object_source', {
        name: source!.source_name!,
        id: source!.source_native_key!,
        target_sys_id: unit.sysId,
        target_table: targetTable,
        last_scan: lastScan,
        source_feed: source!.source_feed ?? '',
      });
      return;
    }
    const next: Record<string, string> = { target_sys_id: unit.sysId, target_table: targetTable };
    if (source!.source_feed) next.source_feed = source!.source_feed;
    if (!row.last_scan || lastScan >= row.last_scan) next.last_scan = lastScan;
    if (Object.entries(next).some(([field, value]) => row[field] !== value))
      this.#cmdb.update(row.sys_id, next);
  }

  /**
   * Upserts one lookup or related record of a CI, identified within that CI by the table's identity
   * fields. Records of the CI that the payload does not mention are left as they are.
   */
  #upsertChild(unit: Unit, entry: SubEntry, spec: ChildTableSpec): void {
    const values: Record<string, string> = {};
    for (const [field, value] of Object.entries(entry.sub.values))
      if (!SYSTEM_FIELD.test(field)) values[field] = value;
    const identity: Record<string, string> = { [spec.ciField]: unit.sysId };
    for (const field of spec.identity) identity[field] = values[field] ?? '';
    const existing = this.#cmdb.findOne(entry.sub.className, identity);
    if (!existing) {
      entry.sysId = this.#cmdb.insert(entry.sub.className, { ...values, [spec.ciField]: unit.sysId }).sys_id;
      entry.operation = 'INSERT';
      return;
    }
    entry.sysId = existing.sys_id;
    const changed = Object.fromEntries(Object.entries(values).filter(([f, v]) => (existing[f] ?? '') !== v));
    if (Object.keys(changed).length === 0) {
      entry.operation = 'NO_CHANGE';
      return;
    }
    this.#cmdb.update(existing.sys_id, changed);
    entry.operation = 'UPDATE';
  }

  #storePartial(unit: Unit): void {
    const payload = JSON.stringify(unit.item ?? {});
    const errors = JSON.stringify(unit.warnings);
    if (unit.outcome === 'incomplete') {
      unit.partialSysId = this.#cmdb.insert('cmdb_ire_incomplete_payloads', { payload, errors }).sys_id;
      return;
    }
    const [identifierKey = ''] = this.#storageKeys(unit);
    const existing = this.#cmdb.findOne('cmdb_ire_partial_payloads', { identifier_key: identifierKey });
    if (existing) this.#cmdb.delete(existing.sys_id);
    unit.partialSysId = this.#cmdb.insert('cmdb_ire_partial_payloads', {
      payload,
      errors,
      identifier_key: identifierKey,
      source_name: this.#dataSource,
    }).sys_id;
  }

  #endpointSysId(endpoint: Endpoint): string | undefined {
    const unit = this.#unitAt[endpoint.mainIndex]!;
    if (unit.outcome !== 'committed') return undefined;
    return endpoint.sub ? endpoint.sub.sysId : unit.sysId;
  }

  #applyReferences(references: ReferenceEntry[]): void {
    for (const reference of references) {
      const value = this.#endpointSysId(reference.referenced);
      const target = this.#endpointSysId(reference.referencedBy);
      if (!value || !target) continue;
      const record = this.#cmdb.get(target)!;
      if (record[reference.field] === value) continue;
      this.#cmdb.update(target, { [reference.field]: value });
      const unit = this.#unitAt[reference.referencedBy.mainIndex]!;
      if (!reference.referencedBy.sub && unit.operation === 'NO_CHANGE') unit.operation = 'UPDATE';
    }
  }

  #commitRelation(relation: RelationEntry): IreRelationResult {
    const base = {
      className: 'cmdb_rel_ci' as const,
      identifierEntrySysId: UNKNOWN,
      warnings: [],
      warningCount: 0,
      markers: [],
      inputIndices: [relation.index],
      mergedPayloadIds: [],
    };
    const failed = (errors: IreMessage[]): IreRelationResult => ({
      ...base,
      sysId: UNKNOWN,
      errors,
      errorCount: errors.length,
    });
    if (relation.errors.length > 0 || !relation.parent || !relation.child) return failed(relation.errors);
    const parent = this.#endpointSysId(relation.parent);
    const child = this.#endpointSysId(relation.child);
    if (!parent || !child) {
      const broken = [relation.parent, relation.child]
        .map((e) => this.#unitAt[e.mainIndex]!)
        .filter((u) => u.outcome !== 'committed');
      return failed(broken.map((u) => ireMessage('abandonedRelation', u.label)));
    }
    const type = this.#cmdb.relationshipType(relation.type)!.sys_id;
    const existing = this.#cmdb.findOne('cmdb_rel_ci', { parent, child, type });
    const ok = { ...base, errors: [], errorCount: 0 };
    if (existing) return { ...ok, operation: 'NO_CHANGE', sysId: existing.sys_id };
    const record = this.#cmdb.insert('cmdb_rel_ci', { parent, child, type });
    return { ...ok, operation: 'INSERT', sysId: record.sys_id };
  }

  // ── response ─────────────────────────────────────────────────────────────────────────────────

  #result(relations: IreRelationResult[]): IreResult {
    const dryRun = this.#request.dryRun === true;
    const items = [...this.#units]
      .sort((a, b) => a.indices[0]! - b.indices[0]!)
      .map((unit) => this.#itemResult(unit, dryRun));
    const result: IreResult = {
      items,
      relations,
      additionalCommittedItems: [],
      additionalCommittedRelations: [],
      hasError: items.some((i) => i.errorCount > 0) || relations.some((r) => r.errorCount > 0),
      hasWarning: items.some((i) => i.warningCount > 0) || relations.some((r) => r.warningCount > 0),
    };
    return this.#options.generateSummary ? { ...result, summary: this.#summary() } : result;
  }

  #itemResult(unit: Unit, dryRun: boolean): IreItemResult {
    const common = {
      className: unit.className,
      identificationAttempts: unit.attempts,
      errors: unit.errors,
      warnings: unit.warnings,
      errorCount: unit.errors.length,
      warningCount: unit.warnings.length,
      markers: [],
      inputIndices: unit.indices,
      mergedPayloadIds: unit.mergedPayloadIds,
    };
    if (unit.outcome === 'partial' || unit.outcome === 'incomplete') {
      return {
        ...common,
        operation: unit.outcome === 'partial' ? 'INSERT_AS_PARTIAL' : 'INSERT_AS_INCOMPLETE',
        sysId: UNKNOWN,
        identifierEntrySysId: UNKNOWN,
        partialSysIds: unit.partialSysId && !dryRun ? [unit.partialSysId] : [],
      };
    }
    if (unit.outcome !== 'committed') return { ...common, sysId: UNKNOWN, identifierEntrySysId: UNKNOWN };
    const relatedItems = [...unit.lookups, ...unit.related].map(
      (entry): IreRelatedItemResult => ({
        className: entry.sub.className,
        operation: entry.operation ?? 'NO_CHANGE',
        sysId: dryRun && entry.operation === 'INSERT' ? UNKNOWN : (entry.sysId ?? UNKNOWN),
        errors: [],
        errorCount: 0,
        warningCount: 0,
        markers: [],
        inputIndices: [{ mainIndex: entry.mainIndex, subIndex: entry.subIndex }],
        mergedPayloadIds: [],
      }),
    );
    return {
      ...common,
      operation: unit.operation ?? 'NO_CHANGE',
      sysId: dryRun && unit.inserted ? UNKNOWN : unit.sysId,
      identifierEntrySysId: unit.identifierEntrySysId,
      ...(unit.info.length > 0 ? { info: unit.info } : {}),
      relatedItems,
      relatedSysIds: relatedItems.map((r) => (r.sysId === UNKNOWN ? null : r.sysId)),
      additionalRelatedItems: [],
    };
  }

  /**
   * Counters per class. An item that failed only because a partner did (ABANDONED) counts as
   * skipped; any other failure counts as an error.
   */
  #summary(): Record<string, SummaryCounters> {
    const summary: Record<string, SummaryCounters> = {};
    const counters = (className: string) => (summary[className] ??= emptyCounters());
    for (const unit of this.#units) {
      const c = counters(unit.className || 'unknown');
      if (unit.outcome === 'committed') countOperation(c, unit.operation);
      else if (unit.outcome === 'partial') c.partial++;
      else if (unit.outcome === 'incomplete') c.incomplete++;
      else if (unit.errors.every((e) => e.error === 'ABANDONED')) c.skipped++;
      else c.errors++;
      if (unit.warnings.length > 0) c.warnings++;
      c.mergedPartialPayloads += unit.mergedPayloadIds.length;
      if (unit.outcome !== 'committed') continue;
      for (const entry of [...unit.lookups, ...unit.related])
        countOperation(counters(entry.sub.className), entry.operation);
    }
    return summary;
  }
}
