import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HostAsset, QualysAsset } from './asset.ts';
import type { QualysDataset } from './dataset.ts';
import { simulatorErrors } from './errors.ts';
import { trackingMethodOf } from './host-asset.ts';

export const QPS_DEFAULT_LIMIT = 100;
export const QPS_MAX_LIMIT = 1000;

const XSD = 'https://qualysapi.qualys.com/qps/xsd/2.0/am/hostasset.xsd';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

type Operator = 'EQUALS' | 'CONTAINS' | 'GREATER' | 'LESSER' | 'IN';
type Kind = 'number' | 'string' | 'date';

interface FieldSpec {
  readonly kind: Kind;
  readonly values: (asset: QualysAsset) => ReadonlyArray<string | number | null | undefined>;
}

const OPERATORS: Record<Kind, ReadonlyArray<Operator>> = {
  number: ['EQUALS', 'GREATER', 'LESSER', 'IN'],
  string: ['EQUALS', 'CONTAINS', 'IN'],
  date: ['GREATER', 'LESSER'],
};

/** The QPS HostAsset criteria fields the simulator filters on (reference §3, "Filter fields"). */
const FIELDS: Readonly<Record<string, FieldSpec>> = {
  id: { kind: 'number', values: (a) => [a.assetId] },
  qwebHostId: { kind: 'number', values: (a) => [a.hostId] },
  name: { kind: 'string', values: (a) => [a.assetName] },
  dnsHostName: { kind: 'string', values: (a) => [a.dnsName] },
  netbiosName: { kind: 'string', values: (a) => [a.netbiosName] },
  address: { kind: 'string', values: (a) => [a.address] },
  os: { kind: 'string', values: (a) => [a.operatingSystem?.fullName ?? a.operatingSystem?.osName] },
  trackingMethod: { kind: 'string', values: (a) => [trackingMethodOf(a)] },
  tagName: { kind: 'string', values: (a) => (a.tagList?.tag ?? []).map((t) => t.tagName) },
  tagId: { kind: 'number', values: (a) => (a.tagList?.tag ?? []).map((t) => t.tagId) },
  installedSoftware: {
    kind: 'string',
    values: (a) => (a.softwareListData?.software ?? []).map((s) => s.fullName ?? s.productName),
  },
  updated: { kind: 'date', values: (a) => [a.lastModifiedDate] },
  created: { kind: 'date', values: (a) => [a.createdDate] },
};

export interface QpsCriteria {
  readonly field: string;
  readonly operator: string;
  readonly value: string;
}

export interface QpsRequest {
  readonly limitResults: number;
  readonly startFromId?: number;
  /** 1-based. */
  readonly startFromOffset?: number;
  readonly criteria: QpsCriteria[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'Criteria',
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});

function invalid(field: string, message: string): Error {
  return simulatorErrors.QUALYS_SIM_INVALID_REQUEST(field, message);
}

