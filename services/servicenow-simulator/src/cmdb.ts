import { createHash, randomBytes } from 'node:crypto';
import { INSTALL_STATUS_RETIRED, RELATIONSHIP_TYPES } from './classes.ts';
import { CmdbModel } from './cmdb-model.ts';
import { simulatorErrors } from './errors.ts';

/** One row. Every value is a string, as the Table API returns them; references hold sys_ids. */
export interface CmdbRecord {
  readonly sys_id: string;
  readonly sys_class_name: string;
  readonly sys_created_on: string;
  readonly sys_updated_on: string;
  readonly [field: string]: string;
}

/** Field equality (case-insensitive, like the platform's MySQL collation) or a predicate. */
export type Criteria = Readonly<Record<string, string>> | ((record: CmdbRecord) => boolean);

export interface CmdbSummary {
  /** CIs per class (the class they are stored in). */
  readonly classes: Record<string, number>;
  readonly cis: number;
  readonly relations: number;
  readonly software: number;
  readonly serialNumbers: number;
  readonly networkAdapters: number;
  readonly objectSources: number;
  readonly partialPayloads: number;
  readonly incompletePayloads: number;
  /** CIs with `install_status` 7. */
  readonly retired: number;
}

export interface CmdbOptions {
  readonly model?: CmdbModel;
  readonly now?: () => Date;
}

/** Rolls back every write made since `Cmdb.begin()`; the IRE dry run and all-or-nothing commits use it. */
export interface CmdbTransaction {
  commit(): void;
  rollback(): void;
}

interface Entry {
  table: string;
  fields: Record<string, string>;
  /** Insertion order, kept when a rolled-back delete puts the record back. */
  readonly seq: number;
}

/** Fields the identification engine and the Table API search on; kept in a value index. */
const INDEXED_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'serial_number',
  'object_id',
  'mac_address',
  'cmdb_ci',
  'installed_on',
  'id',
  'parent',
  'child',
  'target_sys_id',
  'identifier_key',
]);

/** `YYYY-MM-DD HH:mm:ss` in UTC, the platform's glide_date_time format. */
export function glideDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function newSysId(): string {
  return randomBytes(16).toString('hex');
}

/** Stable across resets so a relation type keeps its sys_id for the lifetime of a test. */
function relationTypeSysId(name: string): string {
  return createHash('md5').update(`cmdb_rel_type:${name}`).digest('hex');
}

function key(value: string): string {
  return value.toLowerCase();
}

/**
 * An in-memory CMDB. CI records live in their class table and are visible through every ancestor
 * (`table('cmdb_ci_server')` returns Linux servers too); other tables hold only their own rows.
 * Reads return copies, so a caller can never change the store behind the engine's back.
 */
export class Cmdb {
  readonly model: CmdbModel;
  readonly #now: () => Date;
  readonly #entries = new Map<string, Entry>();
  readonly #index = new Map<string, Map<string, Set<string>>>();
  #journal: Array<() => void> | undefined;
  #seq = 0;

  constructor(options: CmdbOptions = {}) {
    this.model = options.model ?? new CmdbModel();
    this.#now = options.now ?? (() => new Date());
    this.#seed();
  }

