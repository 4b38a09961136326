import { HttpClient } from '@sluice/http';
import { silentLogger } from '@sluice/logging';
import { describe, expect, it } from 'vitest';
import type { QualysAssetSource } from './asset-source.ts';
import { pullQualys } from './pull.ts';
import { CapturingWriter } from './testing.ts';

type Asset = { assetId: number; name: string };

/** A source that serves fixed pages, as a stand-in for an API that returns an asset twice. */
function pagesOf(...pages: Asset[][]): QualysAssetSource<Asset> {
  return {
    entity: 'gav-asset',
    http: new HttpClient({ name: 'qualys', baseUrl: 'http://127.0.0.1:9' }),
    count: async () => pages.flat().length,
    async *assetPages() {
      yield* pages;
    },
    idOf: (asset) => String(asset.assetId),
    close: async () => undefined,
  };
}

describe('pullQualys', () => {
  it('writes an asset seen twice in one pull once, and counts the duplicate', async () => {
    const writer = new CapturingWriter();
    const first = { assetId: 2, name: 'b' };
    const result = await pullQualys({
      api: pagesOf(
        [{ assetId: 1, name: 'a' }, first],
        [
          { assetId: 2, name: 'b again' },
          { assetId: 3, name: 'c' },
        ],
      ),
      writer,
      logger: silentLogger(),
    });

    expect(result).toEqual({
      pulled: { expected: 4, assets: 3, pages: 2, emptyPages: 0, duplicates: 1 },
      completeEntities: ['assets'],
    });
    expect(writer.records.map((r) => [r.id, r.data])).toEqual([
      ['1', { assetId: 1, name: 'a' }],
      ['2', first],
      ['3', { assetId: 3, name: 'c' }],
    ]);
    expect(writer.written).toEqual({ 'gav-asset': 3 });
    expect(writer.flushes).toBe(1);
  });

  it('reports the expected total before the first page, then after every page', async () => {
    const seen: Array<Record<string, number>> = [];
    await pullQualys({
      api: pagesOf([{ assetId: 1, name: 'a' }], []),
      writer: new CapturingWriter(),
      logger: silentLogger(),
      onProgress: (pulled) => seen.push({ ...pulled }),
    });
    expect(seen.map((p) => [p.expected, p.assets, p.pages, p.emptyPages])).toEqual([
      [1, 0, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 2, 1],
    ]);
  });
});
