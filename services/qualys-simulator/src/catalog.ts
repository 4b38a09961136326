/**
 * What the generator draws from: asset archetypes that together hit every row of the default CI-class
 * rule tables (shared/spec/qualys-to-cmdb-mapping.md), with the hardware, OS and software vocabulary
 * Qualys uses. Data, not code: add a row to get a new kind of asset.
 */
import type { CloudProviderName } from './asset.ts';

export interface OsSpec {
  readonly osName: string;
  readonly fullName: string;
  readonly category1: string;
  readonly category2: string | null;
  readonly productName: string;
  readonly publisher: string;
  readonly edition: string | null;
  readonly marketVersion: string | null;
  readonly version: string;
  readonly architecture: string | null;
  readonly family: SoftwareFamily;
}

export interface HardwareSpec {
  readonly category1: string;
  readonly category2: string;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly productFamily: string | null;
  readonly serialStyle: SerialStyle;
  readonly processor: ProcessorSpec | null;
}

export interface ProcessorSpec {
  readonly description: string;
  readonly speed: number;
  readonly sockets: readonly [number, number];
  readonly cores: readonly [number, number];
}

export type SerialStyle =
  | 'dell'
  | 'hp'
  | 'lenovo'
  | 'vmware'
  | 'hyperv'
  | 'ec2'
  | 'gcp'
  | 'apple'
  | 'cisco'
  | 'generic'
  | 'none';

export type SoftwareFamily = 'windows' | 'linux' | 'mac' | 'unix' | 'none';

/** How the asset behaves on the network and which groups it carries. */
export type DeviceKind = 'computer' | 'network' | 'printer' | 'mobile' | 'storage' | 'unknown';

export interface Archetype {
  readonly key: string;
  readonly weight: number;
  readonly kind: DeviceKind;
  readonly namePrefix: readonly string[];
  readonly hardware: readonly HardwareSpec[];
  /** `null` entries are assets whose OS Qualys could not identify. */
  readonly os: ReadonlyArray<OsSpec | null>;
  readonly cloud?: CloudProviderName;
  readonly memoryMb: readonly number[];
}

const XEON: ProcessorSpec = {
  description: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz',
  speed: 2100,
  sockets: [1, 2],
  cores: [8, 20],
};
const EPYC: ProcessorSpec = {
  description: 'AMD EPYC 7543 32-Core Processor',
  speed: 2800,
  sockets: [1, 2],
  cores: [16, 32],
};
const VCPU: ProcessorSpec = {
  description: 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz',
  speed: 2500,
  sockets: [1, 1],
  cores: [2, 8],
};
const CORE_I7: ProcessorSpec = {
  description: '11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz',
  speed: 3000,
  sockets: [1, 1],
  cores: [4, 4],
};
const APPLE_M2: ProcessorSpec = {
  description: 'Apple M2 Pro',
  speed: 3490,
  sockets: [1, 1],
  cores: [10, 12],
};
const POWER9: ProcessorSpec = { description: 'PowerPC_POWER9', speed: 3800, sockets: [1, 2], cores: [8, 12] };
const SPARC: ProcessorSpec = { description: 'SPARC-M8', speed: 5000, sockets: [1, 1], cores: [32, 32] };
const ITANIUM: ProcessorSpec = {
  description: 'Intel(R) Itanium(R) Processor 9760',
  speed: 2660,
  sockets: [1, 2],
  cores: [8, 8],
};

function hw(
  category1: string,
  category2: string,
  manufacturer: string | null,
  model: string | null,
  serialStyle: SerialStyle,
  processor: ProcessorSpec | null,
  productFamily: string | null = null,
): HardwareSpec {
  return { category1, category2, manufacturer, model, productFamily, serialStyle, processor };
}

function os(
  spec: Omit<OsSpec, 'edition' | 'marketVersion' | 'architecture'> &
    Partial<Pick<OsSpec, 'edition' | 'marketVersion' | 'architecture'>>,
): OsSpec {
  return { edition: null, marketVersion: null, architecture: '64-Bit', ...spec };
}

