import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SluiceError } from '@sluice/errors';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { text } from './cleansing.ts';
import { qualysCmdbErrors } from './errors.ts';
import { type GavAsset, type HostAsset, toArray } from './qualys-types.ts';

/**
 * The CI class rule engine (spec "CI class rules"): three ordered tables read from a YAML file the
 * operator can edit and reload; in each table the first row whose every criterion matches names the
 * class. The file's syntax is documented at the top of `rules/ci-class-rules.yaml`.
 */

/** The rule file shipped with the transformer. */
export const DEFAULT_CI_CLASS_RULES_PATH = fileURLToPath(
  new URL('../../rules/ci-class-rules.yaml', import.meta.url),
);

/** Classes the computer rules may refine; any other hardware class stays as matched. */
const REFINABLE_CLASSES: ReadonlySet<string> = new Set(['cmdb_ci_computer', 'cmdb_ci_server']);
const FALLBACK_CLASS = 'cmdb_ci_computer';

export type Criterion =
  | { readonly kind: 'any' }
  | { readonly kind: 'present' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'equals' | 'contains' | 'startsWith'; readonly value: string }
  | { readonly kind: 'regex'; readonly pattern: RegExp };

/** The columns of each table, as the YAML names them. */
export const RULE_COLUMNS = {
  hardware: ['category1', 'category2'],
  computer: ['osName', 'osCategory', 'osCategory2', 'osPublisher', 'osProductName'],
  assetManagement: ['operatingSystem', 'volumeInfo', 'processor', 'cloudProvider'],
} as const;

export type RuleTableName = keyof typeof RULE_COLUMNS;
export type RuleColumn<T extends RuleTableName> = (typeof RULE_COLUMNS)[T][number];

/** What a table's criteria are tested against: one string per column, `undefined` when absent. */
export type RuleFacts<T extends RuleTableName> = Readonly<Record<RuleColumn<T>, string | undefined>>;

export interface CiClassRule<T extends RuleTableName> {
  /** 1-based position in its table, as `matchedRule` shows it. */
  readonly row: number;
  /** Line of the row in the rule file. */
  readonly line: number;
  readonly targetClass: string;
  readonly criteria: Readonly<Record<RuleColumn<T>, Criterion>>;
}

export interface CiClassRules {
  /** Stamped on every normalized CI (`rulesetVersion`), so a replay shows which rules classed it. */
  readonly version: string;
  /** The file the rules were read from. */
  readonly source: string;
  readonly hardware: ReadonlyArray<CiClassRule<'hardware'>>;
  readonly computer: ReadonlyArray<CiClassRule<'computer'>>;
  readonly assetManagement: ReadonlyArray<CiClassRule<'assetManagement'>>;
}

export interface CiClassification {
  readonly className: string;
  /** Which rows decided, e.g. `hardware#1>computer#4`, `hardware#9`, `assetManagement#2`, `fallthrough`. */
  readonly matchedRule: string;
}

// ---------------------------------------------------------------------------------------------------
// Matching

function lower(value: string): string {
  return value.toLowerCase();
}

/** `equals`/`contains`/`startsWith`/`regex` never match an absent value; `*` matches anything. */
export function criterionMatches(criterion: Criterion, value: string | undefined): boolean {
  switch (criterion.kind) {
    case 'any':
      return true;
    case 'present':
      return value !== undefined;
    case 'absent':
      return value === undefined;
    case 'equals':
      return value !== undefined && lower(value) === lower(criterion.value);
    case 'contains':
      return value !== undefined && lower(value).includes(lower(criterion.value));
    case 'startsWith':
      return value !== undefined && lower(value).startsWith(lower(criterion.value));
    case 'regex':
      return value !== undefined && criterion.pattern.test(value);
  }
}

