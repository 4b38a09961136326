import type { HostAsset, HostAssetInterface, HostAssetSourceSimples, QualysAsset } from './asset.ts';

/** QPS writes UTC timestamps without fractions: `2025-06-01T06:15:00Z`. */
export function qpsDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

function isPrivate(ip: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|fe80:|127\.)/i.test(ip);
}

/** QPS lists every address of an interface as its own entry, so one NIC can appear several times. */
function interfacesOf(asset: QualysAsset): HostAssetInterface[] {
  const out: HostAssetInterface[] = [];
  for (const nic of asset.networkInterfaceListData?.networkInterface ?? []) {
    const addresses = [
      ...(nic.addressIpV4 ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      ...(present(nic.addressIpV6) ? [nic.addressIpV6 as string] : []),
    ];
    const base = {
      interfaceName: present(nic.interfaceName),
      macAddress: present(nic.macAddress),
      hostname: present(nic.hostname),
      gatewayAddress: present(nic.gatewayAddress),
    };
    if (addresses.length === 0) out.push({ ...base, type: 'LOCAL' });
    for (const address of addresses) {
      out.push({ ...base, address, type: isPrivate(address) ? 'PRIVATE' : 'PUBLIC' });
    }
  }
  return out;
}

function sourceInfoOf(asset: QualysAsset): HostAssetSourceSimples | undefined {
  const cloud = asset.cloudProvider;
  if (cloud?.aws) {
    const ec2 = cloud.aws.ec2;
    return {
      Ec2AssetSourceSimple: {
        instanceId: ec2.instanceId,
        region: ec2.region.code,
        accountId: ec2.accountId,
        availabilityZone: present(ec2.availabilityZone),
        instanceType: present(ec2.instanceType),
        instanceState: ec2.instanceState,
        privateIpAddress: present(ec2.privateIpAddress),
      },
    };
  }
  if (cloud?.azure) {
    const vm = cloud.azure.vm;
    return {
      AzureAssetSourceSimple: {
        vmId: vm.vmId,
        location: vm.location,
        subscriptionId: vm.subscriptionId,
        state: vm.state,
      },
    };
  }
  if (cloud?.gcp) {
    const compute = cloud.gcp.compute;
    return {
      GcpAssetSourceSimple: {
        instanceId: compute.instanceId,
        region: compute.region,
        projectId: present(compute.projectId),
        state: compute.state,
      },
    };
  }
  return undefined;
}

export function trackingMethodOf(asset: QualysAsset): HostAsset['trackingMethod'] {
  if (asset.cloudProvider) return 'INSTANCE_ID';
  if (asset.agentId) return 'QAGENT';
  if (present(asset.dnsName)) return 'DNSNAME';
  if (present(asset.netbiosName)) return 'NETBIOS';
  return present(asset.address) ? 'IP' : 'NONE';
}

function listOf<K extends string, T>(key: K, items: T[]): { list: Record<K, T[]> } | undefined {
  return items.length === 0 ? undefined : { list: { [key]: items } as Record<K, T[]> };
}

/**
 * The QPS HostAsset derived from a GAV record: no hardware/OS categories and no serial number (the
 * QPS API has none), `os` is a single string, one processor entry per socket.
 */
export function toHostAsset(asset: QualysAsset): HostAsset {
  const processor = asset.processor;
  const processors =
    processor && (present(processor.description) || processor.speed !== null)
      ? Array.from(
          { length: Math.min(8, Math.max(1, processor.noOfSocket ?? processor.numCPUs ?? 1)) },
          () => ({
            name: processor.description ?? 'Unknown processor',
            ...(processor.speed === null ? {} : { speed: processor.speed }),
          }),
        )
      : [];
  const software = (asset.softwareListData?.software ?? []).flatMap((s) => {
    const name = present(s.fullName) ?? present(s.productName);
    return name ? [{ name, ...(present(s.version) ? { version: s.version as string } : {}) }] : [];
  });
  const agent = asset.agent;
  const sourceInfo = sourceInfoOf(asset);
  return {
    id: asset.assetId,
    name: asset.assetName,
    created: qpsDate(asset.createdDate),
    modified: qpsDate(asset.lastModifiedDate),
    type: 'HOST',
    qwebHostId: asset.hostId ?? undefined,
    fqdn: present(asset.fqdn),
    dnsHostName: present(asset.dnsName),
    netbiosName: present(asset.netbiosName),
    os: present(asset.operatingSystem?.fullName) ?? present(asset.operatingSystem?.osName),
    address: present(asset.address),
    trackingMethod: trackingMethodOf(asset),
    manufacturer: present(asset.hardware?.manufacturer),
    model: present(asset.hardware?.model),
    totalMemory: asset.totalMemory ?? undefined,
    timezone: present(asset.timeZone),
    biosDescription: present(asset.biosDescription),
    lastSystemBoot: asset.lastBoot ? qpsDate(asset.lastBoot) : undefined,
    lastLoggedOnUser: present(asset.lastLoggedOnUser),
    isDockerHost: asset.isContainerHost,
    agentInfo:
      agent && asset.agentId
        ? {
            agentId: asset.agentId,
            agentVersion: agent.version,
            status: 'STATUS_ACTIVE',
            lastCheckedIn: qpsDate(new Date(agent.lastCheckedIn).toISOString()),
          }
        : undefined,
    networkInterface: listOf('HostAssetInterface', interfacesOf(asset)),
    processor: listOf('HostAssetProcessor', processors),
    volume: listOf(
      'HostAssetVolume',
      (asset.volumeListData?.volume ?? []).map((v) => ({ name: v.name, size: v.size, free: v.free })),
    ),
    software: listOf('HostAssetSoftware', software),
    openPort: listOf(
      'HostAssetOpenPort',
      (asset.openPortListData?.openPort ?? []).map((p) => ({
        port: p.port,
        protocol: p.protocol,
        ...(present(p.detectedService) ? { serviceName: p.detectedService as string } : {}),
      })),
    ),
    sourceInfo: sourceInfo ? { list: sourceInfo } : undefined,
    tags: listOf(
      'TagSimple',
      (asset.tagList?.tag ?? []).map((t) => ({ id: t.tagId, name: t.tagName })),
    ),
  };
}
