import type { Logger } from '@sluice/logging';
import { type RawWriter, TOPICS } from '@sluice/pipeline';
import type { QualysAssetSource } from './asset-source.ts';

export interface QualysPullOptions {
  /** The connection's asset API: Global AssetView (`GavApi`) or Asset Management and Tagging (`QpsApi`). */
  readonly api: QualysAssetSource;
  readonly writer: RawWriter;
  readonly logger: Logger;
  readonly onProgress?: (pulled: Readonly<Record<string, number>>) => void;
}

/** What a pull counts: `expected` is the API's own count at the start, the yardstick for progress. */
export type QualysPullCounts = {
  expected: number;
  assets: number;
  pages: number;
  emptyPages: number;
  duplicates: number;
};

export interface QualysPullResult {
  readonly pulled: QualysPullCounts;
  /** Entity lists read to their end, so a sink may retire what they no longer hold. */
  readonly completeEntities: string[];
}

/**
 * One full pull of a Qualys connection: every asset, page by page, to `qualys.raw.assets` as received.
 * An asset the API returns twice in one pull is written once. Returning at all means the list was read
 * to its end; any failure throws.
 */
export async function pullQualys(options: QualysPullOptions): Promise<QualysPullResult> {
  const { api, writer, logger } = options;
  const pulled: QualysPullCounts = { expected: 0, assets: 0, pages: 0, emptyPages: 0, duplicates: 0 };
  const progress = () => options.onProgress?.(pulled);
  pulled.expected = await api.count();
  progress();
  const seen = new Set<string>();
  for await (const page of api.assetPages()) {
    pulled.pages++;
    if (page.length === 0) pulled.emptyPages++;
    for (const asset of page) {
      const id = api.idOf(asset);
      if (seen.has(id)) {
        pulled.duplicates++;
        continue;
      }
      seen.add(id);
      await writer.write(TOPICS.qualysAssets, api.entity, id, asset);
      pulled.assets++;
    }
    progress();
  }
  await writer.flush();
  if (pulled.duplicates > 0)
    logger.warn({ duplicates: pulled.duplicates }, 'Qualys returned some assets twice: each written once');
  return { pulled, completeEntities: ['assets'] };
}