function firstMatch<T extends RuleTableName>(
  table: ReadonlyArray<CiClassRule<T>>,
  facts: RuleFacts<T>,
): CiClassRule<T> | undefined {
  return table.find((rule) =>
    (Object.entries(rule.criteria) as Array<[RuleColumn<T>, Criterion]>).every(([column, criterion]) =>
      criterionMatches(criterion, facts[column]),
    ),
  );
}

/** The facts the GAV tables read: hardware and OS categories, OS name, publisher and product name. */
export function gavRuleFacts(asset: GavAsset): {
  hardware: RuleFacts<'hardware'>;
  computer: RuleFacts<'computer'>;
} {
  const hw = asset.hardware;
  const os = asset.operatingSystem;
  return {
    hardware: { category1: text(hw?.category1), category2: text(hw?.category2) },
    computer: {
      osName: text(os?.osName),
      osCategory: text(os?.category1),
      osCategory2: text(os?.category2),
      osPublisher: text(os?.publisher),
      osProductName: text(os?.productName),
    },
  };
}

/** The cloud provider a QPS asset's `sourceInfo` names, as the Asset Management rules spell it. */
export function qpsCloudProvider(asset: HostAsset): 'EC2' | 'Azure' | 'GCP' | undefined {
  const list = asset.sourceInfo?.list;
  if (!list) return undefined;
  if (toArray(list.Ec2AssetSourceSimple).length > 0) return 'EC2';
  if (toArray(list.AzureAssetSourceSimple).length > 0) return 'Azure';
  if (toArray(list.GcpAssetSourceSimple).length > 0) return 'GCP';
  return undefined;
}

/** The facts the Asset Management table reads; the two "present" columns are `"true"` or absent. */
export function qpsRuleFacts(asset: HostAsset): RuleFacts<'assetManagement'> {
  const present = (items: unknown[]) => (items.length > 0 ? 'true' : undefined);
  return {
    operatingSystem: text(asset.os),
    volumeInfo: present(toArray(asset.volume?.list?.HostAssetVolume)),
    processor: present(toArray(asset.processor?.list?.HostAssetProcessor)),
    cloudProvider: qpsCloudProvider(asset),
  };
}

/**
 * GAV: hardware rules first; computer rules refine when no hardware row matched or the hardware class
 * is `cmdb_ci_computer`/`cmdb_ci_server`; a hardware class no computer row refines stays; no match at
 * all gives `cmdb_ci_computer`.
 */
export function classifyGav(asset: GavAsset, rules: CiClassRules): CiClassification {
  const facts = gavRuleFacts(asset);
  const hardware = firstMatch(rules.hardware, facts.hardware);
  if (hardware && !REFINABLE_CLASSES.has(hardware.targetClass)) {
    return { className: hardware.targetClass, matchedRule: `hardware#${hardware.row}` };
  }
  const computer = firstMatch(rules.computer, facts.computer);
  if (hardware && computer) {
    return {
      className: computer.targetClass,
      matchedRule: `hardware#${hardware.row}>computer#${computer.row}`,
    };
  }
  if (hardware) return { className: hardware.targetClass, matchedRule: `hardware#${hardware.row}` };
  if (computer) return { className: computer.targetClass, matchedRule: `computer#${computer.row}` };
  return { className: FALLBACK_CLASS, matchedRule: 'fallthrough' };
}

/** QPS: the Asset Management rules; no match gives `cmdb_ci_computer`. */
export function classifyQps(asset: HostAsset, rules: CiClassRules): CiClassification {
  const rule = firstMatch(rules.assetManagement, qpsRuleFacts(asset));
  return rule
    ? { className: rule.targetClass, matchedRule: `assetManagement#${rule.row}` }
    : { className: FALLBACK_CLASS, matchedRule: 'fallthrough' };
}

// ---------------------------------------------------------------------------------------------------
// Loading

