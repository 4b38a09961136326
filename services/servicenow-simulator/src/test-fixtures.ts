/** Payload builders shaped like the loader's (`shared/spec/qualys-to-cmdb-mapping.md`), for the tests. */

export interface AssetShape {
  readonly nativeKey?: string;
  readonly className?: string;
  readonly name?: string;
  readonly serial?: string;
  readonly mac?: string;
  readonly values?: Readonly<Record<string, string>>;
  readonly software?: ReadonlyArray<{ display_name: string; version: string; publisher: string }>;
  readonly recency?: string;
  readonly internalId?: string;
  readonly settings?: Readonly<Record<string, boolean>>;
}

export function serverItem(asset: AssetShape): Record<string, unknown> {
  const values: Record<string, string> = { ...asset.values };
  if (asset.name) values.name = asset.name;
  if (asset.serial) values.serial_number = asset.serial;
  const lookup: unknown[] = [];
  if (asset.serial) {
    lookup.push({
      className: 'cmdb_serial_number',
      values: { serial_number: asset.serial, serial_number_type: 'bios', valid: 'true' },
    });
  }
  if (asset.mac) {
    lookup.push({
      className: 'cmdb_ci_network_adapter',
      values: { name: 'eth0', mac_address: asset.mac, ip_address: '10.0.0.1' },
    });
  }
  return {
    className: asset.className ?? 'cmdb_ci_linux_server',
    ...(asset.internalId ? { internal_id: asset.internalId } : {}),
    values,
    lookup,
    related: (asset.software ?? []).map((s) => ({ className: 'cmdb_sam_sw_install', values: { ...s } })),
    ...(asset.settings ? { settings: asset.settings } : {}),
    ...(asset.nativeKey
      ? {
          sys_object_source_info: {
            source_name: 'SG-Qualys',
            source_feed: 'Qualys GAV',
            source_native_key: asset.nativeKey,
            source_recency_timestamp: asset.recency ?? '2025-06-01 08:15:00',
          },
        }
      : {}),
  };
}

export function vmItem(instanceId: string, internalId = `vm-${instanceId}`): Record<string, unknown> {
  return {
    className: 'cmdb_ci_vm_instance',
    internal_id: internalId,
    values: { name: instanceId, object_id: instanceId, vm_inst_id: instanceId, state: 'on' },
  };
}

export function datacenterItem(region: string, internalId = `dc-${region}`): Record<string, unknown> {
  return {
    className: 'cmdb_ci_aws_datacenter',
    internal_id: internalId,
    values: { name: region, object_id: region, region },
  };
}

/** A cloud asset the way the loader sends it: server, VM, datacenter and the two relations. */
export function cloudAsset(
  asset: AssetShape & { nativeKey: string },
  instanceId: string,
  region: string,
): { items: Record<string, unknown>[]; relations: Record<string, unknown>[] } {
  const serverId = `q-${asset.nativeKey}`;
  const vmId = `vm-${asset.nativeKey}`;
  const dcId = `dc-${asset.nativeKey}`;
  return {
    items: [
      serverItem({ ...asset, internalId: serverId }),
      vmItem(instanceId, vmId),
      datacenterItem(region, dcId),
    ],
    relations: [
      { parent_id: vmId, child_id: serverId, type: 'Virtualized by::Virtualizes' },
      { parent_id: vmId, child_id: dcId, type: 'Hosted on::Hosts' },
    ],
  };
}

export function combine(
  ...parts: Array<{ items: Record<string, unknown>[]; relations: Record<string, unknown>[] }>
): { items: Record<string, unknown>[]; relations: Record<string, unknown>[] } {
  return { items: parts.flatMap((p) => p.items), relations: parts.flatMap((p) => p.relations) };
}
