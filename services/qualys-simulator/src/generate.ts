import type {
  QualysAsset,
  QualysCloudProvider,
  QualysNetworkInterface,
  QualysOpenPort,
  QualysSoftware,
  QualysTag,
  QualysVolume,
} from './asset.ts';
import {
  ARCHETYPES,
  type Archetype,
  AWS_REGIONS,
  AZURE_LOCATIONS,
  DATE_OFFSETS_MINUTES,
  type DeviceKind,
  DOMAINS,
  GCP_REGIONS,
  type HardwareSpec,
  type OsSpec,
  type SerialStyle,
  SOFTWARE,
  TAGS,
} from './catalog.ts';
import { FIRST_ASSET_ID, QualysDataset } from './dataset.ts';
import { Random } from './prng.ts';

const DAY_MS = 86_400_000;
const GIB = 1024 ** 3;

/** One concrete kind of asset: an archetype with its hardware and OS chosen. */
export interface AssetBlueprint {
  readonly archetype: Archetype;
  readonly hardware: HardwareSpec;
  readonly os: OsSpec | null;
}

/** Every (archetype, hardware, OS) variant once, so any set at least this large covers every rule row. */
export function allBlueprints(): AssetBlueprint[] {
  return ARCHETYPES.flatMap((archetype) =>
    Array.from({ length: Math.max(archetype.os.length, archetype.hardware.length) }, (_, i) => ({
      archetype,
      hardware: archetype.hardware[i % archetype.hardware.length] as HardwareSpec,
      os: archetype.os[i % archetype.os.length] ?? null,
    })),
  );
}