export const OS = {
  windowsServer2019: os({
    osName: 'Microsoft Windows Server 2019 Standard 10.0.17763 64-bit N/A Build 17763',
    fullName: 'Microsoft Windows Server 2019 Standard',
    category1: 'Windows',
    category2: 'Server',
    productName: 'Windows Server 2019',
    publisher: 'Microsoft',
    edition: 'Standard',
    marketVersion: '2019',
    version: '10.0.17763',
    family: 'windows',
  }),
  windowsServer2022: os({
    osName: 'Microsoft Windows Server 2022 Datacenter 10.0.20348 64-bit N/A Build 20348',
    fullName: 'Microsoft Windows Server 2022 Datacenter',
    category1: 'Windows',
    category2: 'Server',
    productName: 'Windows Server 2022',
    publisher: 'Microsoft',
    edition: 'Datacenter',
    marketVersion: '2022',
    version: '10.0.20348',
    family: 'windows',
  }),
  windows10: os({
    osName: 'Microsoft Windows 10 Enterprise 10.0.19045 64-bit N/A Build 19045',
    fullName: 'Microsoft Windows 10 Enterprise',
    category1: 'Windows',
    category2: 'Client',
    productName: 'Windows 10',
    publisher: 'Microsoft',
    edition: 'Enterprise',
    marketVersion: '22H2',
    version: '10.0.19045',
    family: 'windows',
  }),
  windows10x86: os({
    osName: 'Microsoft Windows 10 Pro 10.0.19044 32-bit N/A Build 19044',
    fullName: 'Microsoft Windows 10 Pro',
    category1: 'Windows',
    category2: 'Client',
    productName: 'Windows 10',
    publisher: 'Microsoft',
    edition: 'Pro',
    marketVersion: '21H2',
    version: '10.0.19044',
    architecture: '32-Bit',
    family: 'windows',
  }),
  windows11: os({
    osName: 'Microsoft Windows 11 Enterprise 10.0.22631 64-bit N/A Build 22631',
    fullName: 'Microsoft Windows 11 Enterprise',
    category1: 'Windows',
    category2: 'Client',
    productName: 'Windows 11',
    publisher: 'Microsoft',
    edition: 'Enterprise',
    marketVersion: '23H2',
    version: '10.0.22631',
    family: 'windows',
  }),
  rhel: os({
    osName: 'Red Hat Enterprise Linux 8.9',
    fullName: 'Red Hat Enterprise Linux 8.9',
    category1: 'Linux',
    category2: 'Server',
    productName: 'Red Hat Enterprise Linux',
    publisher: 'Red Hat',
    edition: 'Server',
    marketVersion: '8',
    version: '8.9',
    architecture: 'x86_64',
    family: 'linux',
  }),
  ubuntu: os({
    osName: 'Ubuntu 22.04.4 LTS',
    fullName: 'Canonical Ubuntu 22.04.4 LTS',
    category1: 'Linux',
    category2: 'Server',
    productName: 'Ubuntu',
    publisher: 'Canonical',
    marketVersion: '22.04',
    version: '22.04.4',
    family: 'linux',
  }),
  debian: os({
    osName: 'Debian GNU/Linux 12.5',
    fullName: 'Debian GNU/Linux 12.5',
    category1: 'Linux',
    category2: 'Server',
    productName: 'Debian GNU/Linux',
    publisher: 'Debian',
    marketVersion: '12',
    version: '12.5',
    family: 'linux',
  }),
  centos: os({
    osName: 'CentOS Linux 7.9.2009',
    fullName: 'CentOS Linux 7.9.2009',
    category1: 'Linux',
    category2: 'Server',
    productName: 'CentOS Linux',
    publisher: 'CentOS',
    marketVersion: '7',
    version: '7.9.2009',
    family: 'linux',
  }),
  suse: os({
    osName: 'SUSE Linux Enterprise Server 15 SP5',
    fullName: 'SUSE Linux Enterprise Server 15 SP5',
    category1: 'Linux',
    category2: 'Server',
    productName: 'SUSE Linux Enterprise Server',
    publisher: 'SUSE',
    marketVersion: '15',
    version: '15.5',
    family: 'linux',
  }),
  amazonLinux: os({
    osName: 'Amazon Linux 2023.4.20240416',
    fullName: 'Amazon Linux 2023',
    category1: 'Linux',
    category2: 'Server',
    productName: 'Amazon Linux',
    publisher: 'Amazon',
    marketVersion: '2023',
    version: '2023.4.20240416',
    family: 'linux',
  }),
  aix: os({
    osName: 'AIX 7.2',
    fullName: 'IBM AIX 7.2 TL5 SP6',
    category1: 'Unix',
    category2: 'Server',
    productName: 'AIX',
    publisher: 'IBM',
    marketVersion: '7.2',
    version: '7.2.5.6',
    family: 'unix',
  }),
  solaris: os({
    osName: 'Oracle Solaris 11.4',
    fullName: 'Oracle Solaris 11.4 SRU 63',
    category1: 'Unix',
    category2: 'Server',
    productName: 'Solaris',
    publisher: 'Oracle',
    marketVersion: '11',
    version: '11.4',
    family: 'unix',
  }),
  hpux: os({
    osName: 'HP-UX 11.31',
    fullName: 'HPE HP-UX 11i v3',
    category1: 'Unix',
    category2: 'Server',
    productName: 'HP-UX',
    publisher: 'HPE',
    marketVersion: '11i v3',
    version: '11.31',
    family: 'unix',
  }),
  macos: os({
    osName: 'macOS 14.4.1',
    fullName: 'Apple macOS Sonoma 14.4.1',
    category1: 'MacOS',
    category2: 'Client',
    productName: 'macOS',
    publisher: 'Apple',
    marketVersion: 'Sonoma',
    version: '14.4.1',
    family: 'mac',
  }),
  /** Categorised as Linux on purpose: only the rule order (ESXi row first) makes it an ESX server. */
  esxi7: os({
    osName: 'VMware ESXi 7.0.3 build-21930508',
    fullName: 'VMware ESXi 7.0 Update 3',
    category1: 'Linux',
    category2: 'Server',
    productName: 'VMware ESXi',
    publisher: 'VMware',
    marketVersion: '7.0',
    version: '7.0.3',
    family: 'none',
  }),
  esxi8: os({
    osName: 'VMware ESXi 8.0.2 build-22380479',
    fullName: 'VMware ESXi 8.0 Update 2',
    category1: 'Hypervisor',
    category2: 'Server',
    productName: 'VMware ESXi',
    publisher: 'VMware',
    marketVersion: '8.0',
    version: '8.0.2',
    family: 'none',
  }),
  ciscoIosXe: os({
    osName: 'Cisco IOS XE 17.9.4a',
    fullName: 'Cisco IOS XE 17.9.4a',
    category1: 'Network Operating System',
    category2: 'Router',
    productName: 'IOS XE',
    publisher: 'Cisco',
    version: '17.9.4a',
    architecture: null,
    family: 'none',
  }),
  junos: os({
    osName: 'Juniper JUNOS 21.4R3',
    fullName: 'Juniper Junos OS 21.4R3',
    category1: 'Network Operating System',
    category2: 'Router',
    productName: 'Junos OS',
    publisher: 'Juniper Networks',
    version: '21.4R3',
    architecture: null,
    family: 'none',
  }),
  nxos: os({
    osName: 'Cisco NX-OS 9.3(10)',
    fullName: 'Cisco NX-OS 9.3(10)',
    category1: 'Network Operating System',
    category2: 'Switch',
    productName: 'NX-OS',
    publisher: 'Cisco',
    version: '9.3(10)',
    architecture: null,
    family: 'none',
  }),
  eos: os({
    osName: 'Arista EOS 4.28.3M',
    fullName: 'Arista EOS 4.28.3M',
    category1: 'Network Operating System',
    category2: 'Switch',
    productName: 'EOS',
    publisher: 'Arista Networks',
    version: '4.28.3M',
    architecture: null,
    family: 'none',
  }),
  panos: os({
    osName: 'Palo Alto Networks PAN-OS 10.2.7',
    fullName: 'Palo Alto Networks PAN-OS 10.2.7',
    category1: 'Network Operating System',
    category2: 'Firewall',
    productName: 'PAN-OS',
    publisher: 'Palo Alto Networks',
    version: '10.2.7',
    architecture: null,
    family: 'none',
  }),
  fortios: os({
    osName: 'Fortinet FortiOS 7.2.8',
    fullName: 'Fortinet FortiOS 7.2.8',
    category1: 'Network Operating System',
    category2: 'Firewall',
    productName: 'FortiOS',
    publisher: 'Fortinet',
    version: '7.2.8',
    architecture: null,
    family: 'none',
  }),
  ontap: os({
    osName: 'NetApp Release 9.13.1P6',
    fullName: 'NetApp ONTAP 9.13.1',
    category1: 'Storage Operating System',
    category2: 'NAS',
    productName: 'ONTAP',
    publisher: 'NetApp',
    version: '9.13.1',
    architecture: null,
    family: 'none',
  }),
  dsm: os({
    osName: 'Synology DSM 7.2',
    fullName: 'Synology DiskStation Manager 7.2',
    category1: 'Storage Operating System',
    category2: 'NAS',
    productName: 'DiskStation Manager',
    publisher: 'Synology',
    version: '7.2',
    architecture: null,
    family: 'none',
  }),
  ios: os({
    osName: 'iOS 17.4.1',
    fullName: 'Apple iOS 17.4.1',
    category1: 'Mobile',
    category2: 'Smartphone',
    productName: 'iOS',
    publisher: 'Apple',
    version: '17.4.1',
    family: 'none',
  }),
  android: os({
    osName: 'Android 14',
    fullName: 'Google Android 14',
    category1: 'Mobile',
    category2: 'Smartphone',
    productName: 'Android',
    publisher: 'Google',
    version: '14',
    family: 'none',
  }),
  printerFirmware: os({
    osName: 'HP FutureSmart 5.7',
    fullName: 'HP FutureSmart Firmware 5.7',
    category1: 'Embedded',
    category2: 'Printer',
    productName: 'FutureSmart',
    publisher: 'HP',
    version: '5.7',
    architecture: null,
    family: 'none',
  }),
  genericLinux: os({
    osName: 'Linux 3.x',
    fullName: 'Linux 3.x',
    category1: 'Linux',
    category2: null,
    productName: 'Linux',
    publisher: 'Linux',
    version: '3.x',
    architecture: null,
    family: 'none',
  }),
} as const;