function integer(raw: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(raw ?? '').trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    throw invalid(field, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** Reads a `<ServiceRequest>`; an empty body means the defaults (100 assets from the first). */
export function parseServiceRequest(body: string): QpsRequest {
  if (body.trim() === '') return { limitResults: QPS_DEFAULT_LIMIT, criteria: [] };
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw invalid('ServiceRequest', `malformed XML: ${valid.err.msg}`);
  const doc = parser.parse(body) as { ServiceRequest?: unknown };
  if (doc.ServiceRequest === undefined)
    throw invalid('ServiceRequest', 'the root element must be ServiceRequest');
  const request = (typeof doc.ServiceRequest === 'object' && doc.ServiceRequest) || {};
  const preferences = (request as { preferences?: Record<string, unknown> }).preferences ?? {};
  const criteriaNodes =
    (request as { filters?: { Criteria?: Array<Record<string, unknown> | string> } }).filters?.Criteria ?? [];
  const criteria = criteriaNodes.map((node, i): QpsCriteria => {
    const attrs = typeof node === 'object' ? node : {};
    const field = String(attrs['@_field'] ?? '');
    const operator = String(attrs['@_operator'] ?? '').toUpperCase();
    const value = String(typeof node === 'object' ? (node['#text'] ?? '') : node).trim();
    const spec = FIELDS[field];
    if (!spec) throw invalid(`filters.Criteria[${i}].field`, `unsupported field '${field}'`);
    if (!(OPERATORS[spec.kind] as ReadonlyArray<string>).includes(operator)) {
      throw invalid(
        `filters.Criteria[${i}].operator`,
        `operator '${operator}' is not valid for field '${field}'`,
      );
    }
    if (spec.kind === 'date' && Number.isNaN(Date.parse(value))) {
      throw invalid(`filters.Criteria[${i}]`, `'${value}' is not a date`);
    }
    if (spec.kind === 'number') {
      for (const part of operator === 'IN' ? value.split(',') : [value]) {
        integer(part, `filters.Criteria[${i}]`, Number.MIN_SAFE_INTEGER);
      }
    }
    return { field, operator, value };
  });
  return {
    limitResults:
      preferences.limitResults === undefined
        ? QPS_DEFAULT_LIMIT
        : integer(preferences.limitResults, 'preferences.limitResults', 1, QPS_MAX_LIMIT),
    ...(preferences.startFromId === undefined
      ? {}
      : { startFromId: integer(preferences.startFromId, 'preferences.startFromId', 0) }),
    ...(preferences.startFromOffset === undefined
      ? {}
      : { startFromOffset: integer(preferences.startFromOffset, 'preferences.startFromOffset', 1) }),
    criteria,
  };
}

function criterionTest(criterion: QpsCriteria): (asset: QualysAsset) => boolean {
  const spec = FIELDS[criterion.field] as FieldSpec;
  const { operator } = criterion;
  const wanted = criterion.value;
  let test: (value: string | number) => boolean;
  if (spec.kind === 'number') {
    const n = Number(wanted);
    const set = new Set(wanted.split(',').map((v) => Number(v.trim())));
    test =
      operator === 'GREATER'
        ? (v) => Number(v) > n
        : operator === 'LESSER'
          ? (v) => Number(v) < n
          : operator === 'IN'
            ? (v) => set.has(Number(v))
            : (v) => Number(v) === n;
  } else if (spec.kind === 'date') {
    const ms = Date.parse(wanted);
    test = operator === 'GREATER' ? (v) => Date.parse(String(v)) > ms : (v) => Date.parse(String(v)) < ms;
  } else {
    const lower = wanted.toLowerCase();
    const set = new Set(lower.split(',').map((v) => v.trim()));
    test =
      operator === 'CONTAINS'
        ? (v) => String(v).toLowerCase().includes(lower)
        : operator === 'IN'
          ? (v) => set.has(String(v).toLowerCase())
          : (v) => String(v).toLowerCase() === lower;
  }
  return (asset) => spec.values(asset).some((v) => v !== null && v !== undefined && v !== '' && test(v));
}

export interface QpsPage {
  readonly assets: QualysAsset[];
  readonly hasMoreRecords: boolean;
}

/** All criteria must hold (QPS ANDs them); results in id order, `limitResults` at a time. */
export function qpsPage(dataset: QualysDataset, request: QpsRequest): QpsPage {
  const tests = request.criteria.map(criterionTest);
  const matches = (asset: QualysAsset) => tests.every((test) => test(asset));
  let skip = (request.startFromOffset ?? 1) - 1;
  const assets: QualysAsset[] = [];
  const start = request.startFromId === undefined ? 0 : dataset.indexAfter(request.startFromId - 1);
  for (let i = start; i < dataset.assets.length; i++) {
    const asset = dataset.assets[i] as QualysAsset;
    if (!matches(asset)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (assets.length === request.limitResults) return { assets, hasMoreRecords: true };
    assets.push(asset);
  }
  return { assets, hasMoreRecords: false };
}

export function qpsCount(dataset: QualysDataset, request: QpsRequest): number {
  const tests = request.criteria.map(criterionTest);
  return dataset.assets.filter((asset) => tests.every((test) => test(asset))).length;
}

/** Drops `undefined`/`null` members so they are left out of the XML, as QPS leaves out empty fields. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, prune(v)]),
    );
  }
  return value;
}

function serviceResponse(content: Record<string, unknown>): string {
  const root = {
    ServiceResponse: {
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': XSD,
      ...content,
    },
  };
  return `${XML_HEAD}${builder.build(prune(root))}`;
}

export function hostAssetResponse(page: { assets: HostAsset[]; hasMoreRecords: boolean }): string {
  const last = page.assets.at(-1);
  return serviceResponse({
    responseCode: 'SUCCESS',
    count: page.assets.length,
    hasMoreRecords: String(page.hasMoreRecords),
    lastId: last?.id,
    data: page.assets.length > 0 ? { HostAsset: page.assets } : undefined,
  });
}

export function countResponse(count: number): string {
  return serviceResponse({ responseCode: 'SUCCESS', count });
}

export function errorResponse(responseCode: string, message: string): string {
  return serviceResponse({ responseCode, responseErrorDetails: { errorMessage: message } });
}

/** The classic-API body of a 409: code 1965 (rate) or 1960 (concurrency). */
export function simpleReturn(code: number, text: string, now: Date, secondsToWait?: number): string {
  const body = {
    SIMPLE_RETURN: {
      RESPONSE: {
        DATETIME: `${now.toISOString().slice(0, 19)}Z`,
        CODE: code,
        TEXT: text,
        ITEM_LIST:
          secondsToWait === undefined
            ? undefined
            : { ITEM: { KEY: 'SECONDS_TO_WAIT', VALUE: secondsToWait } },
      },
    },
  };
  return `${XML_HEAD}\n<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">\n${builder.build(prune(body))}`;
}

/** The `singleItemListsAsObject` quirk: every list keeps only its first item. */
export function withSingleItemLists(asset: HostAsset): HostAsset {
  const first = <T>(items: T[]): T[] => items.slice(0, 1);
  const out: HostAsset = { ...asset };
  if (asset.networkInterface) {
    out.networkInterface = {
      list: { HostAssetInterface: first(asset.networkInterface.list.HostAssetInterface) },
    };
  }
  if (asset.processor)
    out.processor = { list: { HostAssetProcessor: first(asset.processor.list.HostAssetProcessor) } };
  if (asset.volume) out.volume = { list: { HostAssetVolume: first(asset.volume.list.HostAssetVolume) } };
  if (asset.software)
    out.software = { list: { HostAssetSoftware: first(asset.software.list.HostAssetSoftware) } };
  if (asset.openPort)
    out.openPort = { list: { HostAssetOpenPort: first(asset.openPort.list.HostAssetOpenPort) } };
  if (asset.tags) out.tags = { list: { TagSimple: first(asset.tags.list.TagSimple) } };
  return out;
}