  /** Now, in the platform's date format. */
  timestamp(): string {
    return glideDateTime(this.#now());
  }

  hasTable(name: string): boolean {
    return this.model.isTable(name);
  }

  /** Every record readable through `name`, in insertion order. Throws CMDB_TABLE_UNKNOWN. */
  table(name: string): CmdbRecord[] {
    const tables = this.#readThrough(name);
    const out: CmdbRecord[] = [];
    for (const entry of this.#entries.values()) {
      if (tables.has(entry.table)) out.push(this.#copy(entry));
    }
    return out;
  }

  count(name: string): number {
    const tables = this.#readThrough(name);
    let n = 0;
    for (const entry of this.#entries.values()) if (tables.has(entry.table)) n++;
    return n;
  }

  get(sysId: string): CmdbRecord | undefined {
    const entry = this.#entries.get(sysId);
    return entry ? this.#copy(entry) : undefined;
  }

  /** The records readable through `table` that meet `criteria`. */
  find(table: string, criteria: Criteria): CmdbRecord[] {
    const tables = this.#readThrough(table);
    const found: Entry[] = [];
    for (const sysId of this.#candidates(criteria)) {
      const entry = this.#entries.get(sysId);
      if (entry && tables.has(entry.table) && this.#meets(this.#copy(entry), criteria)) found.push(entry);
    }
    return found.sort((a, b) => a.seq - b.seq).map((entry) => this.#copy(entry));
  }

  findOne(table: string, criteria: Criteria): CmdbRecord | undefined {
    return this.find(table, criteria)[0];
  }

  /** The `cmdb_rel_type` record of a relationship name such as `Hosted on::Hosts`. */
  relationshipType(name: string): CmdbRecord | undefined {
    return this.find('cmdb_rel_type', { name }).find((r) => r.name === name);
  }

  insert(table: string, values: Readonly<Record<string, string>>): CmdbRecord {
    if (!this.hasTable(table)) throw simulatorErrors.CMDB_TABLE_UNKNOWN(table);
    const now = this.timestamp();
    const sysId = values.sys_id || newSysId();
    const fields: Record<string, string> = {
      ...values,
      sys_id: sysId,
      sys_class_name: table,
      sys_created_on: values.sys_created_on ?? now,
      sys_updated_on: values.sys_updated_on ?? now,
    };
    const entry: Entry = { table, fields, seq: this.#seq++ };
    this.#entries.set(sysId, entry);
    this.#indexAdd(sysId, fields);
    this.#journal?.push(() => {
      this.#indexRemove(sysId, entry.fields);
      this.#entries.delete(sysId);
    });
    return this.#copy(entry);
  }

  /**
   * Writes `values` over the record. `touch: false` keeps `sys_updated_on`, for the bookkeeping fields
   * IRE refreshes on an unchanged CI.
   */
  update(
    sysId: string,
    values: Readonly<Record<string, string>>,
    options: { touch?: boolean } = {},
  ): CmdbRecord {
    const entry = this.#require(sysId);
    const before = { ...entry.fields };
    const next: Record<string, string> = { ...entry.fields, ...values, sys_id: sysId };
    next.sys_class_name = entry.fields.sys_class_name ?? entry.table;
    if (options.touch ?? true) next.sys_updated_on = this.timestamp();
    this.#indexRemove(sysId, entry.fields);
    entry.fields = next;
    this.#indexAdd(sysId, next);
    this.#journal?.push(() => {
      this.#indexRemove(sysId, entry.fields);
      entry.fields = before;
      this.#indexAdd(sysId, before);
    });
    return this.#copy(entry);
  }

  /** Moves a CI to another class table; the sys_id and values stay. */
  reclassify(sysId: string, className: string): CmdbRecord {
    const entry = this.#require(sysId);
    if (!this.model.isCiClass(className)) throw simulatorErrors.CMDB_TABLE_UNKNOWN(className);
    const { table, fields } = entry;
    entry.table = className;
    entry.fields = { ...fields, sys_class_name: className, sys_updated_on: this.timestamp() };
    this.#journal?.push(() => {
      entry.table = table;
      entry.fields = fields;
    });
    return this.#copy(entry);
  }