const SERVER_HW = [
  hw('Computers', 'Server', 'Dell Inc.', 'PowerEdge R740', 'dell', XEON, 'PowerEdge'),
  hw('Computers', 'Server', 'HPE', 'ProLiant DL380 Gen10', 'hp', XEON, 'ProLiant'),
  hw('Computers', 'Server', 'Lenovo', 'ThinkSystem SR650', 'lenovo', EPYC, 'ThinkSystem'),
];
const ONPREM_VM_HW = [
  hw('Computers', 'Virtual Machine', 'VMware, Inc.', 'VMware Virtual Platform', 'vmware', VCPU),
  hw('Computers', 'Virtual Machine', 'Microsoft Corporation', 'Virtual Machine', 'hyperv', VCPU),
];

export const ARCHETYPES: readonly Archetype[] = [
  {
    key: 'server-windows',
    weight: 12,
    kind: 'computer',
    namePrefix: ['WINSRV', 'DC', 'SQL', 'FS'],
    hardware: SERVER_HW,
    os: [OS.windowsServer2019, OS.windowsServer2022],
    memoryMb: [16384, 32768, 65536, 131072],
  },
  {
    key: 'server-linux',
    weight: 14,
    kind: 'computer',
    namePrefix: ['web', 'app', 'db', 'kafka', 'k8s-node'],
    hardware: SERVER_HW,
    os: [OS.rhel, OS.ubuntu, OS.debian, OS.centos, OS.suse],
    memoryMb: [32768, 65536, 131072, 262144],
  },
  {
    key: 'vm-linux',
    weight: 10,
    kind: 'computer',
    namePrefix: ['vm-app', 'vm-web', 'vm-batch'],
    hardware: ONPREM_VM_HW,
    os: [OS.rhel, OS.ubuntu, OS.debian, OS.centos],
    memoryMb: [4096, 8192, 16384, 32768],
  },
  {
    key: 'vm-windows',
    weight: 8,
    kind: 'computer',
    namePrefix: ['VMWIN', 'VMRDS', 'VMAPP'],
    hardware: ONPREM_VM_HW,
    os: [OS.windowsServer2019, OS.windowsServer2022],
    memoryMb: [8192, 16384, 32768],
  },
  {
    key: 'cloud-aws',
    weight: 8,
    kind: 'computer',
    namePrefix: ['ip-172-31', 'ec2-api', 'ec2-worker'],
    hardware: [hw('Computers', 'Virtual Machine', 'Amazon EC2', 'm5.large', 'ec2', VCPU)],
    os: [OS.amazonLinux, OS.ubuntu, OS.windowsServer2022],
    cloud: 'AWS',
    memoryMb: [4096, 8192, 16384],
  },
  {
    key: 'cloud-azure',
    weight: 5,
    kind: 'computer',
    namePrefix: ['azvm-app', 'azvm-web'],
    hardware: [
      hw('Computers', 'Virtual Machine', 'Microsoft Corporation', 'Virtual Machine', 'hyperv', VCPU),
    ],
    os: [OS.windowsServer2022, OS.ubuntu, OS.rhel],
    cloud: 'Azure',
    memoryMb: [8192, 16384],
  },
  {
    key: 'cloud-gcp',
    weight: 4,
    kind: 'computer',
    namePrefix: ['gce-svc', 'gce-batch'],
    hardware: [hw('Computers', 'Virtual Machine', 'Google', 'Google Compute Engine', 'gcp', VCPU)],
    os: [OS.debian, OS.ubuntu, OS.centos],
    cloud: 'GCP',
    memoryMb: [4096, 8192, 16384],
  },
  {
    key: 'unix-aix',
    weight: 1,
    kind: 'computer',
    namePrefix: ['aix'],
    hardware: [hw('Computers', 'Server', 'IBM', 'Power System S922', 'generic', POWER9, 'Power Systems')],
    os: [OS.aix],
    memoryMb: [65536, 131072],
  },
  {
    key: 'unix-solaris',
    weight: 1,
    kind: 'computer',
    namePrefix: ['sol'],
    hardware: [hw('Computers', 'Server', 'Oracle', 'SPARC T8-1', 'generic', SPARC, 'SPARC')],
    os: [OS.solaris],
    memoryMb: [65536, 131072],
  },
  {
    key: 'unix-hpux',
    weight: 1,
    kind: 'computer',
    namePrefix: ['hpux'],
    hardware: [hw('Computers', 'Server', 'HPE', 'Integrity rx2800 i6', 'hp', ITANIUM, 'Integrity')],
    os: [OS.hpux],
    memoryMb: [32768, 65536],
  },
  {
    key: 'esxi',
    weight: 3,
    kind: 'computer',
    namePrefix: ['esx'],
    hardware: SERVER_HW,
    os: [OS.esxi7, OS.esxi8],
    memoryMb: [262144, 524288],
  },
  {
    key: 'desktop-windows',
    weight: 8,
    kind: 'computer',
    namePrefix: ['WKS', 'DT'],
    hardware: [
      hw('Computers', 'Desktop', 'Dell Inc.', 'OptiPlex 7090', 'dell', CORE_I7, 'OptiPlex'),
      hw('Computers', 'Desktop', 'HP', 'EliteDesk 800 G6', 'hp', CORE_I7, 'EliteDesk'),
    ],
    os: [OS.windows10, OS.windows11, OS.windows10x86],
    memoryMb: [8192, 16384, 32768],
  },
  {
    key: 'notebook-windows',
    weight: 8,
    kind: 'computer',
    namePrefix: ['LT', 'NB'],
    hardware: [
      hw('Computers', 'Notebook', 'Lenovo', 'ThinkPad T14 Gen 3', 'lenovo', CORE_I7, 'ThinkPad'),
      hw('Computers', 'Notebook', 'Dell Inc.', 'Latitude 5420', 'dell', CORE_I7, 'Latitude'),
      hw('Computers', 'Notebook', 'HP', 'EliteBook 840 G8', 'hp', CORE_I7, 'EliteBook'),
    ],
    os: [OS.windows11, OS.windows10],
    memoryMb: [16384, 32768],
  },
  {
    key: 'mac',
    weight: 4,
    kind: 'computer',
    namePrefix: ['mbp', 'imac'],
    hardware: [
      hw('Computers', 'Notebook', 'Apple', 'MacBook Pro (14-inch, 2023)', 'apple', APPLE_M2, 'MacBook Pro'),
      hw('Computers', 'Desktop', 'Apple', 'iMac (24-inch, 2023)', 'apple', APPLE_M2, 'iMac'),
    ],
    os: [OS.macos],
    memoryMb: [16384, 32768],
  },
  {
    key: 'computer-other',
    weight: 2,
    kind: 'computer',
    namePrefix: ['tc', 'kiosk'],
    hardware: [
      hw('Computers', 'Thin Client', 'HP', 't640 Thin Client', 'hp', CORE_I7),
      hw('Computers', 'Unidentified', null, null, 'generic', CORE_I7),
    ],
    os: [OS.windows10, OS.ubuntu, null],
    memoryMb: [4096, 8192],
  },
  {
    key: 'router',
    weight: 3,
    kind: 'network',
    namePrefix: ['rtr', 'edge'],
    hardware: [
      hw('Networking Device', 'Router', 'Cisco', 'ISR 4331', 'cisco', null),
      hw('Networking Device', 'Router', 'Juniper Networks', 'MX204', 'generic', null),
    ],
    os: [OS.ciscoIosXe, OS.junos],
    memoryMb: [4096, 8192],
  },
  {
    key: 'switch',
    weight: 4,
    kind: 'network',
    namePrefix: ['sw', 'core-sw', 'tor'],
    hardware: [
      hw('Networking Device', 'Switch', 'Cisco', 'Nexus 93180YC-FX', 'cisco', null),
      hw('Networking Device', 'Switch', 'Arista Networks', '7050SX3-48YC8', 'generic', null),
    ],
    os: [OS.nxos, OS.eos],
    memoryMb: [8192, 16384],
  },
  {
    key: 'netdev-unidentified',
    weight: 2,
    kind: 'network',
    namePrefix: ['netdev', 'ap'],
    hardware: [
      hw('Networking Device', 'Unidentified', null, null, 'none', null),
      hw('Networking Device', 'Unidentified', 'Ubiquiti', null, 'generic', null),
    ],
    os: [OS.ciscoIosXe, null],
    memoryMb: [],
  },
  {
    key: 'firewall',
    weight: 2,
    kind: 'network',
    namePrefix: ['fw', 'pa'],
    hardware: [
      hw('Network Security Device', 'Firewall', 'Palo Alto Networks', 'PA-3220', 'generic', null),
      hw('Network Security Device', 'Firewall', 'Fortinet', 'FortiGate 100F', 'generic', null),
    ],
    os: [OS.panos, OS.fortios],
    memoryMb: [16384],
  },
  {
    key: 'printer',
    weight: 2,
    kind: 'printer',
    namePrefix: ['prn', 'mfp'],
    hardware: [
      hw('Printers', 'Multi-Function Printer (MFP)', 'HP', 'LaserJet Enterprise MFP M528', 'hp', null),
      hw('Printers', 'Multi-Function Printer (MFP)', 'Xerox', 'VersaLink C405', 'generic', null),
    ],
    os: [OS.printerFirmware, null],
    memoryMb: [],
  },
  {
    key: 'mobile',
    weight: 2,
    kind: 'mobile',
    namePrefix: ['iphone', 'galaxy'],
    hardware: [
      hw('Mobile', 'Smartphone', 'Apple', 'iPhone 14', 'apple', null),
      hw('Mobile', 'Smartphone', 'Samsung', 'Galaxy S23', 'generic', null),
    ],
    os: [OS.ios, OS.android],
    memoryMb: [6144, 8192],
  },
  {
    key: 'nas',
    weight: 1,
    kind: 'storage',
    namePrefix: ['nas', 'filer'],
    hardware: [
      hw('Storage Device', 'NAS', 'NetApp', 'FAS2750', 'generic', null),
      hw('Storage Device', 'NAS', 'Synology', 'DS920+', 'generic', null),
    ],
    os: [OS.ontap, OS.dsm],
    memoryMb: [8192, 16384],
  },
  {
    key: 'unidentified',
    weight: 3,
    kind: 'unknown',
    namePrefix: ['host'],
    hardware: [hw('Unidentified', 'Unidentified', null, null, 'none', null)],
    os: [null, OS.genericLinux],
    memoryMb: [],
  },
];

