/**
 * The ETM ingest wire format (spec/etm-ingest-api.md), kept in this one module so a tenant-specific
 * variant is a small change.
 */

export type WireAsset = {
  assetHeader: { externalAssetId: string; status: 'ACTIVE' | 'INACTIVE' | 'DELETED'; [k: string]: unknown };
  assetDetail?: Record<string, unknown>;
};

export type WireFinding = {
  externalFindingId: string;
  findingStatus: 'ACTIVE' | 'FIXED' | 'REOPENED';
  [k: string]: unknown;
};

export interface EtmElement {
  readonly asset: WireAsset;
  readonly findingGroup: { readonly findings: WireFinding[] };
}

export interface PushBody {
  readonly connectorMetaData: {
    connectorUuid: string;
    requestId: string;
    source: string;
    assetCount: number;
  };
  readonly assetData: EtmElement[];
}

/** At most this many elements per push, and bodies below the 5 MB limit with room to spare. */
export const MAX_ELEMENTS = 100;
export const MAX_BODY_BYTES = 4_500_000;

/** A decoded Avro value as ETM JSON: nulls left out, objects without fields left out, arrays kept. */
export function toWire<T>(value: unknown): T {
  const strip = (v: unknown): unknown => {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v)) return v.map(strip).filter((x) => x !== undefined);
    if (typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      const s = strip(item);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  };
  return strip(value) as T;
}

export function pushBody(
  connectorUuid: string,
  requestId: string,
  elements: ReadonlyArray<EtmElement>,
): PushBody {
  return {
    connectorMetaData: { connectorUuid, requestId, source: 'Snyk', assetCount: elements.length },
    assetData: [...elements],
  };
}

/** Splits elements into pushes of at most `maxElements` and `maxBytes` of JSON each. */
export function batchesOf(
  elements: ReadonlyArray<EtmElement>,
  maxElements = MAX_ELEMENTS,
  maxBytes = MAX_BODY_BYTES,
): EtmElement[][] {
  const batches: EtmElement[][] = [];
  let current: EtmElement[] = [];
  let bytes = 0;
  for (const element of elements) {
    const size = Buffer.byteLength(JSON.stringify(element));
    if (current.length > 0 && (current.length >= maxElements || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(element);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