  delete(sysId: string): void {
    const entry = this.#require(sysId);
    this.#indexRemove(sysId, entry.fields);
    this.#entries.delete(sysId);
    this.#journal?.push(() => {
      const entries = [...this.#entries.entries(), [sysId, entry] as const].sort(
        (a, b) => a[1].seq - b[1].seq,
      );
      this.#entries.clear();
      for (const [id, restored] of entries) this.#entries.set(id, restored);
      this.#indexAdd(sysId, entry.fields);
    });
  }

  /** Empties every table; the relationship types come back. */
  reset(): void {
    this.#entries.clear();
    this.#index.clear();
    this.#journal = undefined;
    this.#seed();
  }

  begin(): CmdbTransaction {
    if (this.#journal) throw simulatorErrors.CMDB_TRANSACTION_OPEN();
    const journal: Array<() => void> = [];
    this.#journal = journal;
    return {
      commit: () => {
        if (this.#journal === journal) this.#journal = undefined;
      },
      rollback: () => {
        if (this.#journal !== journal) return;
        this.#journal = undefined;
        for (const undo of journal.reverse()) undo();
      },
    };
  }

  summary(): CmdbSummary {
    const classes: Record<string, number> = {};
    let cis = 0;
    let retired = 0;
    for (const entry of this.#entries.values()) {
      if (!this.model.isCiClass(entry.table)) continue;
      cis++;
      classes[entry.table] = (classes[entry.table] ?? 0) + 1;
      if (entry.fields.install_status === INSTALL_STATUS_RETIRED) retired++;
    }
    return {
      classes,
      cis,
      relations: this.count('cmdb_rel_ci'),
      software: this.count('cmdb_sam_sw_install'),
      serialNumbers: this.count('cmdb_serial_number'),
      networkAdapters: this.count('cmdb_ci_network_adapter'),
      objectSources: this.count('sys_object_source'),
      partialPayloads: this.count('cmdb_ire_partial_payloads'),
      incompletePayloads: this.count('cmdb_ire_incomplete_payloads'),
      retired,
    };
  }

  #seed(): void {
    for (const name of RELATIONSHIP_TYPES) {
      const [parentDescriptor = name, childDescriptor = name] = name.split('::');
      this.insert('cmdb_rel_type', {
        sys_id: relationTypeSysId(name),
        name,
        parent_descriptor: parentDescriptor,
        child_descriptor: childDescriptor,
      });
    }
  }

  #readThrough(table: string): ReadonlySet<string> {
    if (!this.hasTable(table)) throw simulatorErrors.CMDB_TABLE_UNKNOWN(table);
    return this.model.tablesReadThrough(table);
  }

  #require(sysId: string): Entry {
    const entry = this.#entries.get(sysId);
    if (!entry) throw simulatorErrors.CMDB_RECORD_MISSING(sysId);
    return entry;
  }

  #copy(entry: Entry): CmdbRecord {
    return { ...entry.fields } as CmdbRecord;
  }

  /** The smallest index bucket among the criteria's indexed fields; every record without one. */
  #candidates(criteria: Criteria): Iterable<string> {
    let best: ReadonlySet<string> | undefined;
    if (typeof criteria !== 'function') {
      for (const [field, value] of Object.entries(criteria)) {
        if (!INDEXED_FIELDS.has(field) || value === '') continue;
        const bucket = this.#index.get(field)?.get(key(value)) ?? new Set<string>();
        if (!best || bucket.size < best.size) best = bucket;
      }
    }
    return best ?? this.#entries.keys();
  }

  #meets(record: CmdbRecord, criteria: Criteria): boolean {
    if (typeof criteria === 'function') return criteria(record);
    return Object.entries(criteria).every(([field, value]) => key(record[field] ?? '') === key(value));
  }

  #indexAdd(sysId: string, fields: Readonly<Record<string, string>>): void {
    for (const field of INDEXED_FIELDS) {
      const value = fields[field];
      if (value === undefined || value === '') continue;
      const byValue = this.#index.get(field) ?? new Map<string, Set<string>>();
      this.#index.set(field, byValue);
      const ids = byValue.get(key(value)) ?? new Set<string>();
      byValue.set(key(value), ids);
      ids.add(sysId);
    }
  }

  #indexRemove(sysId: string, fields: Readonly<Record<string, string>>): void {
    for (const field of INDEXED_FIELDS) {
      const value = fields[field];
      if (value === undefined || value === '') continue;
      this.#index.get(field)?.get(key(value))?.delete(sysId);
    }
  }
}
