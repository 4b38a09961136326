/**
 * Hand-built Qualys assets and what the CMDB must hold for them, written from
 * spec/qualys-to-cmdb-mapping.md (the default CI class rules and the IRE item fields).
 */
import type { QualysDataset } from '@sluice/qualys-simulator';

type Input = Parameters<QualysDataset['add']>[0];

const os = (o: Record<string, string | null>) => ({
  osName: null,
  fullName: null,
  category1: null,
  category2: null,
  productName: null,
  publisher: null,
  version: null,
  architecture: null,
  ...o,
});
const hw = (
  category1: string | null,
  category2: string | null,
  manufacturer: string | null = null,
  model: string | null = null,
) => ({ category1, category2, manufacturer, model });
type Nic = NonNullable<Input['networkInterfaceListData']>['networkInterface'][number];
type Software = NonNullable<Input['softwareListData']>['software'][number];
// Only the fields the mapping reads; the simulator serves the rest as absent.
const nic = (interfaceName: string, macAddress: string, addressIpV4: string) =>
  ({ interfaceName, macAddress, addressIpV4, addressIpV6: null, hostname: null }) as unknown as Nic;
const sw = (fullName: string | null, productName: string | null, publisher: string, version: string) =>
  ({ fullName, productName, publisher, version }) as unknown as Software;

/** Everything the tests rely on is spelled out; the rest stays null. */
function asset(assetId: number, fields: Input): Input {
  return {
    assetId,
    createdDate: '2025-01-02T03:04:05.678Z',
    sensorLastUpdatedDate: '2026-11-01T10:00:00+02:00',
    softwareListData: { software: [] },
    networkInterfaceListData: { networkInterface: [] },
    volumeListData: { volume: [] },
    provider: null,
    cloudProvider: null,
    ...fields,
  };
}

/** Six GAV assets across the rule tables: Linux server, Windows desktop, router, AWS VM, ESXi host, a server by OS only. */
export function gavAssets(): Input[] {
  return [
    asset(1001, {
      assetName: 'WEB-01',
      fqdn: 'web-01.corp.example',
      domain: 'corp.example',
      address: '10.0.0.5',
      biosSerialNumber: 'CZ1234567X',
      biosAssetTag: 'AT-1001',
      totalMemory: 16384,
      hardware: hw('Computers', 'Server', 'Dell Inc.', 'PowerEdge R740'),
      operatingSystem: os({
        osName: 'Linux Red Hat',
        category1: 'Linux',
        category2: 'Server',
        productName: 'Red Hat Enterprise Linux 9.3',
        publisher: 'Red Hat',
        version: '9.3',
        architecture: '64-bit',
      }),
      processor: { description: 'Intel Xeon', speed: 2400, numCPUs: 2, coresPerSocket: 8 },
      volumeListData: {
        volume: [
          { name: '/', size: 500_107_862_016, free: 1 },
          { name: '/boot', size: 10_737_418_240, free: 1 },
        ],
      },
      networkInterfaceListData: { networkInterface: [nic('eth0', '00-50-56-AA-BB-CC', '10.0.0.5,10.0.0.6')] },
      softwareListData: {
        software: [
          sw('OpenSSL 3.0', 'OpenSSL', 'OpenSSL Project', '3.0.2'),
          sw('OpenSSL 3.0', 'OpenSSL', 'OpenSSL Project', '3.0.2'),
          sw(null, 'nginx', 'F5', '1.24.0'),
        ],
      },
    }),
    asset(1002, {
      assetName: 'desk-17',
      address: '10.0.1.17',
      biosSerialNumber: 'PF3ABCDE1',
      totalMemory: 8192,
      hardware: hw('Computers', 'Desktop', 'Lenovo', 'ThinkCentre M70'),
      operatingSystem: os({
        osName: 'Windows 11',
        category1: 'Windows',
        category2: 'Client',
        productName: 'Windows 11 Pro',
        publisher: 'Microsoft',
        version: '23H2',
        architecture: '64-Bit',
      }),
      networkInterfaceListData: { networkInterface: [nic('Ethernet', '3C:52:82:00:11:22', '10.0.1.17')] },
      softwareListData: { software: [sw('Microsoft Office 365', 'Office', 'Microsoft', '16.0')] },
    }),
    asset(1003, {
      assetName: 'edge-rtr-1',
      address: '10.0.0.1',
      biosSerialNumber: 'FTX1234A0BC',
      hardware: hw('Networking Device', 'Router', 'Cisco', 'ISR 4331'),
      operatingSystem: os({
        osName: 'Cisco IOS',
        category1: 'Network Operating System',
        productName: 'Cisco IOS XE',
        publisher: 'Cisco',
        version: '17.9',
      }),
    }),
    asset(1004, {
      assetName: 'ip-10-1-2-3.ec2.internal',
      address: '10.1.2.3',
      biosSerialNumber: 'ec2a1b2c-0000-1111-2222-333344445555',
      totalMemory: 4096,
      hardware: hw('Computers', 'Virtual Machine', 'Amazon EC2', 't3.medium'),
      operatingSystem: os({
        osName: 'Linux Ubuntu',
        category1: 'Linux',
        category2: 'Server',
        productName: 'Ubuntu 22.04 LTS',
        publisher: 'Canonical',
        version: '22.04',
        architecture: '64-bit',
      }),
      provider: 'AWS',
      cloudProvider: {
        aws: {
          ec2: {
            instanceId: 'i-0abc1234def567890',
            region: { code: 'us-east-1', name: 'US East' },
            instanceState: 'RUNNING',
          },
        },
      } as Input['cloudProvider'],
    }),
    asset(1005, {
      assetName: 'esx-07',
      address: '10.0.2.7',
      biosSerialNumber: 'VMW-ESX-0007',
      hardware: hw('Computers', 'Server', 'HPE', 'ProLiant DL380'),
      operatingSystem: os({
        osName: 'VMware ESXi',
        category1: 'Linux',
        category2: 'Server',
        productName: 'VMware ESXi 8.0',
        publisher: 'VMware',
        version: '8.0',
      }),
    }),
    asset(1006, {
      assetName: 'legacy-app',
      address: '10.0.3.3',
      biosSerialNumber: 'SHORT',
      hardware: hw('Unidentified', 'Unidentified'),
      operatingSystem: os({
        osName: 'Windows Server 2019',
        category1: 'Windows',
        category2: 'Server',
        productName: 'Windows Server 2019 Standard',
        publisher: 'Microsoft',
        version: '1809',
        architecture: '64-bit',
      }),
    }),
  ];
}