export interface SoftwareSpec {
  readonly fullName: string;
  readonly productName: string;
  readonly publisher: string;
  readonly versions: readonly string[];
  readonly category1: string;
  readonly category2: string;
}

function sw(
  fullName: string,
  productName: string,
  publisher: string,
  versions: string[],
  category1: string,
  category2: string,
): SoftwareSpec {
  return { fullName, productName, publisher, versions, category1, category2 };
}

export const SOFTWARE: Record<Exclude<SoftwareFamily, 'none'>, readonly SoftwareSpec[]> = {
  windows: [
    sw('Microsoft Edge', 'Edge', 'Microsoft', ['123.0.2420.97', '124.0.2478.51'], 'Internet', 'Web Browser'),
    sw('Google Chrome', 'Chrome', 'Google', ['124.0.6367.61', '123.0.6312.122'], 'Internet', 'Web Browser'),
    sw(
      'Microsoft .NET Framework 4.8',
      '.NET Framework',
      'Microsoft',
      ['4.8.04084'],
      'Development',
      'Framework',
    ),
    sw('7-Zip 23.01 (x64)', '7-Zip', 'Igor Pavlov', ['23.01'], 'Utilities', 'Compression'),
    sw('Microsoft SQL Server 2019', 'SQL Server', 'Microsoft', ['15.0.4355.3'], 'Databases', 'RDBMS'),
    sw(
      'Microsoft 365 Apps for enterprise',
      'Office',
      'Microsoft',
      ['16.0.17328.20184'],
      'Office',
      'Office Suite',
    ),
    sw('Notepad++ (64-bit x64)', 'Notepad++', 'Notepad++ Team', ['8.6.5'], 'Development', 'Editor'),
    sw(
      'Qualys Cloud Security Agent',
      'Cloud Agent',
      'Qualys',
      ['5.1.0.28'],
      'Security',
      'Vulnerability Management',
    ),
    sw(
      'Microsoft Visual C++ 2015-2022 Redistributable',
      'Visual C++ Redistributable',
      'Microsoft',
      ['14.38.33135'],
      'Development',
      'Runtime',
    ),
    sw(
      'Java(TM) SE Runtime Environment 8',
      'Java Runtime Environment',
      'Oracle',
      ['8.0.4010.10'],
      'Development',
      'Runtime',
    ),
  ],
  linux: [
    sw('openssl', 'OpenSSL', 'OpenSSL Project', ['3.0.2', '1.1.1k', '3.0.7'], 'Security', 'Cryptography'),
    sw('openssh-server', 'OpenSSH', 'OpenBSD', ['8.9p1', '8.0p1'], 'Network Application', 'Remote Access'),
    sw('nginx', 'nginx', 'F5', ['1.24.0', '1.18.0'], 'Internet', 'Web Server'),
    sw(
      'postgresql15-server',
      'PostgreSQL',
      'PostgreSQL Global Development Group',
      ['15.6'],
      'Databases',
      'RDBMS',
    ),
    sw('python3', 'Python', 'Python Software Foundation', ['3.10.12', '3.9.18'], 'Development', 'Runtime'),
    sw('bash', 'Bash', 'GNU', ['5.1.16', '4.4.20'], 'Operating System', 'Shell'),
    sw('docker-ce', 'Docker Engine', 'Docker', ['26.0.1'], 'Virtualization', 'Container'),
    sw('glibc', 'GNU C Library', 'GNU', ['2.35', '2.28'], 'Operating System', 'Library'),
    sw('qualys-cloud-agent', 'Cloud Agent', 'Qualys', ['6.1.0.28'], 'Security', 'Vulnerability Management'),
  ],
  mac: [
    sw('Google Chrome', 'Chrome', 'Google', ['124.0.6367.61'], 'Internet', 'Web Browser'),
    sw('Slack', 'Slack', 'Slack Technologies', ['4.37.101'], 'Communication', 'Messaging'),
    sw('zoom.us', 'Zoom', 'Zoom Video Communications', ['5.17.11'], 'Communication', 'Conferencing'),
    sw('Microsoft Word', 'Word', 'Microsoft', ['16.84'], 'Office', 'Word Processor'),
  ],
  unix: [
    sw('openssh', 'OpenSSH', 'OpenBSD', ['9.2p1'], 'Network Application', 'Remote Access'),
    sw('perl', 'Perl', 'Perl Foundation', ['5.34.1'], 'Development', 'Runtime'),
  ],
};

