import { describe, expect, it } from 'vitest';
import type { QualysAsset } from './asset.ts';
import { FIRST_ASSET_ID } from './dataset.ts';
import { allBlueprints, generateQualysDataset, mutateQualysDataset } from './generate.ts';

const clock = () => new Date('2025-06-01T08:15:00.000Z');
const set500 = generateQualysDataset({ seed: 7, assets: 500, clock });

function hw(a: QualysAsset): string {
  return `${a.hardware?.category1}/${a.hardware?.category2}`;
}

describe('generateQualysDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateQualysDataset({ seed: 7, assets: 500, clock });
    expect(JSON.stringify(again.assets)).toBe(JSON.stringify(set500.assets));
    const other = generateQualysDataset({ seed: 8, assets: 500, clock });
    expect(JSON.stringify(other.assets)).not.toBe(JSON.stringify(set500.assets));
  });

  it('keeps assets in increasing assetId order, starting at the first id, with gaps', () => {
    const ids = set500.assets.map((a) => a.assetId);
    expect(ids[0]).toBe(FIRST_ASSET_ID);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(500);
    expect((ids.at(-1) as number) - FIRST_ASSET_ID).toBeGreaterThan(500);
  });

  it('covers every hardware row of the CI-class rules', () => {
    const seen = new Set(set500.assets.map(hw));
    for (const row of [
      'Computers/Server',
      'Computers/Virtual Machine',
      'Computers/Desktop',
      'Computers/Notebook',
      'Networking Device/Router',
      'Networking Device/Switch',
      'Networking Device/Unidentified',
      'Network Security Device/Firewall',
      'Printers/Multi-Function Printer (MFP)',
      'Mobile/Smartphone',
      'Storage Device/NAS',
      'Unidentified/Unidentified',
    ]) {
      expect(seen, row).toContain(row);
    }
    const otherComputers = set500.assets.filter(
      (a) =>
        a.hardware?.category1 === 'Computers' &&
        !['Server', 'Virtual Machine', 'Desktop', 'Notebook'].includes(a.hardware.category2 ?? ''),
    );
    expect(otherComputers.length).toBeGreaterThan(0);
  });

  it('covers every OS row of the computer rules and the Linux/Unix variants', () => {
    const os = set500.assets.map((a) => a.operatingSystem);
    const has = (test: (o: NonNullable<QualysAsset['operatingSystem']>) => boolean) =>
      os.some((o) => o && test(o));
    expect(has((o) => o.category1 === 'Windows' && o.category2 === 'Server')).toBe(true);
    expect(
      has((o) => o.category1 === 'Windows' && o.category2 === 'Client' && o.productName === 'Windows 10'),
    ).toBe(true);
    expect(
      has((o) => o.category1 === 'Windows' && o.category2 === 'Client' && o.productName === 'Windows 11'),
    ).toBe(true);
    for (const distro of ['Red Hat', 'Ubuntu', 'Debian', 'CentOS', 'Amazon Linux']) {
      expect(
        has((o) => o.category1 === 'Linux' && (o.osName ?? '').includes(distro)),
        distro,
      ).toBe(true);
    }
    for (const unix of ['AIX', 'Solaris', 'HP-UX']) {
      expect(
        has((o) => new RegExp(unix).test(o.osName ?? '')),
        unix,
      ).toBe(true);
    }
    expect(has((o) => o.category1 === 'MacOS')).toBe(true);
    expect(has((o) => o.publisher === 'VMware' && (o.productName ?? '').includes('ESXi'))).toBe(true);
    expect(has((o) => o.category1 === 'Network Operating System')).toBe(true);
    expect(os.some((o) => o === null)).toBe(true);
  });

  it('has AWS, Azure and GCP instances with their cloud blocks', () => {
    const aws = set500.assets.find((a) => a.provider === 'AWS');
    const azure = set500.assets.find((a) => a.provider === 'Azure');
    const gcp = set500.assets.find((a) => a.provider === 'GCP');
    expect(aws?.cloudProvider?.aws?.ec2).toMatchObject({
      instanceId: expect.stringMatching(/^i-0[0-9a-f]{16}$/),
      region: { code: expect.any(String), name: expect.any(String) },
      instanceState: expect.stringMatching(/RUNNING|STOPPED/),
      accountId: expect.stringMatching(/^\d{12}$/),
    });
    expect(aws?.cloudProvider?.azure).toBeNull();
    expect(azure?.cloudProvider?.azure?.vm).toMatchObject({
      vmId: expect.any(String),
      location: expect.any(String),
      state: expect.any(String),
    });
    expect(gcp?.cloudProvider?.gcp?.compute).toMatchObject({
      instanceId: expect.stringMatching(/^\d{19}$/),
      region: expect.any(String),
      state: expect.any(String),
    });
    expect(set500.assets.filter((a) => a.provider === null).every((a) => a.cloudProvider === null)).toBe(
      true,
    );
  });

  it('produces the messy shapes real data has', () => {
    const nics = set500.assets.flatMap((a) => a.networkInterfaceListData?.networkInterface ?? []);
    expect(nics.some((n) => n.addressIpV4?.includes(','))).toBe(true);
    expect(nics.some((n) => n.macAddress?.includes('-'))).toBe(true);
    expect(nics.some((n) => n.macAddress && /[A-F]/.test(n.macAddress) && n.macAddress.includes(':'))).toBe(
      true,
    );
    expect(nics.some((n) => n.macAddress && /^[0-9a-f:]+$/.test(n.macAddress))).toBe(true);
    expect(set500.assets.some((a) => (a.networkInterfaceListData?.networkInterface.length ?? 0) >= 3)).toBe(
      true,
    );

    const serials = set500.assets.map((a) => a.biosSerialNumber);
    expect(serials).toContain('');
    expect(serials.some((s) => s !== null && s.length > 0 && s.length < 7)).toBe(true);
    expect(serials.some((s) => s !== null && s.length >= 7)).toBe(true);

    const withDuplicates = set500.assets.filter((a) => {
      const keys = (a.softwareListData?.software ?? []).map(
        (s) => `${s.fullName}|${s.publisher}|${s.version}`,
      );
      return new Set(keys).size < keys.length;
    });
    expect(withDuplicates.length).toBeGreaterThan(0);

    expect(set500.assets.some((a) => /[+-]\d\d:\d\d$/.test(a.createdDate))).toBe(true);
    expect(set500.assets.every((a) => !Number.isNaN(Date.parse(a.lastModifiedDate)))).toBe(true);
    expect(set500.assets.some((a) => a.fqdn === '')).toBe(true);
    expect(set500.assets.some((a) => a.sensorLastUpdatedDate === null)).toBe(true);
    expect(set500.assets.some((a) => (a.volumeListData?.volume.length ?? 0) > 1)).toBe(true);
    expect(set500.assets.some((a) => a.processor?.numCPUs && a.processor.coresPerSocket)).toBe(true);
    expect(set500.assets.some((a) => a.operatingSystem?.architecture === '32-Bit')).toBe(true);
  });

  it('never dates anything after the clock', () => {
    const now = clock().getTime();
    for (const a of set500.assets) {
      expect(Date.parse(a.createdDate)).toBeLessThanOrEqual(now);
      expect(Date.parse(a.lastModifiedDate)).toBeLessThanOrEqual(now);
    }
  });

  it('walks every blueprint within the first assets', () => {
    const small = generateQualysDataset({ seed: 3, assets: allBlueprints().length, clock });
    expect(new Set(small.assets.map(hw)).size).toBe(
      new Set(allBlueprints().map((b) => `${b.hardware.category1}/${b.hardware.category2}`)).size,
    );
  });

  it('generates the benchmark size of 20 000 assets', () => {
    const big = generateQualysDataset({ seed: 1, assets: 20_000, clock });
    expect(big.size).toBe(20_000);
  });
});

describe('mutateQualysDataset', () => {
  it('adds, updates and removes deterministically and reports what it did', () => {
    const a = generateQualysDataset({ seed: 2, assets: 100, clock });
    const b = generateQualysDataset({ seed: 2, assets: 100, clock });
    const later = () => new Date('2025-06-02T00:00:00.000Z');
    const resultA = mutateQualysDataset(a, { changes: 30, seed: 5, clock: later });
    const resultB = mutateQualysDataset(b, { changes: 30, seed: 5, clock: later });
    expect(resultA).toEqual(resultB);
    expect(resultA.added.length).toBeGreaterThan(0);
    expect(resultA.updated.length).toBeGreaterThan(0);
    expect(resultA.removed.length).toBeGreaterThan(0);
    expect(a.size).toBe(100 + resultA.added.length - resultA.removed.length);
    for (const id of resultA.removed) expect(a.get(id)).toBeUndefined();
    for (const id of [...resultA.added, ...resultA.updated]) {
      expect(a.get(id)?.lastModifiedDate).toBe('2025-06-02T00:00:00.000Z');
    }
  });
});