/** ISO date with milliseconds, in UTC (`Z`) or at a fixed offset such as `+02:00`. */
export function isoAt(ms: number, offsetMinutes = 0): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  const sign = offsetMinutes > 0 ? '+' : '-';
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Generated dates hang off the start of the current UTC day, so a seed gives the same data all day. */
function referenceTime(clock: () => Date): number {
  const now = clock().getTime();
  return now - (now % DAY_MS);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const SHORT_SERIALS = ['N/A', '0', 'None', '1234', 'ABC12', '123456'];

const OPEN_PORTS: Record<DeviceKind | 'windows', ReadonlyArray<[number, 'TCP' | 'UDP', string]>> = {
  windows: [
    [135, 'TCP', 'msrpc'],
    [445, 'TCP', 'microsoft-ds'],
    [3389, 'TCP', 'ms-wbt-server'],
    [5985, 'TCP', 'http'],
  ],
  computer: [
    [22, 'TCP', 'ssh'],
    [80, 'TCP', 'http'],
    [443, 'TCP', 'https'],
    [5432, 'TCP', 'postgresql'],
    [9092, 'TCP', 'kafka'],
  ],
  network: [
    [22, 'TCP', 'ssh'],
    [161, 'UDP', 'snmp'],
    [443, 'TCP', 'https'],
  ],
  printer: [
    [80, 'TCP', 'http'],
    [443, 'TCP', 'https'],
    [631, 'TCP', 'ipp'],
    [9100, 'TCP', 'jetdirect'],
  ],
  mobile: [],
  storage: [
    [22, 'TCP', 'ssh'],
    [443, 'TCP', 'https'],
    [445, 'TCP', 'microsoft-ds'],
    [2049, 'TCP', 'nfs'],
  ],
  unknown: [[80, 'TCP', 'http']],
};

const MAC_OUI: Record<SerialStyle, string> = {
  dell: 'f8bc12',
  hp: '3c5282',
  lenovo: '8c8caa',
  vmware: '005056',
  hyperv: '00155d',
  ec2: '0a1b2c',
  gcp: '42010a',
  apple: 'a4831e',
  cisco: '00cbcc',
  generic: '001122',
  none: '02a0b0',
};

/** Builds assets from blueprints, drawing every choice from one seeded PRNG. */
export class AssetFactory {
  readonly #rng: Random;
  readonly #referenceMs: number;
  #softwareId = 900_000_000;

  constructor(rng: Random, referenceMs: number) {
    this.#rng = rng;
    this.#referenceMs = referenceMs;
  }

  randomBlueprint(): AssetBlueprint {
    const rng = this.#rng;
    const archetype = rng.weighted(ARCHETYPES);
    return { archetype, hardware: rng.pick(archetype.hardware), os: rng.pick(archetype.os) };
  }

  /** `seq` only shapes names and addresses; it keeps them distinct within one generated set. */
  build(assetId: number, seq: number, blueprint: AssetBlueprint): QualysAsset {
    const rng = this.#rng;
    const { archetype, hardware, os } = blueprint;
    const kind = archetype.kind;
    const family = os?.family ?? 'none';
    const isWindows = family === 'windows';
    const cloud = archetype.cloud ?? null;

    const address = this.#address(archetype, seq);
    const prefix = rng.pick(archetype.namePrefix);
    const host =
      cloud === 'AWS' && prefix === 'ip-172-31'
        ? `ip-${address.replaceAll('.', '-')}`
        : isWindows
          ? `${prefix}-${pad(seq, 5)}`.toUpperCase()
          : `${prefix}-${pad(seq, 4)}`.toLowerCase();
    const domain = rng.chance(0.9) ? rng.pick(DOMAINS) : null;
    const fqdnValue = domain ? `${host.toLowerCase()}.${domain}` : null;
    const dnsName = kind === 'unknown' && rng.chance(0.5) ? null : fqdnValue;
    const assetName = this.#assetName(kind, host, dnsName, address);

    const created = this.#referenceMs - rng.int(30, 730) * DAY_MS - rng.int(0, DAY_MS - 1);
    const sensorMs = rng.chance(0.1)
      ? Math.max(created + DAY_MS, this.#referenceMs - rng.int(100, 400) * DAY_MS)
      : this.#referenceMs - rng.int(0, 14 * DAY_MS);
    const modified = Math.min(this.#referenceMs, sensorMs + rng.int(0, 3 * DAY_MS));
    const offset = () => (rng.chance(0.15) ? rng.pick(DATE_OFFSETS_MINUTES) : 0);

    const hasAgent = kind === 'computer' && family !== 'none' && rng.chance(cloud ? 0.8 : 0.7);
    const agentId = hasAgent ? rng.uuid() : null;
    const interfaces = this.#interfaces(kind, hardware, family, address, host);
    const tags = this.#tags();
    const tagScores = tags.flatMap((t) => (t.criticalityScore === null ? [] : [t.criticalityScore]));
    const processor = this.#processor(kind, hardware, os);
    const memory = archetype.memoryMb.length > 0 && rng.chance(0.95) ? rng.pick(archetype.memoryMb) : null;

    return {
      assetId,
      assetUUID: rng.uuid(),
      hostId: rng.chance(0.85) ? 140_000_000 + seq * 3 + rng.int(0, 2) : null,
      agentId,
      hwUUID: kind === 'computer' ? rng.uuid().toUpperCase() : null,
      assetType: rng.chance(0.7) ? 'HOST' : null,
      assetName,
      dnsName,
      netbiosName: isWindows ? host.slice(0, 15) : kind === 'computer' && rng.chance(0.2) ? '' : null,
      fqdn: fqdnValue && rng.chance(0.1) ? '' : fqdnValue,
      address,
      domain,
      subdomain: null,
      biosSerialNumber: this.#serial(hardware.serialStyle),
      biosAssetTag: rng.chance(0.7) ? null : rng.chance(0.5) ? '' : `AT-${pad(rng.int(0, 999_999), 6)}`,
      biosDescription:
        kind === 'computer' && hardware.manufacturer
          ? `${hardware.manufacturer} ${rng.int(1, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}, ${rng.int(1, 12)}/${rng.int(1, 28)}/${rng.int(2019, 2024)}`
          : null,
      timeZone: kind === 'computer' ? rng.pick(['+00:00', '+01:00', '+02:00', '-05:00']) : null,
      domainRole: isWindows
        ? os?.category2 === 'Server'
          ? prefix === 'DC'
            ? 'Primary Domain Controller'
            : 'Member Server'
          : 'Member Workstation'
        : null,
      lastLoggedOnUser:
        isWindows || family === 'mac'
          ? `CORP\\${rng.pick(['jdoe', 'asmith', 'svc_backup', 'mlopez'])}`
          : null,
      lastBoot: hasAgent ? isoAt(sensorMs - rng.int(1, 60) * DAY_MS) : null,
      totalMemory: memory,
      cpuCount:
        processor?.numCPUs && processor.coresPerSocket
          ? processor.numCPUs * processor.coresPerSocket * (processor.threadsPerCore ?? 1)
          : null,
      isContainerHost: family === 'linux' && rng.chance(0.1),
      riskScore: rng.chance(0.9) ? rng.int(0, 1000) : null,
      criticality: {
        score: tagScores.length > 0 ? Math.max(...tagScores) : 2,
        isDefault: tagScores.length === 0,
        lastUpdated: tagScores.length > 0 ? modified : null,
      },
      createdDate: isoAt(created, offset()),
      lastModifiedDate: isoAt(modified, offset()),
      sensorLastUpdatedDate: rng.chance(0.03) ? null : isoAt(sensorMs, offset()),
      operatingSystem: os
        ? {
            osName: os.osName,
            fullName: os.fullName,
            category: os.category2 ? `${os.category1} / ${os.category2}` : os.category1,
            category1: os.category1,
            category2: os.category2,
            productName: os.productName,
            publisher: os.publisher,
            edition: os.edition,
            marketVersion: os.marketVersion,
            version: os.version,
            architecture: os.architecture,
            release: null,
            installDate: kind === 'computer' ? isoAt(created - rng.int(1, 90) * DAY_MS) : null,
            lifecycle: null,
          }
        : null,
      hardware: {
        fullName: [hardware.manufacturer, hardware.model].filter(Boolean).join(' ') || null,
        category: `${hardware.category1} / ${hardware.category2}`,
        category1: hardware.category1,
        category2: hardware.category2,
        manufacturer: hardware.manufacturer,
        productName: hardware.model,
        model: hardware.model,
        productFamily: hardware.productFamily,
        productUrl: null,
        lifecycle: null,
      },
      processor,
      volumeListData: this.#volumes(kind, os),
      networkInterfaceListData: interfaces === null ? null : { networkInterface: interfaces },
      openPortListData: this.#openPorts(kind, isWindows, created, sensorMs),
      softwareListData: family === 'none' ? null : { software: this.#software(family, created) },
      provider: cloud,
      cloudProvider: cloud ? this.#cloud(cloud, host, address, os, interfaces, hasAgent) : null,
      tagList: tags.length === 0 && rng.chance(0.5) ? null : { tag: tags },
      agent: hasAgent
        ? {
            version: family === 'windows' ? '5.1.0.28' : family === 'mac' ? '4.9.0.16' : '6.1.0.28',
            configurationProfile: rng.pick(['Default', 'Servers - Full Scan', null]),
            activations: [
              { key: 'VM', status: 'ACTIVE' },
              { key: 'PC', status: rng.chance(0.5) ? 'ACTIVE' : 'INACTIVE' },
            ],
            connectedFrom: address,
            lastActivity: sensorMs,
            lastCheckedIn: sensorMs,
            lastInventory: sensorMs - rng.int(0, DAY_MS),
            errorStatus: rng.chance(0.05),
          }
        : null,
      sensor: {
        activatedForModules: hasAgent ? ['VM', 'PC', 'GAV'] : ['VM'],
        pendingActivationForModules: [],
        lastVMScan: rng.chance(0.8) ? sensorMs - rng.int(0, 7 * DAY_MS) : 0,
        lastComplianceScan: hasAgent && rng.chance(0.5) ? sensorMs - rng.int(0, 7 * DAY_MS) : 0,
      },
      inventory: {
        source: hasAgent ? 'CLOUD_AGENT' : cloud ? `${cloud.toUpperCase()}_CONNECTOR` : 'IP_SCANNER',
        created,
        lastUpdated: sensorMs,
      },
    };
  }

  /** A realistic change to an existing asset, as a patch for `QualysDataset.update`. */
  changeFor(asset: QualysAsset): Partial<QualysAsset> {
    const rng = this.#rng;
    switch (rng.int(0, 3)) {
      case 0: {
        const address = `10.${rng.int(40, 60)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
        const nics = asset.networkInterfaceListData?.networkInterface ?? [];
        return {
          address,
          networkInterfaceListData: {
            networkInterface: nics.map((nic, i) => (i === 0 ? { ...nic, addressIpV4: address } : nic)),
          },
        };
      }
      case 1: {
        const software = asset.softwareListData?.software ?? [];
        if (software.length === 0) return { totalMemory: rng.pick([8192, 16384, 32768, 65536]) };
        const target = rng.int(0, software.length - 1);
        return {
          softwareListData: {
            software: software.map((s, i) =>
              i === target ? { ...s, version: `${s.version ?? '1.0'}.${rng.int(1, 9)}` } : s,
            ),
          },
        };
      }
      case 2: {
        const tag = rng.pick(TAGS);
        const current = asset.tagList?.tag ?? [];
        const has = current.some((t) => t.tagId === tag.tagId);
        return {
          tagList: {
            tag: has ? current.filter((t) => t.tagId !== tag.tagId) : [...current, this.#tag(tag)],
          },
        };
      }
      default:
        return { totalMemory: rng.pick([8192, 16384, 32768, 65536]), riskScore: rng.int(0, 1000) };
    }
  }

  #assetName(kind: DeviceKind, host: string, dnsName: string | null, address: string): string {
    const rng = this.#rng;
    if (kind === 'unknown' && rng.chance(0.6)) return address;
    if (dnsName && rng.chance(0.02)) return '';
    if (dnsName && rng.chance(0.15)) return dnsName;
    return host;
  }

  #address(archetype: Archetype, seq: number): string {
    // Host parts 2–254: .1 is the gateway.
    const hi = Math.floor(seq / 253) % 256;
    const lo = (seq % 253) + 2;
    switch (archetype.cloud) {
      case 'AWS':
        return `172.31.${hi}.${lo}`;
      case 'Azure':
        return `10.1.${hi}.${lo}`;
      case 'GCP':
        return `10.128.${hi}.${lo}`;
      default:
        return `10.${(archetype.kind === 'computer' ? 20 : 2) + Math.floor(seq / (253 * 256))}.${hi}.${lo}`;
    }
  }

  #serial(style: SerialStyle): string | null {
    const rng = this.#rng;
    const roll = rng.next();
    if (roll < 0.05) return '';
    if (roll < 0.09) return rng.pick(SHORT_SERIALS);
    if (roll < 0.11) return null;
    const chars = (n: number) => Array.from({ length: n }, () => rng.pick(ALNUM.split(''))).join('');
    const bytes = (n: number) => Array.from({ length: n }, () => rng.hex(2)).join(' ');
    switch (style) {
      case 'dell':
        return chars(7);
      case 'hp':
        return `CZ${chars(8)}`;
      case 'lenovo':
        return `PF${chars(6)}`;
      case 'vmware':
        return `VMware-${bytes(8)}-${bytes(8)}`;
      case 'hyperv':
        return `0000-0002-${pad(rng.int(0, 9999), 4)}-${pad(rng.int(0, 9999), 4)}-${pad(rng.int(0, 9999), 4)}-${pad(rng.int(0, 9999), 4)}-${pad(rng.int(0, 99), 2)}`;
      case 'ec2':
        return `ec2${rng.hex(5)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
      case 'gcp':
        return `GoogleCloud-${rng.hex(32).toUpperCase()}`;
      case 'apple':
        return `C02${chars(9)}`;
      case 'cisco':
        return `FDO${pad(rng.int(0, 9999), 4)}X${chars(3)}`;
      case 'generic':
        return chars(rng.int(10, 14));
      case 'none':
        return rng.chance(0.5) ? null : '';
    }
  }

  #mac(style: SerialStyle): string {
    const rng = this.#rng;
    const hex = `${MAC_OUI[style]}${rng.hex(6)}`;
    const pairs = hex.match(/../g) as string[];
    const roll = rng.next();
    if (roll < 0.6) return pairs.join(':');
    if (roll < 0.85) return pairs.join(':').toUpperCase();
    return pairs.join('-').toUpperCase();
  }

  #interfaces(
    kind: DeviceKind,
    hardware: HardwareSpec,
    family: string,
    address: string,
    host: string,
  ): QualysNetworkInterface[] | null {
    const rng = this.#rng;
    const count =
      kind === 'computer'
        ? rng.chance(0.6)
          ? 1
          : rng.chance(0.75)
            ? 2
            : 3
        : kind === 'network'
          ? rng.int(2, 6)
          : kind === 'storage'
            ? 2
            : kind === 'unknown' && rng.chance(0.2)
              ? 0
              : 1;
    if (count === 0) return null;
    const names = (i: number): string => {
      if (kind === 'network') return `GigabitEthernet0/0/${i}`;
      if (kind === 'mobile') return 'wlan0';
      if (family === 'windows') {
        return hardware.serialStyle === 'vmware'
          ? `vmxnet3 Ethernet Adapter${i > 0 ? ` #${i + 1}` : ''}`
          : `Intel(R) Ethernet Connection (7) I219-LM${i > 0 ? ` #${i + 1}` : ''}`;
      }
      if (family === 'mac') return `en${i}`;
      return hardware.serialStyle === 'vmware' ? `ens${192 + i * 32}` : `eth${i}`;
    };
    const gateway = `${address.split('.').slice(0, 3).join('.')}.1`;
    return Array.from({ length: count }, (_, i) => {
      const ipv4 =
        i === 0 ? address : rng.chance(0.7) ? `192.168.${rng.int(0, 255)}.${rng.int(1, 254)}` : null;
      const joined = ipv4 && rng.chance(0.06) ? `${ipv4},${nextAddress(ipv4)}` : ipv4;
      return {
        interfaceName: names(i),
        macAddress: rng.chance(0.03) ? null : this.#mac(hardware.serialStyle),
        addressIpV4: joined,
        addressIpV6: rng.chance(0.3) ? `fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}` : null,
        hostname: i === 0 ? host.toLowerCase() : null,
        dnsAddress: kind === 'computer' ? '10.0.0.53' : null,
        gatewayAddress: ipv4 ? gateway : null,
        netmask: ipv4 ? '255.255.255.0' : null,
        manufacturer: hardware.manufacturer,
        macVendorIntroDate: rng.chance(0.5) ? 0 : Date.UTC(rng.int(2005, 2020), rng.int(0, 11), 1),
        addresses: null,
      };
    });
  }

  #processor(kind: DeviceKind, hardware: HardwareSpec, os: OsSpec | null): QualysAsset['processor'] {
    const rng = this.#rng;
    const spec = hardware.processor;
    if (kind === 'computer' && spec && os) {
      const sockets = rng.int(spec.sockets[0], spec.sockets[1]);
      const threads = rng.chance(0.7) ? 2 : 1;
      return {
        description: spec.description,
        speed: spec.speed,
        numCPUs: sockets,
        noOfSocket: sockets,
        threadsPerCore: threads,
        coresPerSocket: rng.int(spec.cores[0], spec.cores[1]),
        multithreadingStatus: threads === 2 ? 'Enabled' : 'Disabled',
      };
    }
    if (kind === 'unknown' || rng.chance(0.3)) return null;
    return {
      description: null,
      speed: null,
      numCPUs: null,
      noOfSocket: null,
      threadsPerCore: null,
      coresPerSocket: null,
      multithreadingStatus: null,
    };
  }

  #volumes(kind: DeviceKind, os: OsSpec | null): QualysAsset['volumeListData'] {
    const rng = this.#rng;
    if (kind !== 'computer' || !os || rng.chance(0.05)) return null;
    const names: Record<string, string[]> = {
      windows: ['C:', 'D:', 'E:'],
      linux: ['/', '/boot', '/var', '/data'],
      mac: ['/', '/System/Volumes/Data'],
      unix: ['/', '/usr', '/opt'],
      none: ['/vmfs/volumes/datastore1', '/vmfs/volumes/datastore2'],
    };
    const candidates = names[os.family] ?? ['/'];
    const count = rng.int(1, candidates.length);
    const volumes: QualysVolume[] = candidates.slice(0, count).map((name) => {
      const size = rng.pick([1, 50, 100, 250, 500, 1000, 2000]) * GIB;
      return { name, size, free: Math.floor(size * (0.05 + rng.next() * 0.85)) };
    });
    return { volume: volumes };
  }

  #openPorts(
    kind: DeviceKind,
    isWindows: boolean,
    created: number,
    seen: number,
  ): QualysAsset['openPortListData'] {
    const rng = this.#rng;
    const candidates = OPEN_PORTS[isWindows ? 'windows' : kind];
    if (candidates.length === 0 || rng.chance(0.1)) return null;
    const chosen = candidates.filter(() => rng.chance(0.6));
    const ports: QualysOpenPort[] = (chosen.length > 0 ? chosen : candidates.slice(0, 1)).map(
      ([port, protocol, service]) => ({
        port,
        protocol,
        description: null,
        detectedService: service,
        firstFound: created,
        lastUpdated: seen,
      }),
    );
    return { openPort: ports };
  }

  #software(family: keyof typeof SOFTWARE, created: number): QualysSoftware[] {
    const rng = this.#rng;
    const catalog = rng.shuffle([...SOFTWARE[family]]);
    const count = rng.int(Math.min(2, catalog.length), catalog.length);
    const items = catalog.slice(0, count).map(
      (spec): QualysSoftware => ({
        id: this.#softwareId++,
        fullName: spec.fullName,
        productName: spec.productName,
        publisher: rng.chance(0.05) ? null : spec.publisher,
        version: rng.pick(spec.versions),
        marketVersion: null,
        category1: spec.category1,
        category2: spec.category2,
        component: 'Application',
        softwareType: family === 'linux' ? 'Package' : 'Application',
        installDate: rng.chance(0.7) ? isoAt(created + rng.int(0, 30) * DAY_MS) : null,
        installPath: family === 'windows' ? `C:\\Program Files\\${spec.productName}` : null,
        lastUseDate: null,
        isIgnored: false,
        isPackage: family === 'linux',
      }),
    );
    // Real inventories list the same product twice (two install paths); the pipeline must de-duplicate.
    const duplicated = items[0];
    if (duplicated && rng.chance(0.12)) {
      items.push({ ...duplicated, id: this.#softwareId++, installPath: null });
    }
    return items;
  }

  #tag(spec: (typeof TAGS)[number]): QualysTag {
    return {
      tagId: spec.tagId,
      tagName: spec.tagName,
      criticalityScore: spec.criticalityScore,
      businessImpact: spec.businessImpact,
      foregroundColor: '#FFFFFF',
      backgroundColor: '#1175E0',
    };
  }

  #tags(): QualysTag[] {
    const rng = this.#rng;
    const count = rng.pick([0, 1, 1, 2, 2, 3]);
    return rng
      .shuffle([...TAGS])
      .slice(0, count)
      .map((t) => this.#tag(t));
  }

  #cloud(
    provider: NonNullable<QualysAsset['provider']>,
    host: string,
    address: string,
    os: OsSpec | null,
    interfaces: QualysNetworkInterface[] | null,
    hasAgent: boolean,
  ): QualysCloudProvider {
    const rng = this.#rng;
    const none = { aws: null, azure: null, gcp: null, oci: null, ibm: null, alibaba: null };
    const publicIp = rng.chance(0.3) ? `54.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : null;
    const running = rng.chance(0.85);
    if (provider === 'AWS') {
      const region = rng.pick(AWS_REGIONS);
      const privateDns = `ip-${address.replaceAll('.', '-')}.${region.code}.compute.internal`;
      return {
        ...none,
        aws: {
          ec2: {
            accountId: rng.pick(['123456789012', '210987654321']),
            availabilityZone: `${region.code}${rng.pick(['a', 'b', 'c'])}`,
            instanceId: `i-0${rng.hex(16)}`,
            instanceType: rng.pick(['t3.medium', 'm5.large', 'c6i.xlarge', 'r6g.large']),
            instanceState: running ? 'RUNNING' : 'STOPPED',
            imageId: `ami-0${rng.hex(16)}`,
            kernelId: null,
            launchdate: this.#referenceMs - rng.int(1, 300) * DAY_MS,
            privateDNS: privateDns,
            privateIpAddress: address,
            publicDNS: publicIp ? `ec2-${publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` : '',
            publicIpAddress: publicIp,
            region,
            subnetId: `subnet-0${rng.hex(16)}`,
            vpcId: `vpc-0${rng.hex(16)}`,
            spotInstance: rng.chance(0.1),
            hasAgent,
            qualysScanner: false,
            hostname: privateDns,
          },
          tags: [
            { key: 'Name', value: host },
            { key: 'env', value: rng.pick(['prod', 'staging', 'dev']) },
          ],
        },
      };
    }
    if (provider === 'Azure') {
      const windows = os?.family === 'windows';
      return {
        ...none,
        azure: {
          vm: {
            vmId: rng.uuid(),
            name: host,
            state: running ? 'RUNNING' : rng.pick(['STOPPED', 'DEALLOCATED']),
            location: rng.pick(AZURE_LOCATIONS),
            subscriptionId: rng.pick([
              '6d1b1c7e-2f0a-4c1e-9b3a-0e5f8c2d4a11',
              '0b9e4d2c-7a13-4f55-8e21-3c6d9f0a1b22',
            ]),
            resourceGroupName: rng.pick(['rg-app-prod', 'rg-data-prod', 'rg-shared']),
            size: rng.pick(['Standard_D4s_v5', 'Standard_B2ms', 'Standard_E8s_v5']),
            subnet: 'default',
            virtualNetwork: 'vnet-prod',
            imagePublisher: windows ? 'MicrosoftWindowsServer' : rng.pick(['Canonical', 'RedHat']),
            imageOffer: windows ? 'WindowsServer' : rng.pick(['0001-com-ubuntu-server-jammy', 'RHEL']),
            imageVersion: 'latest',
            platform: windows ? 'Windows' : 'Linux',
            macAddress: interfaces?.[0]?.macAddress ?? null,
          },
          tags: [{ key: 'costCenter', value: `CC-${rng.int(100, 999)}` }],
        },
      };
    }
    const region = rng.pick(GCP_REGIONS);
    return {
      ...none,
      gcp: {
        compute: {
          instanceId: `${rng.int(1, 9)}${Array.from({ length: 18 }, () => rng.int(0, 9)).join('')}`,
          name: host,
          region,
          zone: `${region}-${rng.pick(['a', 'b', 'c'])}`,
          state: running ? 'RUNNING' : 'TERMINATED',
          projectId: rng.pick(['sluice-prod-123456', 'sluice-data-654321']),
          machineType: rng.pick(['e2-standard-4', 'n2-standard-8']),
          network: 'default',
          privateIpAddress: address,
          publicIpAddress: publicIp,
        },
        labels: [{ key: 'team', value: rng.pick(['platform', 'data', 'web']) }],
      },
    };
  }
}

/** `10.0.0.5` → `10.0.0.6` (wrapping inside the /24), for the second address of a comma-joined pair. */
export function nextAddress(ip: string): string {
  const parts = ip.split('.');
  const last = Number(parts[3] ?? 0);
  parts[3] = String(last >= 254 ? 1 : last + 1);
  return parts.join('.');
}

export interface GenerateOptions {
  readonly seed: number;
  readonly assets: number;
  readonly clock?: () => Date;
}

/**
 * A deterministic dataset: the first assets walk every blueprint once (shuffled), so every
 * hardware/OS rule row is present in any set of a few dozen assets; the rest are drawn by weight.
 * Ids grow with occasional gaps, as real CSAM ids do.
 */
export function generateQualysDataset(options: GenerateOptions): QualysDataset {
  const clock = options.clock ?? (() => new Date());
  const rng = new Random(options.seed);
  const factory = new AssetFactory(rng, referenceTime(clock));
  const firstRound = rng.shuffle(allBlueprints());
  const assets: QualysAsset[] = [];
  let assetId = FIRST_ASSET_ID;
  for (let i = 0; i < options.assets; i++) {
    const blueprint = firstRound[i] ?? factory.randomBlueprint();
    assets.push(factory.build(assetId, i + 1, blueprint));
    assetId += 1 + (rng.chance(0.2) ? rng.int(1, 20) : 0);
  }
  const dataset = new QualysDataset({ clock });
  dataset.replaceAll(assets);
  return dataset;
}

export interface MutationResult {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * `changes` random changes, as a source sees between two pulls: about 65% updates, 20% new assets,
 * 15% removals, stamped with `clock` (default: the dataset's). An asset added then changed counts
 * as added; added then removed is not reported.
 */
export function mutateQualysDataset(
  dataset: QualysDataset,
  options: { changes: number; seed: number; clock?: () => Date },
): MutationResult {
  const clock = options.clock ?? (() => dataset.now());
  const rng = new Random(options.seed);
  const factory = new AssetFactory(rng, referenceTime(clock));
  const added = new Set<number>();
  const updated = new Set<number>();
  const removed = new Set<number>();
  for (let k = 0; k < options.changes; k++) {
    const roll = rng.next();
    if (dataset.size === 0 || roll < 0.2) {
      const assetId = dataset.nextAssetId();
      const now = clock().toISOString();
      const asset = factory.build(assetId, dataset.size + k + 1, factory.randomBlueprint());
      dataset.add({ ...asset, createdDate: now, lastModifiedDate: now, sensorLastUpdatedDate: now });
      added.add(assetId);
      continue;
    }
    const target = dataset.assets[rng.int(0, dataset.size - 1)] as QualysAsset;
    if (roll < 0.35) {
      dataset.remove(target.assetId);
      if (!added.delete(target.assetId)) removed.add(target.assetId);
      updated.delete(target.assetId);
    } else {
      const now = clock().toISOString();
      dataset.update(target.assetId, {
        ...factory.changeFor(target),
        lastModifiedDate: now,
        sensorLastUpdatedDate: now,
      });
      if (!added.has(target.assetId)) updated.add(target.assetId);
    }
  }
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { added: sorted(added), updated: sorted(updated), removed: sorted(removed) };
}