export const TAGS = [
  { tagId: 10_004_001, tagName: 'Production', criticalityScore: 5, businessImpact: 'High' },
  { tagId: 10_004_002, tagName: 'Staging', criticalityScore: 3, businessImpact: 'Medium' },
  { tagId: 10_004_003, tagName: 'Development', criticalityScore: 2, businessImpact: 'Low' },
  { tagId: 10_004_004, tagName: 'Internet Facing', criticalityScore: 4, businessImpact: null },
  { tagId: 10_004_005, tagName: 'PCI', criticalityScore: 5, businessImpact: 'High' },
  { tagId: 10_004_006, tagName: 'Cloud Agent', criticalityScore: null, businessImpact: null },
  { tagId: 10_004_007, tagName: 'Datacenter East', criticalityScore: null, businessImpact: null },
  { tagId: 10_004_008, tagName: 'Datacenter West', criticalityScore: null, businessImpact: null },
] as const;

export const AWS_REGIONS = [
  { code: 'us-east-1', name: 'US East (N. Virginia)' },
  { code: 'eu-west-1', name: 'Europe (Ireland)' },
  { code: 'eu-central-1', name: 'Europe (Frankfurt)' },
] as const;
export const AZURE_LOCATIONS = ['westeurope', 'northeurope', 'eastus2'] as const;
export const GCP_REGIONS = ['europe-west1', 'us-central1', 'asia-southeast1'] as const;
export const DOMAINS = ['corp.example.com', 'dmz.example.com', 'lab.example.net'] as const;
/** Offsets some sources use instead of `Z` (the pipeline must normalise them to UTC). */
export const DATE_OFFSETS_MINUTES = [120, -300, 330] as const;