const OPERATORS = ['equals', 'contains', 'startsWith', 'regex'] as const;
const CRITERION_HELP =
  "a criterion is '*', present, absent, a value, or one of {equals|contains|startsWith|regex: value}";

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** A cell of a rule table; a column left out of a row is `*`. */
const criterionSchema = z.unknown().transform((raw, ctx): Criterion => {
  if (raw === undefined || raw === '*') return { kind: 'any' };
  if (raw === 'present') return { kind: 'present' };
  if (raw === 'absent') return { kind: 'absent' };
  const plain = scalarText(raw);
  if (plain !== undefined) return { kind: 'equals', value: plain };
  const entries = typeof raw === 'object' && raw !== null ? Object.entries(raw) : [];
  const [operator, operand] = entries[0] ?? [];
  const value = scalarText(operand);
  if (entries.length !== 1 || !OPERATORS.includes(operator as never) || value === undefined) {
    ctx.addIssue({ code: 'custom', message: CRITERION_HELP });
    return z.NEVER;
  }
  if (operator !== 'regex') return { kind: operator as 'equals' | 'contains' | 'startsWith', value };
  try {
    return { kind: 'regex', pattern: new RegExp(value, 'i') };
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regex: ${(error as Error).message}` });
    return z.NEVER;
  }
});

const classNameSchema = z
  .string({ error: 'class is required: the target CI class of the row' })
  .regex(/^[a-z][a-z0-9_]*$/, 'class must be a CI class table name such as cmdb_ci_server');

function rowSchema<T extends RuleTableName>(table: T) {
  const columns = Object.fromEntries(
    RULE_COLUMNS[table].map((column) => [column, criterionSchema.optional()]),
  );
  return z.strictObject({ ...columns, class: classNameSchema });
}

const fileSchema = z.strictObject({
  version: z
    .union([z.string(), z.number()], { error: 'version is required (a string such as "1")' })
    .transform(String)
    .refine((v) => v.trim() !== '', 'version must not be empty'),
  hardware: z.array(rowSchema('hardware')),
  computer: z.array(rowSchema('computer')),
  assetManagement: z.array(rowSchema('assetManagement')),
});

type ParsedRow = { class: string } & Record<string, Criterion>;

function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: ReadonlyArray<PropertyKey>,
): number {
  // The row's line when the issue is inside a row; otherwise the deepest node that exists.
  const rowPath = path.length >= 2 && typeof path[1] === 'number' ? path.slice(0, 2) : path;
  for (let depth = rowPath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(rowPath.slice(0, depth) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return 1;
}

function describePath(path: ReadonlyArray<PropertyKey>): string {
  const [table, row, ...rest] = path;
  if (typeof table === 'string' && typeof row === 'number') {
    return [`${table} row ${row + 1}`, ...rest.map(String)].join(': ');
  }
  return path.map(String).join('.') || 'file';
}

function compileTable<T extends RuleTableName>(
  table: T,
  rows: ReadonlyArray<ParsedRow>,
  line: (path: ReadonlyArray<PropertyKey>) => number,
): Array<CiClassRule<T>> {
  return rows.map((parsed, index) => ({
    row: index + 1,
    line: line([table, index]),
    targetClass: parsed.class,
    criteria: Object.fromEntries(
      RULE_COLUMNS[table].map((column) => [column, parsed[column] ?? { kind: 'any' }]),
    ) as Record<RuleColumn<T>, Criterion>,
  }));
}

/**
 * Parses and validates a rule file's text. Every problem is reported with the file and the line of
 * the row it is in (`rules.yaml:14: hardware row 3: category2: …`); an invalid regex is one of them.
 */
export function parseCiClassRules(yamlText: string, source: string): CiClassRules {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const at = counter.linePos(syntax.pos[0]).line;
    const message = syntax.message.split('\n')[0] ?? syntax.code;
    throw qualysCmdbErrors.CI_RULES_INVALID.with(
      { details: { file: source, line: at, issues: [{ line: at, message }] } },
      `${source}:${at}: ${message}`,
    );
  }
  let content: unknown;
  try {
    content = doc.toJS();
  } catch (error) {
    throw qualysCmdbErrors.CI_RULES_INVALID.with(
      { cause: error, details: { file: source, line: 1 } },
      `${source}:1: ${(error as Error).message}`,
    );
  }
  const parsed = fileSchema.safeParse(content);
  const line = (path: ReadonlyArray<PropertyKey>) => lineOf(doc, counter, path);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      line: line(issue.path),
      where: describePath(issue.path),
      message: issue.message,
    }));
    const summary = issues.map((i) => `${source}:${i.line}: ${i.where}: ${i.message}`).join('; ');
    throw qualysCmdbErrors.CI_RULES_INVALID.with(
      { details: { file: source, line: issues[0]?.line ?? 1, issues } },
      summary,
    );
  }
  const data = parsed.data;
  return {
    version: data.version,
    source,
    hardware: compileTable('hardware', data.hardware as ParsedRow[], line),
    computer: compileTable('computer', data.computer as ParsedRow[], line),
    assetManagement: compileTable('assetManagement', data.assetManagement as ParsedRow[], line),
  };
}

/** Reads and validates a rule file; throws `CI_RULES_UNREADABLE` or `CI_RULES_INVALID`. */
export function loadCiClassRules(path: string = DEFAULT_CI_CLASS_RULES_PATH): CiClassRules {
  let yamlText: string;
  try {
    yamlText = readFileSync(path, 'utf8');
  } catch (error) {
    throw qualysCmdbErrors.CI_RULES_UNREADABLE.with({ cause: error }, path, (error as Error).message);
  }
  return parseCiClassRules(yamlText, path);
}

// ---------------------------------------------------------------------------------------------------
// Reloadable holder

export type CiClassRulesReload =
  | { readonly ok: true; readonly rules: CiClassRules }
  | { readonly ok: false; readonly rules: CiClassRules; readonly error: SluiceError };

export interface CiClassRuleSetOptions {
  /** Reload when the file changes on disk. */
  readonly watch?: boolean;
  /** Editors write a file in several steps; changes closer together than this make one reload. */
  readonly debounceMs?: number;
  readonly onReload?: (rules: CiClassRules) => void;
  /** A reload that failed; the previous rules stay in force. */
  readonly onError?: (error: SluiceError) => void;
}

/**
 * The rules in force, reloadable from their file. It is never empty: construction throws when the
 * file is bad, and a later reload that fails keeps the previous rules and reports the error.
 */
export class CiClassRuleSet {
  readonly path: string;
  readonly #options: CiClassRuleSetOptions;
  #rules: CiClassRules;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(path: string = DEFAULT_CI_CLASS_RULES_PATH, options: CiClassRuleSetOptions = {}) {
    this.path = path;
    this.#options = options;
    this.#rules = loadCiClassRules(path);
    if (options.watch) this.#watch();
  }

  get rules(): CiClassRules {
    return this.#rules;
  }

  get version(): string {
    return this.#rules.version;
  }

  reload(): CiClassRulesReload {
    let next: CiClassRules;
    try {
      next = loadCiClassRules(this.path);
    } catch (error) {
      const coded = error as SluiceError;
      this.#options.onError?.(coded);
      return { ok: false, rules: this.#rules, error: coded };
    }
    this.#rules = next;
    this.#options.onReload?.(next);
    return { ok: true, rules: next };
  }

  /** Stops watching the file. */
  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #watch(): void {
    // The directory, not the file: an editor that saves by rename would leave a file watch dangling.
    const file = basename(this.path);
    const watcher = watch(dirname(this.path), (_event, changed) => {
      if (changed !== null && changed !== file) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.reload(), this.#options.debounceMs ?? 100);
      this.#timer.unref();
    });
    watcher.unref();
    this.#watcher = watcher;
  }
}
