/**
 * The IRE items of the spec's "IRE payload" section, field by field, with the expected CIs written by
 * hand from spec/qualys-to-cmdb-mapping.md.
 */
import type { CmdbCi } from '@sluice/pipeline';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CI_CLASS_RULES_PATH, loadCiClassRules } from './ci-rules.ts';
import { mapQualysAsset, type QualysMappingContext } from './ire-mapper.ts';
import type { GavAsset, HostAsset } from './qualys-types.ts';

const context: QualysMappingContext = {
  connectionName: 'Production',
  dataSource: 'SG-Qualys',
  includeSoftware: true,
  rules: loadCiClassRules(DEFAULT_CI_CLASS_RULES_PATH),
};

/** A Linux server as GAV serves it, with the quirks real records have. */
function gavServer(overrides: Partial<Record<keyof GavAsset, unknown>> = {}): GavAsset {
  return {
    assetId: 58812345,
    assetUUID: '0b6a1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    hostId: 140000101,
    assetName: 'Web-01',
    dnsName: 'web-01.corp.example.com',
    netbiosName: null,
    fqdn: 'Web-01.Corp.Example.com',
    address: '10.20.0.15',
    domain: 'corp.example.com',
    subdomain: null,
    biosSerialNumber: '7XK2P9Q',
    biosAssetTag: 'AT-004211',
    totalMemory: 65536,
    cpuCount: 64,
    createdDate: '2024-03-05T12:00:00.000+02:00',
    lastModifiedDate: '2025-06-02T01:00:00.000Z',
    sensorLastUpdatedDate: '2025-06-01T08:15:42.873Z',
    operatingSystem: {
      osName: 'Red Hat Enterprise Linux 8.9',
      fullName: 'Red Hat Enterprise Linux 8.9',
      category1: 'Linux',
      category2: 'Server',
      productName: 'Red Hat Enterprise Linux',
      publisher: 'Red Hat',
      version: '8.9',
      architecture: '64-Bit',
    },
    hardware: {
      category1: 'Computers',
      category2: 'Server',
      manufacturer: 'Dell Inc.',
      model: 'PowerEdge R740',
    },
    processor: {
      description: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz',
      speed: 2100,
      numCPUs: 2,
      noOfSocket: 2,
      threadsPerCore: 2,
      coresPerSocket: 16,
    },
    volumeListData: {
      volume: [
        { name: '/', size: 53687091200, free: 20000000000 },
        { name: '/var', size: 107374182400, free: 90000000000 },
        { name: '/data', size: 536870912000, free: 100000000000 },
      ],
    },
    networkInterfaceListData: {
      networkInterface: [
        { interfaceName: 'eth0', macAddress: 'F8-BC-12-AB-CD-EF', addressIpV4: '10.20.0.15,10.20.0.16' },
        { interfaceName: 'eth1', macAddress: 'F8:BC:12:11:22:33', addressIpV4: null, addressIpV6: 'fe80::1' },
        { interfaceName: 'eth2', macAddress: null, addressIpV4: '192.168.7.9' },
      ],
    },
    softwareListData: {
      software: [
        { fullName: 'openssl', productName: 'OpenSSL', publisher: 'OpenSSL Project', version: '3.0.2' },
        { fullName: 'nginx', productName: 'nginx', publisher: 'F5', version: '1.24.0' },
        { fullName: 'openssl', productName: 'OpenSSL', publisher: 'OpenSSL Project', version: '3.0.2' },
        { fullName: 'openssl', productName: 'OpenSSL', publisher: 'OpenSSL Project', version: '1.1.1k' },
        { fullName: null, productName: 'Bash', publisher: 'GNU', version: '5.1.16' },
        { fullName: 'python3', productName: 'Python', publisher: null, version: '3.10.12' },
        { fullName: '', productName: null, publisher: 'Nobody', version: '1' },
      ],
    },
    provider: null,
    cloudProvider: null,
    ...overrides,
  } as GavAsset;
}

