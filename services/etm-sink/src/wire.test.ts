import { describe, expect, it } from 'vitest';
import { batchesOf, type EtmElement, pushBody, toWire } from './wire.ts';

const element = (id: string, findings = 0): EtmElement => ({
  asset: { assetHeader: { externalAssetId: id, status: 'ACTIVE' } },
  findingGroup: {
    findings: Array.from({ length: findings }, (_, i) => ({
      externalFindingId: `${id}-${i}`,
      findingStatus: 'ACTIVE',
      name: 'x'.repeat(200),
    })),
  },
});

describe('ETM wire format', () => {
  it('leaves out nulls and empty objects but keeps empty arrays', () => {
    expect(toWire({ a: null, b: { c: null }, d: [], e: { f: 'x', g: [null, 'y'] }, h: false })).toEqual({
      d: [],
      e: { f: 'x', g: ['y'] },
      h: false,
    });
  });

  it('writes the connector metadata', () => {
    expect(pushBody('uuid', 'req', [element('a')])).toEqual({
      connectorMetaData: { connectorUuid: 'uuid', requestId: 'req', source: 'Snyk', assetCount: 1 },
      assetData: [element('a')],
    });
  });

  it('splits at 100 elements and below the byte limit', () => {
    const many = Array.from({ length: 250 }, (_, i) => element(`a${i}`));
    expect(batchesOf(many).map((b) => b.length)).toEqual([100, 100, 50]);
    const heavy = Array.from({ length: 10 }, (_, i) => element(`h${i}`, 50));
    const size = Buffer.byteLength(JSON.stringify(heavy[0]));
    const batches = batchesOf(heavy, 100, size * 3 + 10);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flat()).toEqual(heavy);
  });
});
