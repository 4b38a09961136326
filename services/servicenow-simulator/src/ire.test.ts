import { describe, expect, it } from 'vitest';
import { Cmdb } from './cmdb.ts';
import { IdentificationEngine, type IreRequest } from './ire.ts';
import { cloudAsset, combine, datacenterItem, serverItem, vmItem } from './test-fixtures.ts';

function setup(options: { maxItems?: number } = {}) {
  let now = new Date('2025-06-02T10:00:00Z');
  const cmdb = new Cmdb({ now: () => now });
  const engine = new IdentificationEngine(cmdb, { dataSources: ['SG-Qualys', 'ServiceNow'], ...options });
  const send = (body: unknown, request: Partial<IreRequest> = {}) =>
    engine.process(body, { mode: 'enhanced', dataSource: 'SG-Qualys', ...request });
  const tick = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { cmdb, send, tick };
}

const codes = (item: { errors: Array<{ error: string }> } | undefined) => item?.errors.map((e) => e.error);

describe('IRE: insert, update, no change', () => {
  it('inserts a new CI with its lookups, software and sys_object_source, then reports NO_CHANGE', () => {
    const { cmdb, send } = setup();
    const payload = {
      items: [
        serverItem({
          nativeKey: '123456',
          name: 'web-01',
          serial: 'VMW-0001-AAAA',
          mac: '0a:1b:2c:3d:4e:5f',
          values: { os: 'Linux Red Hat', ram: '16384' },
          software: [{ display_name: 'openssl', version: '3.0.7', publisher: 'OpenSSL' }],
        }),
      ],
    };
    const first = send(payload);
    const inserted = first.items[0]!;
    expect(inserted).toMatchObject({ className: 'cmdb_ci_linux_server', operation: 'INSERT', errorCount: 0 });
    expect(inserted.sysId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.hasError).toBe(false);

    const ci = cmdb.get(inserted.sysId)!;
    expect(ci).toMatchObject({
      sys_class_name: 'cmdb_ci_linux_server',
      name: 'web-01',
      os: 'Linux Red Hat',
      ram: '16384',
      discovery_source: 'SG-Qualys',
      first_discovered: '2025-06-02 10:00:00',
      sys_created_on: '2025-06-02 10:00:00',
    });
    expect(cmdb.find('cmdb_serial_number', { cmdb_ci: ci.sys_id })).toMatchObject([
      { serial_number: 'VMW-0001-AAAA', serial_number_type: 'bios' },
    ]);
    expect(cmdb.find('cmdb_ci_network_adapter', { cmdb_ci: ci.sys_id })).toMatchObject([
      { mac_address: '0a:1b:2c:3d:4e:5f', name: 'eth0' },
    ]);
    expect(cmdb.find('cmdb_sam_sw_install', { installed_on: ci.sys_id })).toMatchObject([
      { display_name: 'openssl', version: '3.0.7', publisher: 'OpenSSL' },
    ]);
    expect(cmdb.table('sys_object_source')).toMatchObject([
      {
        name: 'SG-Qualys',
        id: '123456',
        target_sys_id: ci.sys_id,
        target_table: 'cmdb_ci_linux_server',
        last_scan: '2025-06-01 08:15:00',
        source_feed: 'Qualys GAV',
      },
    ]);

    const again = send(payload).items[0]!;
    expect(again).toMatchObject({ operation: 'NO_CHANGE', sysId: ci.sys_id });
    expect(again.relatedItems?.map((r) => r.operation)).toEqual(['NO_CHANGE', 'NO_CHANGE', 'NO_CHANGE']);
    expect(cmdb.count('cmdb_ci')).toBe(1);
    expect(cmdb.count('cmdb_sam_sw_install')).toBe(1);
  });

  it('updates the same sysId when a value changes and keeps software the payload no longer lists', () => {
    const { cmdb, send, tick } = setup();
    const sw = (display_name: string) => ({ display_name, version: '1', publisher: 'P' });
    const first = send({
      items: [serverItem({ nativeKey: '1', name: 'db-01', software: [sw('a'), sw('b')] })],
    });
    tick(60_000);
    const second = send({
      items: [serverItem({ nativeKey: '1', name: 'db-01', values: { ram: '32768' }, software: [sw('a')] })],
    });
    const sysId = first.items[0]!.sysId;
    expect(second.items[0]).toMatchObject({ operation: 'UPDATE', sysId });
    expect(cmdb.get(sysId)).toMatchObject({ ram: '32768', sys_updated_on: '2025-06-02 10:01:00' });
    // Software not in the payload is left alone (the platform deletes nothing through IRE).
    expect(
      cmdb
        .find('cmdb_sam_sw_install', { installed_on: sysId })
        .map((r) => r.display_name)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('retires a CI with install_status 7 as an UPDATE', () => {
    const { cmdb, send } = setup();
    const sysId = send({
      items: [serverItem({ nativeKey: '7', name: 'old-01', values: { install_status: '1' } })],
    }).items[0]!.sysId;
    const retired = send({
      items: [serverItem({ nativeKey: '7', name: 'old-01', values: { install_status: '7' } })],
    });
    expect(retired.items[0]).toMatchObject({ operation: 'UPDATE', sysId });
    expect(cmdb.get(sysId)?.install_status).toBe('7');
    expect(cmdb.summary().retired).toBe(1);
  });

  it('moves last_scan forward only', () => {
    const { cmdb, send } = setup();
    send({ items: [serverItem({ nativeKey: '9', name: 'a', recency: '2025-06-01 08:00:00' })] });
    send({ items: [serverItem({ nativeKey: '9', name: 'a', recency: '2025-06-03 08:00:00' })] });
    send({ items: [serverItem({ nativeKey: '9', name: 'a', recency: '2025-05-01 08:00:00' })] });
    expect(cmdb.table('sys_object_source')).toMatchObject([{ last_scan: '2025-06-03 08:00:00' }]);
  });
});

describe('IRE: identification', () => {
  it('matches on the native key before the serial number', () => {
    const { cmdb, send } = setup();
    const a = send({ items: [serverItem({ nativeKey: 'A', name: 'host-a', serial: 'SERIAL-AAAA' })] })
      .items[0]!;
    const b = send({ items: [serverItem({ nativeKey: 'B', name: 'host-b', serial: 'SERIAL-BBBB' })] })
      .items[0]!;
    // Native key A, but B's serial: the sys_object_source match wins.
    const result = send({ items: [serverItem({ nativeKey: 'A', name: 'host-a', serial: 'SERIAL-BBBB' })] });
    const item = result.items[0]!;
    expect(item.sysId).toBe(a.sysId);
    expect(item.sysId).not.toBe(b.sysId);
    expect(item.identificationAttempts).toEqual([
      {
        identifierName: '',
        attemptResult: 'MATCHED',
        attributes: [],
        info: 'sys_object_source MATCHED',
        hybridEntryCiAttributes: [],
      },
    ]);
    expect(cmdb.count('cmdb_ci')).toBe(2);
  });

  it('matches on the serial lookup when there is no native key, and reports the attempts', () => {
    const { send } = setup();
    const stored = send({ items: [serverItem({ nativeKey: 'S1', name: 'one', serial: 'SERIAL-1234' })] })
      .items[0]!;
    const item = send({ items: [serverItem({ name: 'renamed', serial: 'SERIAL-1234' })] }).items[0]!;
    expect(item).toMatchObject({
      operation: 'UPDATE',
      sysId: stored.sysId,
      identifierEntrySysId: '556eb250c3400200d8d4bea192d3ae92',
    });
    expect(item.identificationAttempts.map((a) => [a.attemptResult, a.searchOnTable ?? a.info])).toEqual([
      ['SKIPPED', 'sys_object_source SKIPPED'],
      ['MATCHED', 'cmdb_serial_number'],
    ]);
  });

  it('tells the sys_object_source miss apart and falls through to the name', () => {
    const { send } = setup();
    const stored = send({ items: [serverItem({ name: 'web-07' })] }).items[0]!;
    const item = send({ items: [serverItem({ nativeKey: 'NEW', name: 'WEB-07' })] }).items[0]!;
    expect(item.sysId).toBe(stored.sysId);
    expect(item.identificationAttempts.map((a) => [a.identifierName, a.attemptResult, a.attributes])).toEqual(
      [
        ['', 'NO_MATCH', []],
        ['Hardware Rule', 'SKIPPED', ['serial_number', 'serial_number_type']],
        ['Hardware Rule', 'SKIPPED', ['serial_number']],
        ['Hardware Rule', 'MATCHED', ['name']],
      ],
    );
    expect(item.identificationAttempts[0]?.info).toBe('sys_object_source NO_MATCH');
  });

  it('matches on the network adapter (MAC + name) when nothing else is sent', () => {
    const { cmdb, send } = setup();
    const stored = send({
      items: [serverItem({ nativeKey: 'M', name: 'nic-host', mac: 'aa:bb:cc:dd:ee:ff' })],
    }).items[0]!;
    const item = send({
      items: [
        {
          className: 'cmdb_ci_linux_server',
          values: { os: 'Linux' },
          lookup: [
            {
              className: 'cmdb_ci_network_adapter',
              values: { name: 'eth0', mac_address: 'AA:BB:CC:DD:EE:FF' },
            },
          ],
        },
      ],
    }).items[0]!;
    expect(item.sysId).toBe(stored.sysId);
    expect(item.identificationAttempts.at(-1)).toMatchObject({
      attemptResult: 'MATCHED',
      attributes: ['mac_address', 'name'],
      searchOnTable: 'cmdb_ci_network_adapter',
    });
    expect(cmdb.get(stored.sysId)?.os).toBe('Linux');
  });

  it('identifies across the hardware tree and upgrades a server to the class sent', () => {
    const { cmdb, send } = setup();
    const generic = send({
      items: [serverItem({ className: 'cmdb_ci_server', nativeKey: 'U', name: 'up-01' })],
    }).items[0]!;
    const item = send({
      items: [serverItem({ className: 'cmdb_ci_linux_server', nativeKey: 'U', name: 'up-01' })],
    }).items[0]!;
    expect(item).toMatchObject({ operation: 'UPDATE_WITH_UPGRADE', sysId: generic.sysId });
    expect(cmdb.get(generic.sysId)?.sys_class_name).toBe('cmdb_ci_linux_server');
    expect(cmdb.find('cmdb_ci_linux_server', { name: 'up-01' })).toHaveLength(1);
    expect(cmdb.table('sys_object_source')[0]?.target_table).toBe('cmdb_ci_linux_server');
  });

  it('keeps the stored class on a downgrade unless the restriction rules are skipped', () => {
    const { cmdb, send } = setup();
    const linux = send({ items: [serverItem({ nativeKey: 'D', name: 'down-01' })] }).items[0]!;
    const blocked = send({
      items: [serverItem({ className: 'cmdb_ci_server', nativeKey: 'D', name: 'down-01' })],
    }).items[0]!;
    expect(blocked).toMatchObject({ operation: 'NO_CHANGE', sysId: linux.sysId });
    expect(blocked.info).toEqual([
      {
        code: 'SKIPPED_CLASS_DOWNGRADE',
        message:
          'CI Reclassification not allowed from class: [cmdb_ci_linux_server] to [cmdb_ci_server] by a reclassification restriction rule',
      },
    ]);
    expect(cmdb.get(linux.sysId)?.sys_class_name).toBe('cmdb_ci_linux_server');

    const allowed = send({
      items: [
        serverItem({
          className: 'cmdb_ci_server',
          nativeKey: 'D',
          name: 'down-01',
          settings: { skipReclassificationRestrictionRules: true },
        }),
      ],
    }).items[0]!;
    expect(allowed.operation).toBe('UPDATE_WITH_DOWNGRADE');
    expect(cmdb.get(linux.sysId)?.sys_class_name).toBe('cmdb_ci_server');
  });

  it('fails an item without any matching attribute (MISSING_MATCHING_ATTRIBUTES)', () => {
    const { cmdb, send } = setup();
    const bare = { className: 'cmdb_ci_linux_server', values: { os: 'Linux' } };
    const legacy = send({ items: [bare] }, { mode: 'legacy' });
    expect(legacy.items[0]).toMatchObject({
      sysId: 'Unknown',
      identifierEntrySysId: 'Unknown',
      errorCount: 1,
    });
    expect(legacy.items[0]?.operation).toBeUndefined();
    expect(codes(legacy.items[0])).toEqual(['MISSING_MATCHING_ATTRIBUTES']);
    expect(legacy.items[0]?.errors[0]?.message).toMatch(
      /^In payload missing minimum set of input values for criterion \(matching\) attributes from identify rule for table \[cmdb_ci_hardware\]/,
    );
    const vm = send(
      { items: [{ className: 'cmdb_ci_vm_instance', values: { name: 'no-object-id' } }] },
      {
        options: 'partial_payloads:false',
      },
    );
    expect(codes(vm.items[0])).toEqual(['MISSING_MATCHING_ATTRIBUTES']);
    expect(vm.hasError).toBe(true);
    expect(cmdb.count('cmdb_ci')).toBe(0);
  });

  it('keeps a partial item (enhanced default) and merges it when its native key comes back complete', () => {
    const { cmdb, send } = setup();
    const partial = send(
      { items: [serverItem({ nativeKey: 'P', values: { ram: '8192' } })] },
      { options: 'generate_summary:true' },
    );
    expect(partial.items[0]).toMatchObject({
      operation: 'INSERT_AS_PARTIAL',
      sysId: 'Unknown',
      errorCount: 0,
      warningCount: 1,
    });
    expect(partial.items[0]?.warnings[0]?.error).toBe('MISSING_MATCHING_ATTRIBUTES');
    expect(partial.hasError).toBe(false);
    expect(partial.summary?.cmdb_ci_linux_server).toMatchObject({ partial: 1, warnings: 1, inserted: 0 });
    expect(cmdb.count('cmdb_ire_partial_payloads')).toBe(1);
    expect(cmdb.count('cmdb_ci')).toBe(0);

    const completed = send(
      { items: [serverItem({ nativeKey: 'P', name: 'later-01' })] },
      { options: 'generate_summary:true' },
    );
    const item = completed.items[0]!;
    expect(item.operation).toBe('INSERT');
    expect(item.mergedPayloadIds).toEqual(partial.items[0]?.partialSysIds);
    expect(cmdb.get(item.sysId)).toMatchObject({ name: 'later-01', ram: '8192' });
    expect(cmdb.count('cmdb_ire_partial_payloads')).toBe(0);
    expect(completed.summary?.cmdb_ci_linux_server).toMatchObject({ inserted: 1, mergedPartialPayloads: 1 });
  });

  it('fails both items when two stored CIs match (MULTI_MATCH)', () => {
    const { cmdb, send } = setup();
    send({
      items: [
        serverItem({ nativeKey: 'X1', name: 'twin', serial: 'SERIAL-X1X1' }),
        serverItem({ nativeKey: 'X2', name: 'twin', serial: 'SERIAL-X2X2' }),
      ],
    });
    expect(cmdb.find('cmdb_ci_hardware', { name: 'twin' })).toHaveLength(2);
    const item = send({ items: [serverItem({ name: 'twin' })] }, { mode: 'legacy' }).items[0]!;
    expect(codes(item)).toEqual(['MULTI_MATCH']);
    expect(item.errors[0]?.message).toBe(
      'Found duplicate records in table [cmdb_ci_hardware] using fields [name]',
    );
    expect(item.identificationAttempts.at(-1)).toMatchObject({
      attemptResult: 'MULTI_MATCH',
      attributes: ['name'],
    });
  });

  it('identifies cloud items by object_id, datacenters by object_id + region', () => {
    const { cmdb, send } = setup();
    const first = send(cloudAsset({ nativeKey: '1', name: 'c-01' }, 'i-0abc', 'us-east-1'));
    const again = send(cloudAsset({ nativeKey: '1', name: 'c-01' }, 'i-0abc', 'us-east-1'));
    expect(again.items.map((i) => i.operation)).toEqual(['NO_CHANGE', 'NO_CHANGE', 'NO_CHANGE']);
    expect(again.items.map((i) => i.sysId)).toEqual(first.items.map((i) => i.sysId));
    expect(again.relations.map((r) => r.operation)).toEqual(['NO_CHANGE', 'NO_CHANGE']);
    const otherRegion = send({ items: [datacenterItem('us-east-1')], relations: [] });
    expect(otherRegion.items[0]?.operation).toBe('NO_CHANGE');
    send({
      items: [{ ...datacenterItem('eu-west-1'), values: { object_id: 'us-east-1', region: 'eu-west-1' } }],
    });
    expect(cmdb.count('cmdb_ci_logical_datacenter')).toBe(2);
  });
});

describe('IRE: payload errors under HTTP 200', () => {
  it('rejects every item when the data source is missing or unknown', () => {
    const { cmdb, send } = setup();
    const missing = send({ items: [serverItem({ name: 'a' })] }, { dataSource: undefined });
    expect(missing.items[0]?.errors).toEqual([
      {
        error: 'INVALID_INPUT_DATA',
        message:
          'In payload no data source exist. You need to provide choice value from choice field [discovery_source] in table [cmdb_ci]',
      },
    ]);
    const unknown = send(
      { items: [serverItem({ name: 'a' }), serverItem({ name: 'b' })] },
      { dataSource: 'Intune' },
    );
    expect(unknown.items.map((i) => i.errors[0]?.message)).toEqual([
      expect.stringMatching(/^In payload invalid data source \[Intune\] exist/),
      expect.stringMatching(/^In payload invalid data source \[Intune\] exist/),
    ]);
    expect(unknown.hasError).toBe(true);
    expect(cmdb.count('cmdb_ci')).toBe(0);
  });

  it('names unknown classes, classes without a rule and lookups the rule does not have', () => {
    const { send } = setup();
    const result = send(
      {
        items: [
          { className: 'cmdb_ci_mobile_device', values: { name: 'phone' } },
          { className: 'cmdb_ci', values: { name: 'anything' } },
          {
            className: 'cmdb_ci_linux_server',
            values: { name: 'x' },
            lookup: [{ className: 'cmdb_ci_ip_address', values: { ip_address: '10.0.0.1' } }],
          },
          { values: { name: 'no class' } },
        ],
      },
      { mode: 'legacy' },
    );
    expect(result.items.map(codes)).toEqual([
      ['INVALID_INPUT_DATA'],
      ['IDENTIFICATION_RULE_MISSING'],
      ['IDENTIFICATION_RULE_FOR_LOOKUP_MISSING'],
      ['INVALID_INPUT_DATA'],
    ]);
    expect(result.items[1]?.errors[0]?.message).toBe('Identity Rule Missing for table [cmdb_ci]');
  });

  it('fails duplicate items on the plain API and merges them on the enhanced one', () => {
    const { cmdb, send } = setup();
    const dupes = {
      items: [
        serverItem({ nativeKey: 'N1', name: 'dup-a' }),
        serverItem({ name: 'other', serial: 'SERIAL-SAME' }),
        serverItem({ nativeKey: 'N1', name: 'dup-b' }),
        serverItem({ name: 'other-2', serial: 'SERIAL-SAME' }),
      ],
    };
    const legacy = send(dupes, { mode: 'legacy' });
    expect(legacy.items.map(codes)).toEqual([
      ['DUPLICATE_PAYLOAD_RECORDS'],
      ['DUPLICATE_PAYLOAD_RECORDS'],
      ['DUPLICATE_PAYLOAD_RECORDS'],
      ['DUPLICATE_PAYLOAD_RECORDS'],
    ]);
    expect(legacy.items[0]?.errors[0]?.message).toBe(
      'Found duplicate items in the payload (index 0 and 2), using className [cmdb_ci_linux_server] and fields [source_native_key]. Remove duplicate items from payload',
    );
    expect(cmdb.count('cmdb_ci')).toBe(0);

    const enhanced = send(dupes);
    expect(enhanced.items.map((i) => [i.operation, i.inputIndices])).toEqual([
      ['INSERT', [0, 2]],
      ['INSERT', [1, 3]],
    ]);
    expect(cmdb.table('cmdb_ci').map((r) => r.name)).toEqual(['dup-b', 'other-2']);
  });

  it('merges the datacenter many cloud assets of one region share', () => {
    const { cmdb, send } = setup();
    const result = send(
      combine(
        cloudAsset({ nativeKey: '1', name: 'a' }, 'i-1', 'us-east-1'),
        cloudAsset({ nativeKey: '2', name: 'b' }, 'i-2', 'us-east-1'),
      ),
    );
    expect(result.hasError).toBe(false);
    expect(result.items).toHaveLength(5);
    expect(result.items.find((i) => i.className === 'cmdb_ci_aws_datacenter')?.inputIndices).toEqual([2, 5]);
    expect(cmdb.count('cmdb_ci_aws_datacenter')).toBe(1);
    expect(cmdb.count('cmdb_rel_ci')).toBe(4);
  });

  it('fails an unknown relation type on the parent, abandons the child, and commits the rest', () => {
    const { cmdb, send } = setup();
    const result = send(
      {
        items: [
          vmItem('i-1', 'vm'),
          serverItem({ nativeKey: 'R', name: 'child', internalId: 'srv' }),
          vmItem('i-2'),
        ],
        relations: [{ parent_id: 'vm', child_id: 'srv', type: 'Virtualised by::Virtualises' }],
      },
      { options: 'generate_summary:true' },
    );
    const [parent, child, unrelated] = result.items;
    expect(parent?.errors).toEqual([
      {
        error: 'INVALID_INPUT_DATA',
        message:
          'No such relationship with name [Virtualised by::Virtualises] exist in table [cmdb_rel_type]. If out-of-box relationship for [Virtualised by::Virtualises] has been removed or renamed, it should be restored',
      },
    ]);
    expect(child?.errors).toEqual([
      {
        error: 'ABANDONED',
        message:
          "Abandoning processing payload item 'srv', since its depends on payload item 'vm' has errors",
      },
    ]);
    expect(unrelated?.operation).toBe('INSERT');
    expect(result.relations[0]).toMatchObject({ className: 'cmdb_rel_ci', sysId: 'Unknown', errorCount: 1 });
    expect(result.hasError).toBe(true);
    expect(cmdb.table('cmdb_ci').map((r) => r.object_id)).toEqual(['i-2']);
    expect(result.summary).toMatchObject({
      cmdb_ci_vm_instance: { inserted: 1, errors: 1 },
      cmdb_ci_linux_server: { skipped: 1, errors: 0 },
    });
  });

  it('reports bad relation indexes and internal_ids as INVALID_INPUT_DATA', () => {
    const { send } = setup();
    const result = send({
      items: [vmItem('i-1', 'vm'), datacenterItem('us-east-1', 'dc')],
      relations: [
        { parent: 0, child: 7, type: 'Hosted on::Hosts' },
        { parent_id: 'nope', child_id: 'dc', type: 'Hosted on::Hosts' },
      ],
    });
    expect(result.items[0]?.errors[0]?.message).toBe(
      'Payload relations \'{"parent":0,"child":7,"type":"Hosted on::Hosts"}\' has invalid child record index: [7]',
    );
    expect(result.items[1]?.errors[0]?.message).toMatch(/has invalid parent record index: \[nope\]$/);
  });

  it('with partial_commits:false commits nothing once one item fails', () => {
    const { cmdb, send } = setup();
    const result = send(
      {
        items: [
          serverItem({ nativeKey: 'ok', name: 'fine' }),
          { className: 'cmdb_ci_linux_server', values: {} },
        ],
      },
      { options: 'partial_payloads:false,partial_commits:false' },
    );
    expect(result.items.map(codes)).toEqual([['ABANDONED'], ['MISSING_MATCHING_ATTRIBUTES']]);
    expect(result.items[0]?.errors[0]?.message).toBe(
      'Detected error while processing payload from SG-Qualys',
    );
    expect(cmdb.count('cmdb_ci')).toBe(0);
  });

  it('with partial commits stores the good items and not the bad ones', () => {
    const { cmdb, send } = setup();
    const result = send(
      {
        items: [
          serverItem({ nativeKey: 'good', name: 'good-01' }),
          serverItem({ nativeKey: 'bad', name: 'bad-01' }),
        ],
      },
      {
        forceItemError: (item) =>
          JSON.stringify(item).includes('bad-01') ? 'REQUIRED_ATTRIBUTE_EMPTY' : undefined,
      },
    );
    expect(result.items.map((i) => i.operation)).toEqual(['INSERT', undefined]);
    expect(codes(result.items[1])).toEqual(['REQUIRED_ATTRIBUTE_EMPTY']);
    expect(cmdb.table('cmdb_ci').map((r) => r.name)).toEqual(['good-01']);
    expect(cmdb.count('sys_object_source')).toBe(1);
  });

  it('refuses a payload over the item limit', () => {
    const { send } = setup({ maxItems: 2 });
    const items = [1, 2, 3].map((n) => serverItem({ name: `h${n}` }));
    expect(() => send({ items })).toThrow(/The payload has 3 items; at most 2 are accepted/);
    expect(() => send({ nope: [] })).toThrow(/Invalid IRE payload/);
  });
});

describe('IRE: dry run, relations, summary', () => {
  it('answers a query (dry run) like a commit but stores nothing', () => {
    const { cmdb, send } = setup();
    const stored = send({ items: [serverItem({ nativeKey: 'Q', name: 'q-01' })] }).items[0]!;
    const result = send(
      combine(cloudAsset({ nativeKey: 'Q', name: 'q-01', values: { ram: '1' } }, 'i-q', 'us-east-1')),
      { dryRun: true },
    );
    expect(result.items.map((i) => [i.operation, i.sysId])).toEqual([
      ['UPDATE', stored.sysId],
      ['INSERT', 'Unknown'],
      ['INSERT', 'Unknown'],
    ]);
    expect(result.relations.map((r) => [r.operation, r.sysId])).toEqual([
      ['INSERT', 'Unknown'],
      ['INSERT', 'Unknown'],
    ]);
    expect(cmdb.count('cmdb_ci')).toBe(1);
    expect(cmdb.get(stored.sysId)?.ram).toBeUndefined();
    expect(cmdb.count('cmdb_rel_ci')).toBe(0);
  });

  it('stores relations once, in the direction sent', () => {
    const { cmdb, send } = setup();
    const payload = cloudAsset({ nativeKey: '42', name: 'rel-01' }, 'i-42', 'eu-west-1');
    const first = send(payload);
    expect(first.relations.map((r) => r.operation)).toEqual(['INSERT', 'INSERT']);
    const [server, vm, dc] = first.items.map((i) => i.sysId);
    const type = (name: string) => cmdb.relationshipType(name)?.sys_id;
    expect(cmdb.table('cmdb_rel_ci').map((r) => [r.parent, r.child, r.type])).toEqual([
      [vm, server, type('Virtualized by::Virtualizes')],
      [vm, dc, type('Hosted on::Hosts')],
    ]);
    send(payload);
    expect(cmdb.count('cmdb_rel_ci')).toBe(2);
  });

  it('counts per class in the summary', () => {
    const { send } = setup();
    send({ items: [serverItem({ nativeKey: 'u', name: 'u-01' })] });
    const result = send(
      {
        items: [
          serverItem({ nativeKey: 'u', name: 'u-01', values: { ram: '2' }, mac: '00:00:00:00:00:01' }),
          serverItem({ nativeKey: 'n', name: 'n-01' }),
          { className: 'cmdb_ci_linux_server', values: {} },
          vmItem('i-9'),
        ],
      },
      { options: 'partial_payloads:false,generate_summary:true' },
    );
    expect(result.summary).toEqual({
      cmdb_ci_linux_server: {
        inserted: 1,
        updated: 1,
        unchanged: 0,
        skipped: 0,
        errors: 1,
        warnings: 0,
        partial: 0,
        incomplete: 0,
        mergedPartialPayloads: 0,
        additionalInserted: 0,
      },
      cmdb_ci_network_adapter: expect.objectContaining({ inserted: 1 }),
      cmdb_ci_vm_instance: expect.objectContaining({ inserted: 1, errors: 0 }),
    });
    expect(send({ items: [] }, { mode: 'legacy' }).summary).toBeUndefined();
  });
});
