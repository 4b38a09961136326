import type { AssetTypeName } from '@sluice/connections';
import { applyMap } from '@sluice/mapping';
import {
  ASSET_FUNCTIONS,
  FINDING_FUNCTIONS,
  type SnykIssueInput,
  type SnykProjectInput,
} from './functions.ts';
import {
  CODE_REPOSITORY_MAP,
  FINDING_MAP,
  GENERIC_APPLICATION_MAP,
  NON_SCA_PROJECT_TYPES,
  SCM_ORIGINS,
} from './transform-maps.ts';

/** An ETM asset document as the maps produce it (`asset.assetHeader`, `asset.assetDetail`). */
export interface EtmAssetDocument {
  readonly assetHeader: {
    readonly externalAssetId: string;
    readonly vendorAssetId?: string;
    readonly status: 'ACTIVE' | 'INACTIVE' | 'DELETED';
    readonly source: string;
    readonly assetType: AssetTypeName;
  };
  readonly assetDetail: Record<string, unknown>;
}

export type EtmFindingDocument = Record<string, unknown> & {
  readonly externalFindingId: string;
  readonly findingStatus: 'ACTIVE' | 'FIXED' | 'REOPENED';
};

export type SkipReason =
  | 'not-open-source'
  | 'asset-type-not-synced'
  | 'not-a-package-vulnerability'
  | 'project-skipped';

export type ProjectOutcome =
  | { readonly kind: 'asset'; readonly asset: EtmAssetDocument }
  | { readonly kind: 'skipped'; readonly reason: SkipReason };

/** Which map a project takes: Code Repo for SCM origins, Generic Application for every other origin. */
export function assetTypeOf(project: SnykProjectInput): AssetTypeName {
  return SCM_ORIGINS.has(String(project.attributes.origin)) ? 'CODE_REPOSITORY' : 'GENERIC_APPLICATION';
}

export function isOpenSourceProject(project: Pick<SnykProjectInput, 'attributes'>): boolean {
  return !NON_SCA_PROJECT_TYPES.has(String(project.attributes.type));
}

/** A project as an ETM asset, or the reason it is skipped. Throws a coded error when it cannot be mapped. */
export function mapProject(
  project: SnykProjectInput,
  assetTypes: ReadonlySet<AssetTypeName>,
): ProjectOutcome {
  if (!isOpenSourceProject(project)) return { kind: 'skipped', reason: 'not-open-source' };
  const assetType = assetTypeOf(project);
  if (!assetTypes.has(assetType)) return { kind: 'skipped', reason: 'asset-type-not-synced' };
  const map = assetType === 'CODE_REPOSITORY' ? CODE_REPOSITORY_MAP : GENERIC_APPLICATION_MAP;
  const doc = applyMap(map, project, ASSET_FUNCTIONS) as { asset: EtmAssetDocument };
  return { kind: 'asset', asset: doc.asset };
}

/** A Snyk issue as an ETM finding. Throws a coded error when it cannot be mapped. */
export function mapIssue(issue: SnykIssueInput): EtmFindingDocument {
  return applyMap(FINDING_MAP, issue, FINDING_FUNCTIONS) as EtmFindingDocument;
}
