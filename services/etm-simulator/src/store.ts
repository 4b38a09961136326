/** What the simulated ETM holds: assets per connector, findings per asset, upserted by their ids. */

export type Json = Record<string, unknown>;

export interface StoredAsset {
  asset: Json & { assetHeader: Json & { externalAssetId: string } };
  findings: Map<string, Json & { externalFindingId: string }>;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields present replace stored ones; nested objects merge the same way; arrays are replaced whole. */
export function upsert(stored: Json | undefined, incoming: Json): Json {
  if (!stored) return structuredClone(incoming);
  const out: Json = { ...stored };
  for (const [k, v] of Object.entries(incoming)) {
    out[k] = isObject(v) && isObject(out[k]) ? upsert(out[k] as Json, v) : structuredClone(v);
  }
  return out;
}

export class EtmStore {
  readonly #connectors = new Map<string, Map<string, StoredAsset>>();

  assets(connectorUuid: string): Map<string, StoredAsset> {
    let assets = this.#connectors.get(connectorUuid);
    if (!assets) {
      assets = new Map();
      this.#connectors.set(connectorUuid, assets);
    }
    return assets;
  }

  apply(
    connectorUuid: string,
    element: {
      asset: StoredAsset['asset'];
      findingGroup: { findings: Array<Json & { externalFindingId: string }> };
    },
  ): void {
    const assets = this.assets(connectorUuid);
    const id = element.asset.assetHeader.externalAssetId;
    const current = assets.get(id);
    const stored: StoredAsset = current ?? { asset: element.asset, findings: new Map() };
    stored.asset = upsert(current?.asset, element.asset) as StoredAsset['asset'];
    for (const finding of element.findingGroup.findings) {
      stored.findings.set(
        finding.externalFindingId,
        upsert(stored.findings.get(finding.externalFindingId), finding) as Json & {
          externalFindingId: string;
        },
      );
    }
    assets.set(id, stored);
  }

  /** The inventory read-back: every stored asset of a source, with its findings, sorted by id. */
  inventory(filter: { source?: string; connectorUuid?: string }): Array<{ asset: Json; findings: Json[] }> {
    const out: Array<{ asset: Json; findings: Json[] }> = [];
    for (const [uuid, assets] of this.#connectors) {
      if (filter.connectorUuid && uuid !== filter.connectorUuid) continue;
      for (const stored of assets.values()) {
        if (filter.source && stored.asset.assetHeader.source !== filter.source) continue;
        const findings = [...stored.findings.values()].sort((a, b) =>
          a.externalFindingId.localeCompare(b.externalFindingId),
        );
        out.push({ asset: structuredClone(stored.asset), findings: structuredClone(findings) });
      }
    }
    return out.sort((a, b) =>
      String((a.asset.assetHeader as Json).externalAssetId).localeCompare(
        String((b.asset.assetHeader as Json).externalAssetId),
      ),
    );
  }

  clear(): void {
    this.#connectors.clear();
  }
}