/** Class, name and a few values per native key after the first run, by hand from the rule tables. */
export const EXPECTED_GAV: Record<
  string,
  { className: string; name: string; values: Record<string, string> }
> = {
  '1001': {
    className: 'cmdb_ci_linux_server',
    name: 'web-01',
    values: {
      fqdn: 'web-01.corp.example',
      dns_domain: 'corp.example',
      ip_address: '10.0.0.5',
      serial_number: 'CZ1234567X',
      asset_tag: 'AT-1001',
      os: 'Red Hat Enterprise Linux 9.3',
      os_version: '9.3',
      os_address_width: '64',
      cpu_count: '2',
      cpu_core_count: '16',
      cpu_speed: '2400',
      ram: '16384',
      disk_space: '510.8',
      install_status: '1',
      first_discovered: '2025-01-02 03:04:05',
      last_discovered: '2026-11-01 08:00:00',
    },
  },
  '1002': {
    className: 'cmdb_ci_pc_hardware',
    name: 'desk-17',
    values: { ip_address: '10.0.1.17', os: 'Windows 11 Pro', os_address_width: '64', ram: '8192' },
  },
  '1003': {
    className: 'cmdb_ci_ip_router',
    name: 'edge-rtr-1',
    values: { ip_address: '10.0.0.1', serial_number: 'FTX1234A0BC', os: 'Cisco IOS XE' },
  },
  '1004': {
    className: 'cmdb_ci_linux_server',
    name: 'ip-10-1-2-3.ec2.internal',
    values: { ip_address: '10.1.2.3', virtual: 'true', os: 'Ubuntu 22.04 LTS' },
  },
  '1005': {
    className: 'cmdb_ci_esx_server',
    name: 'esx-07',
    values: { ip_address: '10.0.2.7', os: 'VMware ESXi 8.0' },
  },
  '1006': {
    className: 'cmdb_ci_win_server',
    name: 'legacy-app',
    values: { ip_address: '10.0.3.3', os: 'Windows Server 2019 Standard' },
  },
};

/** Three assets for the QPS connection: classes come from the Asset Management rules. */
export function qpsAssets(): Input[] {
  return [
    asset(2001, {
      assetName: 'fileserver-02',
      address: '10.5.0.2',
      totalMemory: 32768,
      hardware: hw('Computers', 'Server', 'Dell Inc.', 'PowerEdge R650'),
      operatingSystem: os({
        osName: 'Windows Server 2022',
        fullName: 'Microsoft Windows Server 2022 Datacenter',
        category1: 'Windows',
        category2: 'Server',
      }),
      processor: { description: 'Intel Xeon Gold', speed: 2800, numCPUs: 1, coresPerSocket: 16 },
      volumeListData: { volume: [{ name: 'C:', size: 250_000_000_000, free: 1 }] },
    }),
    asset(2002, {
      assetName: 'api-node-3',
      address: '10.6.0.3',
      hardware: hw('Computers', 'Virtual Machine', 'Amazon EC2', 'm5.large'),
      operatingSystem: os({
        osName: 'Ubuntu',
        fullName: 'Ubuntu 22.04.4 LTS',
        category1: 'Linux',
        category2: 'Server',
      }),
      processor: { description: 'Intel Xeon Platinum', speed: 3100, numCPUs: 2, coresPerSocket: 1 },
      volumeListData: { volume: [{ name: '/', size: 100_000_000_000, free: 1 }] },
      provider: 'AWS',
      cloudProvider: {
        aws: {
          ec2: {
            instanceId: 'i-0qps000000000002',
            region: { code: 'eu-west-1', name: 'EU West' },
            instanceState: 'RUNNING',
            accountId: '123456789012',
          },
        },
      } as Input['cloudProvider'],
    }),
    asset(2003, {
      assetName: 'core-sw-1',
      address: '10.6.0.1',
      hardware: hw('Networking Device', 'Switch', 'Cisco', 'Catalyst 9300'),
      operatingSystem: os({
        osName: 'Cisco IOS',
        fullName: 'Cisco IOS 15.2',
        category1: 'Network Operating System',
      }),
      processor: null,
      volumeListData: null,
    }),
  ];
}

export const EXPECTED_QPS: Record<string, string> = {
  '2001': 'cmdb_ci_win_server',
  '2002': 'cmdb_ci_linux_server',
  '2003': 'cmdb_ci_netgear',
};
