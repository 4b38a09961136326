import {
  CI_CLASSES,
  type CiClassSpec,
  IDENTIFICATION_RULES,
  type IdentificationRuleSpec,
  PLAIN_TABLES,
} from './classes.ts';

/** How a matched CI's stored class relates to the class a payload sends. */
export type ClassChange = 'same' | 'upgrade' | 'downgrade' | 'switch';

/** Answers questions about the class tree and the rules in `classes.ts`. */
export class CmdbModel {
  readonly #parent = new Map<string, string | undefined>();
  readonly #descendants = new Map<string, Set<string>>();
  readonly #rules: ReadonlyArray<IdentificationRuleSpec>;
  readonly #plainTables: Readonly<Record<string, Readonly<Record<string, string>>>>;

  constructor(
    classes: ReadonlyArray<CiClassSpec> = CI_CLASSES,
    rules: ReadonlyArray<IdentificationRuleSpec> = IDENTIFICATION_RULES,
    plainTables: Readonly<Record<string, Readonly<Record<string, string>>>> = PLAIN_TABLES,
  ) {
    for (const spec of classes) this.#parent.set(spec.name, spec.parent);
    for (const spec of classes) {
      for (const ancestor of this.ancestorsOf(spec.name)) {
        const set = this.#descendants.get(ancestor) ?? new Set<string>();
        this.#descendants.set(ancestor, set);
        set.add(spec.name);
      }
    }
    this.#rules = rules;
    this.#plainTables = plainTables;
  }

  isCiClass(name: string): boolean {
    return this.#parent.has(name);
  }

  isTable(name: string): boolean {
    return this.isCiClass(name) || Object.hasOwn(this.#plainTables, name);
  }

  tableNames(): string[] {
    return [...this.#parent.keys(), ...Object.keys(this.#plainTables)];
  }

  /** The class itself first, then its parent, up to `cmdb_ci`. */
  ancestorsOf(name: string): string[] {
    const out: string[] = [];
    for (let current: string | undefined = name; current; current = this.#parent.get(current)) {
      out.push(current);
    }
    return out;
  }

  /** The tables whose records a read of `table` returns: a CI class and its descendants, or itself. */
  tablesReadThrough(table: string): ReadonlySet<string> {
    return this.#descendants.get(table) ?? new Set([table]);
  }

  isA(name: string, ancestor: string): boolean {
    return this.tablesReadThrough(ancestor).has(name);
  }

  classChange(stored: string, sent: string): ClassChange {
    if (stored === sent) return 'same';
    if (this.isA(sent, stored)) return 'upgrade';
    if (this.isA(stored, sent)) return 'downgrade';
    return 'switch';
  }

  /** The identification rule of the class or of its nearest ancestor that has one. */
  ruleFor(className: string): IdentificationRuleSpec | undefined {
    for (const ancestor of this.ancestorsOf(className)) {
      const rule = this.#rules.find((r) => r.appliesTo === ancestor);
      if (rule) return rule;
    }
    return undefined;
  }

  /** The table a reference field points to, for the tables that have reference fields. */
  referenceTarget(table: string, field: string): string | undefined {
    return this.#plainTables[table]?.[field];
  }
}
