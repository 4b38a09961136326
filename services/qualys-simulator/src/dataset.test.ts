import { describe, expect, it } from 'vitest';
import { FIRST_ASSET_ID, QualysDataset } from './dataset.ts';
import { generateQualysDataset } from './generate.ts';

function steppingClock(start: string) {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('QualysDataset', () => {
  it('adds with defaults and the next assetId, keeps id order when an id is given', () => {
    const time = steppingClock('2025-06-01T08:15:00.000Z');
    const dataset = new QualysDataset({ clock: time.clock });
    const first = dataset.add({
      assetName: 'web-01',
      hardware: { category1: 'Computers', category2: 'Server' },
    });
    expect(first.assetId).toBe(FIRST_ASSET_ID);
    expect(first).toMatchObject({
      assetName: 'web-01',
      createdDate: '2025-06-01T08:15:00.000Z',
      lastModifiedDate: '2025-06-01T08:15:00.000Z',
      sensorLastUpdatedDate: '2025-06-01T08:15:00.000Z',
      biosSerialNumber: null,
      operatingSystem: null,
    });
    expect(first.hardware).toMatchObject({ category1: 'Computers', category2: 'Server', manufacturer: null });
    expect(first.assetUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);

    const second = dataset.add({});
    expect(second.assetId).toBe(FIRST_ASSET_ID + 1);
    expect(second.assetName).toBe(`asset-${FIRST_ASSET_ID + 1}`);
    dataset.add({ assetId: 10, assetName: 'early' });
    expect(dataset.assets.map((a) => a.assetId)).toEqual([10, FIRST_ASSET_ID, FIRST_ASSET_ID + 1]);
    expect(() => dataset.add({ assetId: 10 })).toThrow(
      expect.objectContaining({ code: 'QUALYS_SIM_ASSET_EXISTS' }),
    );
  });

  it('update merges groups field by field and bumps the modification dates', () => {
    const time = steppingClock('2025-06-01T08:15:00.000Z');
    const dataset = new QualysDataset({ clock: time.clock });
    const asset = dataset.add({
      assetName: 'db-01',
      hardware: { category1: 'Computers', manufacturer: 'Dell Inc.' },
    });
    time.advance(60_000);
    const updated = dataset.update(asset.assetId, {
      hardware: { model: 'PowerEdge R740' },
      totalMemory: 65536,
    });
    expect(updated.hardware).toMatchObject({
      category1: 'Computers',
      manufacturer: 'Dell Inc.',
      model: 'PowerEdge R740',
    });
    expect(updated.totalMemory).toBe(65536);
    expect(updated.createdDate).toBe('2025-06-01T08:15:00.000Z');
    expect(updated.lastModifiedDate).toBe('2025-06-01T08:16:00.000Z');
    expect(updated.sensorLastUpdatedDate).toBe('2025-06-01T08:16:00.000Z');
    expect(dataset.get(asset.assetId)).toBe(updated);
    expect(() => dataset.update(asset.assetId, { assetId: 5 })).toThrow(
      expect.objectContaining({ code: 'QUALYS_SIM_ASSET_ID_IMMUTABLE' }),
    );
    expect(() => dataset.update(1, {})).toThrow(
      expect.objectContaining({ code: 'QUALYS_SIM_ASSET_NOT_FOUND' }),
    );
  });

  it('removes and clears', () => {
    const dataset = new QualysDataset();
    const a = dataset.add({});
    const b = dataset.add({});
    dataset.remove(a.assetId);
    expect(dataset.assets.map((x) => x.assetId)).toEqual([b.assetId]);
    expect(() => dataset.remove(a.assetId)).toThrow(
      expect.objectContaining({ code: 'QUALYS_SIM_ASSET_NOT_FOUND' }),
    );
    dataset.clear();
    expect(dataset.assets).toEqual([]);
  });
});

describe('toHostAsset (the QPS view)', () => {
  const dataset = generateQualysDataset({
    seed: 11,
    assets: 300,
    clock: () => new Date('2025-06-01T08:15:00.000Z'),
  });

  it('derives the QPS fields from the GAV record, without categories or serial', () => {
    const asset = dataset.assets.find(
      (a) =>
        a.operatingSystem?.category1 === 'Windows' &&
        a.volumeListData &&
        a.processor?.description &&
        a.hostId,
    );
    if (!asset) throw new Error('fixture: no Windows asset with volumes');
    const host = dataset.toHostAsset(asset);
    expect(host).toMatchObject({
      id: asset.assetId,
      name: asset.assetName,
      os: asset.operatingSystem?.fullName,
      address: asset.address,
      qwebHostId: asset.hostId,
      manufacturer: asset.hardware?.manufacturer,
      model: asset.hardware?.model,
      totalMemory: asset.totalMemory,
      type: 'HOST',
    });
    expect(host.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(host.created)).toBe(Math.floor(Date.parse(asset.createdDate) / 1000) * 1000);
    expect(host.volume?.list.HostAssetVolume).toEqual(
      asset.volumeListData?.volume.map((v) => ({ name: v.name, size: v.size, free: v.free })),
    );
    expect(host.processor?.list.HostAssetProcessor[0]).toEqual({
      name: asset.processor?.description,
      speed: asset.processor?.speed,
    });
    const json = JSON.stringify(host);
    expect(json).not.toContain('category1');
    expect(json).not.toContain('biosSerialNumber');
    expect(json).not.toContain('Serial');
  });

  it('lists every address of an interface as its own HostAssetInterface', () => {
    const asset = dataset.assets.find((a) =>
      a.networkInterfaceListData?.networkInterface.some((n) => n.addressIpV4?.includes(',')),
    );
    if (!asset) throw new Error('fixture: no comma-joined address');
    const nic = asset.networkInterfaceListData?.networkInterface.find((n) => n.addressIpV4?.includes(','));
    const [first, second] = (nic?.addressIpV4 ?? '').split(',');
    const entries = dataset.toHostAsset(asset).networkInterface?.list.HostAssetInterface ?? [];
    expect(entries.filter((e) => e.macAddress === nic?.macAddress).map((e) => e.address)).toEqual(
      expect.arrayContaining([first, second]),
    );
  });

  it('carries the cloud source as Ec2/Azure/Gcp AssetSourceSimple', () => {
    const aws = dataset.assets.find((a) => a.provider === 'AWS');
    const azure = dataset.assets.find((a) => a.provider === 'Azure');
    const gcp = dataset.assets.find((a) => a.provider === 'GCP');
    expect(dataset.toHostAsset(aws!).sourceInfo?.list.Ec2AssetSourceSimple).toMatchObject({
      instanceId: aws?.cloudProvider?.aws?.ec2.instanceId,
      region: aws?.cloudProvider?.aws?.ec2.region.code,
      accountId: aws?.cloudProvider?.aws?.ec2.accountId,
    });
    expect(dataset.toHostAsset(aws!).trackingMethod).toBe('INSTANCE_ID');
    expect(dataset.toHostAsset(azure!).sourceInfo?.list.AzureAssetSourceSimple).toMatchObject({
      vmId: azure?.cloudProvider?.azure?.vm.vmId,
      location: azure?.cloudProvider?.azure?.vm.location,
    });
    expect(dataset.toHostAsset(gcp!).sourceInfo?.list.GcpAssetSourceSimple).toMatchObject({
      instanceId: gcp?.cloudProvider?.gcp?.compute.instanceId,
      region: gcp?.cloudProvider?.gcp?.compute.region,
    });
  });

  it('leaves volume, processor and source info out for network devices', () => {
    const router = dataset.assets.find((a) => a.hardware?.category2 === 'Router');
    const host = dataset.toHostAsset(router!);
    expect(host.volume).toBeUndefined();
    expect(host.processor).toBeUndefined();
    expect(host.sourceInfo).toBeUndefined();
    expect(host.os).toMatch(/IOS|Junos/);
  });

  it('has software as name and version only', () => {
    const asset = dataset.assets.find((a) => (a.softwareListData?.software.length ?? 0) > 1);
    const software = dataset.toHostAsset(asset!).software?.list.HostAssetSoftware ?? [];
    expect(software.length).toBe(asset?.softwareListData?.software.length);
    for (const s of software) expect(Object.keys(s).sort()).toEqual(['name', 'version']);
  });
});