/** A Windows server as QPS serves it, parsed from XML: every leaf a string. */
function qpsServer(overrides: Partial<Record<keyof HostAsset, unknown>> = {}): HostAsset {
  return {
    id: '58812346',
    name: 'WINSRV-00002',
    created: '2024-01-10T09:30:00Z',
    modified: '2025-06-02T07:45:10Z',
    type: 'HOST',
    qwebHostId: '140000006',
    fqdn: 'winsrv-00002.corp.example.com',
    dnsHostName: 'winsrv-00002.corp.example.com',
    netbiosName: 'WINSRV-00002',
    os: 'Microsoft Windows Server 2022 Datacenter',
    address: '10.20.0.17',
    trackingMethod: 'QAGENT',
    manufacturer: 'HPE',
    model: 'ProLiant DL380 Gen10',
    totalMemory: '32768',
    isDockerHost: 'false',
    networkInterface: {
      list: {
        HostAssetInterface: [
          {
            interfaceName: 'Intel(R) Ethernet Connection (7) I219-LM',
            macAddress: '3C:52:82:AA:BB:CC',
            address: '10.20.0.17',
            type: 'PRIVATE',
          },
          {
            interfaceName: 'Intel(R) Ethernet Connection (7) I219-LM',
            macAddress: '3C:52:82:AA:BB:CC',
            address: 'fe80::1:2:3:4',
            type: 'PRIVATE',
          },
          {
            interfaceName: 'Intel(R) Ethernet Connection (7) I219-LM #2',
            macAddress: '3c-52-82-dd-ee-ff',
            address: '192.168.4.20',
            type: 'PRIVATE',
          },
          { interfaceName: 'Loopback', type: 'LOCAL' },
        ],
      },
    },
    processor: {
      list: {
        HostAssetProcessor: [
          { name: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz', speed: '2100' },
          { name: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz', speed: '2100' },
        ],
      },
    },
    volume: {
      list: {
        HostAssetVolume: [
          { name: 'C:', size: '107374182400', free: '50000000000' },
          { name: 'D:', size: '268435456000', free: '100000000000' },
        ],
      },
    },
    software: {
      list: {
        HostAssetSoftware: [
          { name: 'Microsoft Edge', version: '124.0.2478.51' },
          { name: 'Microsoft Edge', version: '124.0.2478.51' },
          { name: '7-Zip 23.01 (x64)', version: '23.01' },
          { name: 'Notepad++ (64-bit x64)' },
        ],
      },
    },
    tags: { list: { TagSimple: { id: '10004001', name: 'Production' } } },
    ...overrides,
  } as HostAsset;
}

describe('GAV asset → IRE items', () => {
  it('maps every field of a full server asset', () => {
    const expected: CmdbCi = {
      api: 'GAV',
      className: 'cmdb_ci_linux_server',
      matchedRule: 'hardware#1>computer#4',
      items: [
        {
          className: 'cmdb_ci_linux_server',
          internalId: 'ci-58812345',
          values: {
            name: 'web-01',
            fqdn: 'Web-01.Corp.Example.com',
            dns_domain: 'corp.example.com',
            ip_address: '10.20.0.15',
            serial_number: '7XK2P9Q',
            asset_tag: 'AT-004211',
            manufacturer: 'Dell Inc.',
            model_number: 'PowerEdge R740',
            os: 'Red Hat Enterprise Linux',
            os_version: '8.9',
            os_address_width: '64',
            cpu_count: '2',
            cpu_core_count: '32',
            cpu_speed: '2100',
            ram: '65536',
            disk_space: '697.9',
            first_discovered: '2024-03-05 10:00:00',
            last_discovered: '2025-06-01 08:15:42',
            install_status: '1',
          },
          lookup: [
            {
              className: 'cmdb_serial_number',
              values: { serial_number: '7XK2P9Q', serial_number_type: 'bios', valid: 'true' },
            },
            {
              className: 'cmdb_ci_network_adapter',
              values: { name: 'eth0', mac_address: 'f8:bc:12:ab:cd:ef', ip_address: '10.20.0.15' },
            },
            {
              className: 'cmdb_ci_network_adapter',
              values: { name: 'eth1', mac_address: 'f8:bc:12:11:22:33' },
            },
          ],
          related: [
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: 'openssl', publisher: 'OpenSSL Project', version: '3.0.2' },
            },
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: 'nginx', publisher: 'F5', version: '1.24.0' },
            },
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: 'openssl', publisher: 'OpenSSL Project', version: '1.1.1k' },
            },
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: 'Bash', publisher: 'GNU', version: '5.1.16' },
            },
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: 'python3', version: '3.10.12' },
            },
          ],
          sysObjectSourceInfo: {
            sourceName: 'SG-Qualys',
            sourceFeed: 'Qualys Production',
            sourceNativeKey: '58812345',
            sourceRecencyTimestamp: '2025-06-01 08:15:42',
          },
        },
      ],
      relations: [],
    };
    expect(mapQualysAsset({ api: 'GAV', asset: gavServer() }, context)).toEqual(expected);
  });

  it('takes the name from assetName (an FQDN whole), else the dnsName host part, else netbiosName', () => {
    const name = (asset: GavAsset) => mapQualysAsset({ api: 'GAV', asset }, context).items[0]?.values.name;
    expect(name(gavServer({ assetName: 'Web-01.Corp.Example.com' }))).toBe('web-01.corp.example.com');
    expect(name(gavServer({ assetName: '' }))).toBe('web-01');
    expect(name(gavServer({ assetName: null, dnsName: null, netbiosName: 'WEB01' }))).toBe('web01');
    expect(name(gavServer({ assetName: null, dnsName: '', netbiosName: '' }))).toBeUndefined();
  });

  it('takes fqdn, else the whole dnsName; os from productName, else osName', () => {
    const values = (asset: GavAsset) => mapQualysAsset({ api: 'GAV', asset }, context).items[0]?.values;
    expect(values(gavServer({ fqdn: '', dnsName: 'WEB-01.corp.example.com' }))?.fqdn).toBe(
      'WEB-01.corp.example.com',
    );
    expect(values(gavServer({ fqdn: null, dnsName: null }))?.fqdn).toBeUndefined();
    const os = { ...gavServer().operatingSystem, productName: '' };
    expect(values(gavServer({ operatingSystem: os }))?.os).toBe('Red Hat Enterprise Linux 8.9');
  });

  it('sends no serial and no serial lookup for a short or empty serial', () => {
    for (const serial of ['', '123456', 'N/A', null]) {
      const main = mapQualysAsset({ api: 'GAV', asset: gavServer({ biosSerialNumber: serial }) }, context)
        .items[0];
      expect(main?.values.serial_number).toBeUndefined();
      expect(main?.lookup.map((l) => l.className)).toEqual([
        'cmdb_ci_network_adapter',
        'cmdb_ci_network_adapter',
      ]);
    }
  });

  it('sends virtual "true" for a Virtual Machine category, and never "false"', () => {
    const vm = gavServer({
      hardware: {
        category1: 'Computers',
        category2: 'Virtual Machine',
        manufacturer: 'VMware, Inc.',
        model: null,
      },
    });
    expect(mapQualysAsset({ api: 'GAV', asset: vm }, context).items[0]?.values.virtual).toBe('true');
    expect(mapQualysAsset({ api: 'GAV', asset: gavServer() }, context).items[0]?.values).not.toHaveProperty(
      'virtual',
    );
  });

  it('leaves out address width, core count and dates it cannot read', () => {
    const asset = gavServer({
      operatingSystem: { osName: 'Linux 3.x', category1: 'Linux', architecture: 'x86_64' },
      processor: { speed: null, numCPUs: 4, coresPerSocket: null },
      createdDate: 'not a date',
      sensorLastUpdatedDate: null,
    });
    const main = mapQualysAsset({ api: 'GAV', asset }, context).items[0];
    expect(main?.values).toMatchObject({ os: 'Linux 3.x', cpu_count: '4' });
    for (const field of [
      'os_address_width',
      'cpu_core_count',
      'cpu_speed',
      'first_discovered',
      'last_discovered',
    ]) {
      expect(main?.values).not.toHaveProperty(field);
    }
    expect(main?.sysObjectSourceInfo?.sourceRecencyTimestamp).toBeNull();
  });

  it('maps an asset that has nothing but its id', () => {
    expect(mapQualysAsset({ api: 'GAV', asset: { assetId: 7 } }, context)).toEqual({
      api: 'GAV',
      className: 'cmdb_ci_computer',
      matchedRule: 'fallthrough',
      items: [
        {
          className: 'cmdb_ci_computer',
          internalId: 'ci-7',
          values: { install_status: '1' },
          lookup: [],
          related: [],
          sysObjectSourceInfo: {
            sourceName: 'SG-Qualys',
            sourceFeed: 'Qualys Production',
            sourceNativeKey: '7',
            sourceRecencyTimestamp: null,
          },
        },
      ],
      relations: [],
    });
  });

  it('refuses an asset without assetId with a coded error', () => {
    for (const assetId of [undefined, null, '']) {
      expect(() => mapQualysAsset({ api: 'GAV', asset: gavServer({ assetId }) }, context)).toThrow(
        expect.objectContaining({ code: 'QUALYS_ASSET_UNMAPPABLE' }),
      );
    }
    expect(() => mapQualysAsset({ api: 'GAV', asset: null as unknown as GavAsset }, context)).toThrow(
      expect.objectContaining({ code: 'QUALYS_ASSET_UNMAPPABLE' }),
    );
  });

  it('sends no software when the connection switches it off', () => {
    const ci = mapQualysAsset({ api: 'GAV', asset: gavServer() }, { ...context, includeSoftware: false });
    expect(ci.items[0]?.related).toEqual([]);
  });
});

