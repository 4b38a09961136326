import type { Json } from './store.ts';

const ASSET_STATUSES = new Set(['ACTIVE', 'INACTIVE', 'DELETED']);
const ASSET_TYPES = new Set(['CODE_REPOSITORY', 'GENERIC_APPLICATION']);
const FINDING_STATUSES = new Set(['ACTIVE', 'FIXED', 'REOPENED']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Why ETM would reject one `assetData` element, or undefined when it is acceptable. */
export function elementProblem(
  element: unknown,
  isNew: (externalAssetId: string) => boolean,
): string | undefined {
  if (!isObject(element) || !isObject(element.asset) || !isObject(element.asset.assetHeader))
    return 'asset.assetHeader is required';
  const header = element.asset.assetHeader;
  if (!nonEmpty(header.externalAssetId)) return 'asset.assetHeader.externalAssetId is required';
  if (!ASSET_STATUSES.has(String(header.status)))
    return `asset.assetHeader.status must be one of ${[...ASSET_STATUSES].join(', ')}`;
  if (isNew(header.externalAssetId)) {
    if (!nonEmpty(header.source)) return 'asset.assetHeader.source is required for a new asset';
    if (!ASSET_TYPES.has(String(header.assetType)))
      return `asset.assetHeader.assetType must be one of ${[...ASSET_TYPES].join(', ')}`;
  }
  if (element.asset.assetDetail !== undefined && !isObject(element.asset.assetDetail))
    return 'asset.assetDetail must be an object';
  if (!isObject(element.findingGroup) || !Array.isArray(element.findingGroup.findings))
    return 'findingGroup.findings must be an array';
  for (const [i, finding] of element.findingGroup.findings.entries()) {
    if (!isObject(finding)) return `findingGroup.findings[${i}] must be an object`;
    if (!nonEmpty(finding.externalFindingId))
      return `findingGroup.findings[${i}].externalFindingId is required`;
    if (!FINDING_STATUSES.has(String(finding.findingStatus)))
      return `findingGroup.findings[${i}].findingStatus must be one of ${[...FINDING_STATUSES].join(', ')}`;
    if (
      finding.severity !== undefined &&
      !(
        Number.isInteger(finding.severity) &&
        (finding.severity as number) >= 1 &&
        (finding.severity as number) <= 5
      )
    ) {
      return `findingGroup.findings[${i}].severity must be an integer from 1 to 5`;
    }
  }
  return undefined;
}
