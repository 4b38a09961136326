import { z } from 'zod';
import type { QualysAsset } from './asset.ts';
import { ASSET_FIELDS, emptyHardware, emptyOperatingSystem, type QualysDataset } from './dataset.ts';
import { simulatorErrors } from './errors.ts';
import { parseOrThrow } from './validation.ts';

/** Largest `pageSize` the gateway accepts; larger values are refused with 400, not clamped. */
export const MAX_PAGE_SIZE = 300;
export const DEFAULT_PAGE_SIZE = 100;

type Values = (asset: QualysAsset) => ReadonlyArray<string | number | null | undefined>;

function groupFields(group: 'operatingSystem' | 'hardware', keys: string[]): Array<[string, Values]> {
  return keys
    .filter((key) => key !== 'lifecycle')
    .map((key) => [
      `${group}.${key}`,
      (asset) => [(asset[group] as Record<string, string | null> | null)?.[key] ?? null],
    ]);
}

/** The filter fields the simulated CSAM search understands (a subset of the real QQL tokens). */
const FILTER_FIELDS = new Map<string, Values>([
  ['asset.id', (a) => [a.assetId]],
  ['asset.name', (a) => [a.assetName]],
  ['asset.tags.name', (a) => (a.tagList?.tag ?? []).map((t) => t.tagName)],
  ['asset.tags.id', (a) => (a.tagList?.tag ?? []).map((t) => t.tagId)],
  ['tags.name', (a) => (a.tagList?.tag ?? []).map((t) => t.tagName)],
  ['asset.address', (a) => [a.address]],
  ['asset.dnsName', (a) => [a.dnsName]],
  ['asset.netbiosName', (a) => [a.netbiosName]],
  ['asset.hostId', (a) => [a.hostId]],
  ['asset.provider', (a) => [a.provider]],
  ['asset.biosSerialNumber', (a) => [a.biosSerialNumber]],
  ['software.product', (a) => (a.softwareListData?.software ?? []).map((s) => s.productName)],
  ['software.fullName', (a) => (a.softwareListData?.software ?? []).map((s) => s.fullName)],
  ['software.publisher', (a) => (a.softwareListData?.software ?? []).map((s) => s.publisher)],
  ...groupFields('operatingSystem', Object.keys(emptyOperatingSystem())),
  ...groupFields('hardware', Object.keys(emptyHardware())),
]);

const filterBodySchema = z.object({
  filters: z
    .array(
      z.object({
        field: z.string().min(1),
        operator: z.enum(['EQUALS', 'CONTAINS']),
        value: z.union([z.string(), z.number(), z.boolean()]),
      }),
    )
    .optional(),
  operation: z.enum(['AND', 'OR']).optional(),
});

/** A body sent without a JSON content type: still JSON, or nothing. */
function jsonText(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw simulatorErrors.QUALYS_SIM_INVALID_REQUEST('(body)', 'the filter body must be JSON');
  }
}

export type AssetPredicate = (asset: QualysAsset) => boolean;

/** Compiles the JSON filter body (`{}` or none means every asset); comparisons ignore case. */
export function compileFilter(body: unknown): AssetPredicate {
  const parsed = parseOrThrow(filterBodySchema, typeof body === 'string' ? jsonText(body) : (body ?? {}));
  const filters = parsed.filters ?? [];
  if (filters.length === 0) return () => true;
  const tests = filters.map((filter, i): AssetPredicate => {
    const values = FILTER_FIELDS.get(filter.field);
    if (!values) {
      throw simulatorErrors.QUALYS_SIM_INVALID_REQUEST(
        `filters.${i}.field`,
        `unsupported field ${filter.field}`,
      );
    }
    const wanted = String(filter.value).toLowerCase();
    const matches =
      filter.operator === 'EQUALS' ? (v: string) => v === wanted : (v: string) => v.includes(wanted);
    return (asset) =>
      values(asset).some((v) => v !== null && v !== undefined && matches(String(v).toLowerCase()));
  });
  return parsed.operation === 'OR'
    ? (asset) => tests.some((test) => test(asset))
    : (asset) => tests.every((test) => test(asset));
}

const FIELD_ALIASES: Readonly<Record<string, keyof QualysAsset>> = {
  tags: 'tagList',
  tag: 'tagList',
  software: 'softwareListData',
  volume: 'volumeListData',
  volumes: 'volumeListData',
  networkInterface: 'networkInterfaceListData',
  networkInterfaces: 'networkInterfaceListData',
  openPort: 'openPortListData',
  openPorts: 'openPortListData',
  id: 'assetId',
};

function resolveFields(list: string | undefined, parameter: string): Set<keyof QualysAsset> | undefined {
  if (list === undefined) return undefined;
  const out = new Set<keyof QualysAsset>();
  for (const raw of list.split(',')) {
    const name = raw.trim().replace(/^asset\./, '');
    if (name === '') continue;
    const field = FIELD_ALIASES[name] ?? (ASSET_FIELDS as ReadonlyArray<string>).find((f) => f === name);
    if (!field) throw simulatorErrors.QUALYS_SIM_INVALID_REQUEST(parameter, `unknown field ${raw.trim()}`);
    out.add(field as keyof QualysAsset);
  }
  return out;
}

/**
 * `includeFields` / `excludeFields` on top-level groups (`operatingSystem,hardware,tags`); `assetId`
 * is always sent so the cursor keeps working.
 */
export function fieldSelector(
  includeFields: string | undefined,
  excludeFields: string | undefined,
): (asset: QualysAsset) => Partial<QualysAsset> {
  const include = resolveFields(includeFields, 'includeFields');
  const exclude = resolveFields(excludeFields, 'excludeFields');
  if (!include && !exclude) return (asset) => asset;
  const keep = ASSET_FIELDS.filter(
    (field) => field === 'assetId' || ((!include || include.has(field)) && !exclude?.has(field)),
  );
  return (asset) => {
    const out: Record<string, unknown> = {};
    for (const field of keep) out[field] = asset[field];
    return out as Partial<QualysAsset>;
  };
}

export interface GavPage {
  readonly assets: QualysAsset[];
  /** More matching assets exist after the last one of this page. */
  readonly hasMore: boolean;
}

/** Keyset paging: the matching assets with `assetId > lastSeenAssetId`, in id order. */
export function searchPage(
  dataset: QualysDataset,
  query: { pageSize: number; lastSeenAssetId: number; matches: AssetPredicate },
): GavPage {
  const assets: QualysAsset[] = [];
  const all = dataset.assets;
  for (let i = dataset.indexAfter(query.lastSeenAssetId); i < all.length; i++) {
    const asset = all[i] as QualysAsset;
    if (!query.matches(asset)) continue;
    if (assets.length === query.pageSize) return { assets, hasMore: true };
    assets.push(asset);
  }
  return { assets, hasMore: false };
}

export function countMatching(dataset: QualysDataset, matches: AssetPredicate): number {
  let count = 0;
  for (const asset of dataset.assets) if (matches(asset)) count++;
  return count;
}