describe('GAV cloud assets', () => {
  const ec2 = {
    accountId: '123456789012',
    instanceId: 'i-0abc1234def567890',
    instanceState: 'RUNNING',
    region: { code: 'us-east-1', name: 'US East (N. Virginia)' },
  };
  const cloudServer = (provider: string, cloudProvider: Record<string, unknown>) =>
    gavServer({
      assetName: 'ip-172-31-0-14',
      provider,
      cloudProvider: {
        aws: null,
        azure: null,
        gcp: null,
        oci: null,
        ibm: null,
        alibaba: null,
        ...cloudProvider,
      },
      hardware: {
        category1: 'Computers',
        category2: 'Virtual Machine',
        manufacturer: 'Amazon EC2',
        model: 'm5.large',
      },
    });

  it('adds the AWS VM instance and datacenter with their relations', () => {
    const ci = mapQualysAsset({ api: 'GAV', asset: cloudServer('AWS', { aws: { ec2, tags: [] } }) }, context);
    expect(ci.className).toBe('cmdb_ci_linux_server');
    expect(ci.matchedRule).toBe('hardware#2>computer#4');
    expect(ci.items[0]?.values.virtual).toBe('true');
    expect(ci.items.slice(1)).toEqual([
      {
        className: 'cmdb_ci_vm_instance',
        internalId: 'vm-58812345',
        values: {
          name: 'ip-172-31-0-14',
          object_id: 'i-0abc1234def567890',
          vm_inst_id: 'i-0abc1234def567890',
          state: 'RUNNING',
        },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
      {
        className: 'cmdb_ci_aws_datacenter',
        internalId: 'dc-aws-us-east-1',
        values: { name: 'us-east-1', object_id: 'us-east-1', region: 'us-east-1' },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
    ]);
    expect(ci.relations).toEqual([
      { parentId: 'vm-58812345', childId: 'ci-58812345', type: 'Virtualized by::Virtualizes' },
      { parentId: 'vm-58812345', childId: 'dc-aws-us-east-1', type: 'Hosted on::Hosts' },
    ]);
  });

  it('adds the Azure VM instance and datacenter', () => {
    const vm = {
      vmId: 'c0ffee00-1111-2222-3333-444455556666',
      name: 'azvm-app-0003',
      location: 'westeurope',
      state: 'DEALLOCATED',
      subscriptionId: '6d1b1c7e-2f0a-4c1e-9b3a-0e5f8c2d4a11',
    };
    const ci = mapQualysAsset(
      { api: 'GAV', asset: cloudServer('Azure', { azure: { vm, tags: [] } }) },
      context,
    );
    expect(ci.items[0]?.values.virtual).toBe('true');
    expect(ci.items.slice(1)).toEqual([
      {
        className: 'cmdb_ci_vm_instance',
        internalId: 'vm-58812345',
        values: {
          name: 'ip-172-31-0-14',
          object_id: 'c0ffee00-1111-2222-3333-444455556666',
          vm_inst_id: 'c0ffee00-1111-2222-3333-444455556666',
          state: 'DEALLOCATED',
        },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
      {
        className: 'cmdb_ci_azure_datacenter',
        internalId: 'dc-azure-westeurope',
        values: { name: 'westeurope', object_id: 'westeurope', region: 'westeurope' },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
    ]);
    expect(ci.relations).toEqual([
      { parentId: 'vm-58812345', childId: 'ci-58812345', type: 'Virtualized by::Virtualizes' },
      { parentId: 'vm-58812345', childId: 'dc-azure-westeurope', type: 'Hosted on::Hosts' },
    ]);
  });

  it('adds the GCP VM instance and datacenter', () => {
    const compute = {
      instanceId: '4718293021837465012',
      name: 'gce-svc-0007',
      region: 'europe-west1',
      zone: 'europe-west1-b',
      state: 'TERMINATED',
    };
    const ci = mapQualysAsset(
      { api: 'GAV', asset: cloudServer('GCP', { gcp: { compute, labels: [] } }) },
      context,
    );
    expect(ci.items[0]?.values.virtual).toBe('true');
    expect(ci.items.slice(1)).toEqual([
      {
        className: 'cmdb_ci_vm_instance',
        internalId: 'vm-58812345',
        values: {
          name: 'ip-172-31-0-14',
          object_id: '4718293021837465012',
          vm_inst_id: '4718293021837465012',
          state: 'TERMINATED',
        },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
      {
        className: 'cmdb_ci_google_datacenter',
        internalId: 'dc-gcp-europe-west1',
        values: { name: 'europe-west1', object_id: 'europe-west1', region: 'europe-west1' },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
    ]);
    expect(ci.relations).toEqual([
      { parentId: 'vm-58812345', childId: 'ci-58812345', type: 'Virtualized by::Virtualizes' },
      { parentId: 'vm-58812345', childId: 'dc-gcp-europe-west1', type: 'Hosted on::Hosts' },
    ]);
  });

  it('gives every asset of a region the same datacenter id', () => {
    const other = {
      ...cloudServer('AWS', { aws: { ec2: { ...ec2, instanceId: 'i-0fff' }, tags: [] } }),
      assetId: 9,
    };
    const a = mapQualysAsset({ api: 'GAV', asset: cloudServer('AWS', { aws: { ec2, tags: [] } }) }, context);
    const b = mapQualysAsset({ api: 'GAV', asset: other }, context);
    expect(a.items[2]?.internalId).toBe('dc-aws-us-east-1');
    expect(b.items[2]?.internalId).toBe('dc-aws-us-east-1');
    expect(b.items[1]?.internalId).toBe('vm-9');
  });

  it('sends the VM without a datacenter when the region is missing, and nothing without an instance id', () => {
    const noRegion = cloudServer('AWS', { aws: { ec2: { ...ec2, region: null }, tags: [] } });
    const ci = mapQualysAsset({ api: 'GAV', asset: noRegion }, context);
    expect(ci.items.map((i) => i.internalId)).toEqual(['ci-58812345', 'vm-58812345']);
    expect(ci.relations).toEqual([
      { parentId: 'vm-58812345', childId: 'ci-58812345', type: 'Virtualized by::Virtualizes' },
    ]);

    const noInstance = cloudServer('AWS', { aws: { ec2: { ...ec2, instanceId: '' }, tags: [] } });
    const bare = mapQualysAsset({ api: 'GAV', asset: noInstance }, context);
    expect(bare.items).toHaveLength(1);
    expect(bare.relations).toEqual([]);
    expect(bare.items[0]?.values.virtual).toBe('true');
  });
});

describe('QPS HostAsset → IRE items', () => {
  it('maps every field of a full asset', () => {
    const expected: CmdbCi = {
      api: 'QPS',
      className: 'cmdb_ci_win_server',
      matchedRule: 'assetManagement#1',
      items: [
        {
          className: 'cmdb_ci_win_server',
          internalId: 'ci-58812346',
          values: {
            name: 'WINSRV-00002',
            fqdn: 'winsrv-00002.corp.example.com',
            ip_address: '10.20.0.17',
            manufacturer: 'HPE',
            model_number: 'ProLiant DL380 Gen10',
            os: 'Microsoft Windows Server 2022 Datacenter',
            cpu_speed: '2100',
            ram: '32768',
            disk_space: '375.8',
            first_discovered: '2024-01-10 09:30:00',
            last_discovered: '2025-06-02 07:45:10',
            install_status: '1',
          },
          lookup: [
            {
              className: 'cmdb_ci_network_adapter',
              values: {
                name: 'Intel(R) Ethernet Connection (7) I219-LM',
                mac_address: '3c:52:82:aa:bb:cc',
                ip_address: '10.20.0.17',
              },
            },
            {
              className: 'cmdb_ci_network_adapter',
              values: {
                name: 'Intel(R) Ethernet Connection (7) I219-LM #2',
                mac_address: '3c:52:82:dd:ee:ff',
                ip_address: '192.168.4.20',
              },
            },
          ],
          related: [
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: 'Microsoft Edge', version: '124.0.2478.51' },
            },
            {
              className: 'cmdb_sam_sw_install',
              values: { display_name: '7-Zip 23.01 (x64)', version: '23.01' },
            },
            { className: 'cmdb_sam_sw_install', values: { display_name: 'Notepad++ (64-bit x64)' } },
          ],
          sysObjectSourceInfo: {
            sourceName: 'SG-Qualys',
            sourceFeed: 'Qualys Production',
            sourceNativeKey: '58812346',
            sourceRecencyTimestamp: '2025-06-02 07:45:10',
          },
        },
      ],
      relations: [],
    };
    expect(mapQualysAsset({ api: 'QPS', asset: qpsServer() }, context)).toEqual(expected);
  });

  it('uses names as given: name, else dnsHostName, else netbiosName; fqdn, else dnsHostName', () => {
    const values = (asset: HostAsset) => mapQualysAsset({ api: 'QPS', asset }, context).items[0]?.values;
    expect(values(qpsServer({ name: '' }))?.name).toBe('winsrv-00002.corp.example.com');
    expect(values(qpsServer({ name: undefined, dnsHostName: undefined }))?.name).toBe('WINSRV-00002');
    expect(values(qpsServer({ fqdn: undefined, dnsHostName: 'WinSrv-00002.Corp.Example.com' }))?.fqdn).toBe(
      'WinSrv-00002.Corp.Example.com',
    );
  });

  it('reads single-item lists that arrive as objects', () => {
    const asset = qpsServer({
      os: 'Canonical Ubuntu 22.04.4 LTS',
      networkInterface: {
        list: {
          HostAssetInterface: { interfaceName: 'eth0', macAddress: '0A-1B-2C-3D-4E-5F', address: '10.1.2.3' },
        },
      },
      processor: { list: { HostAssetProcessor: { name: 'vCPU', speed: '2500' } } },
      volume: { list: { HostAssetVolume: { name: '/', size: '15000000000', free: '1' } } },
      software: { list: { HostAssetSoftware: { name: 'openssl', version: '3.0.2' } } },
      sourceInfo: {
        list: {
          Ec2AssetSourceSimple: {
            instanceId: 'i-0abc',
            region: 'eu-west-1',
            accountId: '1',
            instanceState: 'RUNNING',
          },
        },
      },
    });
    const ci = mapQualysAsset({ api: 'QPS', asset }, context);
    expect(ci.className).toBe('cmdb_ci_linux_server');
    expect(ci.matchedRule).toBe('assetManagement#3');
    expect(ci.items[0]?.values).toMatchObject({ cpu_speed: '2500', disk_space: '15.0', virtual: 'true' });
    expect(ci.items[0]?.lookup).toEqual([
      {
        className: 'cmdb_ci_network_adapter',
        values: { name: 'eth0', mac_address: '0a:1b:2c:3d:4e:5f', ip_address: '10.1.2.3' },
      },
    ]);
    expect(ci.items[0]?.related).toEqual([
      { className: 'cmdb_sam_sw_install', values: { display_name: 'openssl', version: '3.0.2' } },
    ]);
  });

  it('treats empty lists as absent', () => {
    const asset = qpsServer({
      os: 'Cisco IOS XE 17.9.4a',
      networkInterface: { list: { HostAssetInterface: '' } },
      processor: { list: '' },
      volume: undefined,
      software: '',
    });
    const ci = mapQualysAsset({ api: 'QPS', asset }, context);
    expect(ci.className).toBe('cmdb_ci_netgear');
    expect(ci.matchedRule).toBe('assetManagement#4');
    expect(ci.items[0]?.lookup).toEqual([]);
    expect(ci.items[0]?.related).toEqual([]);
    expect(ci.items[0]?.values).not.toHaveProperty('disk_space');
    expect(ci.items[0]?.values).not.toHaveProperty('cpu_speed');
  });

  it.each([
    [
      'EC2',
      {
        Ec2AssetSourceSimple: {
          instanceId: 'i-0abc',
          region: 'eu-west-1',
          accountId: '1',
          instanceState: 'RUNNING',
        },
      },
      'i-0abc',
      'cmdb_ci_aws_datacenter',
      'dc-aws-eu-west-1',
      'eu-west-1',
    ],
    [
      'Azure',
      {
        AzureAssetSourceSimple: {
          vmId: 'c0ffee00-1111',
          location: 'northeurope',
          subscriptionId: 's',
          state: 'RUNNING',
        },
      },
      'c0ffee00-1111',
      'cmdb_ci_azure_datacenter',
      'dc-azure-northeurope',
      'northeurope',
    ],
    [
      'GCP',
      {
        GcpAssetSourceSimple: { instanceId: '4718293021837465012', region: 'us-central1', state: 'RUNNING' },
      },
      '4718293021837465012',
      'cmdb_ci_google_datacenter',
      'dc-gcp-us-central1',
      'us-central1',
    ],
  ])('adds the %s VM instance and datacenter', (_provider, list, instanceId, dcClass, dcId, region) => {
    const ci = mapQualysAsset({ api: 'QPS', asset: qpsServer({ sourceInfo: { list } }) }, context);
    expect(ci.items[0]?.values.virtual).toBe('true');
    expect(ci.items.slice(1)).toEqual([
      {
        className: 'cmdb_ci_vm_instance',
        internalId: 'vm-58812346',
        values: { name: 'WINSRV-00002', object_id: instanceId, vm_inst_id: instanceId },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
      {
        className: dcClass,
        internalId: dcId,
        values: { name: region, object_id: region, region },
        lookup: [],
        related: [],
        sysObjectSourceInfo: null,
      },
    ]);
    expect(ci.relations).toEqual([
      { parentId: 'vm-58812346', childId: 'ci-58812346', type: 'Virtualized by::Virtualizes' },
      { parentId: 'vm-58812346', childId: dcId, type: 'Hosted on::Hosts' },
    ]);
  });

  it('sends no software when the connection switches it off', () => {
    const ci = mapQualysAsset({ api: 'QPS', asset: qpsServer() }, { ...context, includeSoftware: false });
    expect(ci.items[0]?.related).toEqual([]);
  });

  it('refuses an asset without id with a coded error', () => {
    expect(() => mapQualysAsset({ api: 'QPS', asset: qpsServer({ id: undefined }) }, context)).toThrow(
      expect.objectContaining({
        code: 'QUALYS_ASSET_UNMAPPABLE',
        message: 'Qualys QPS asset cannot be mapped: no id',
      }),
    );
  });
});
