import { describe, expect, it } from 'vitest';
import { Cmdb } from './cmdb.ts';
import { linkHeader, parseEncodedQuery, queryTable } from './table-api.ts';

function seeded() {
  const cmdb = new Cmdb({ now: () => new Date('2025-01-02T03:04:05Z') });
  const linux = cmdb.insert('cmdb_ci_linux_server', { name: 'web-01', os: 'Linux', ram: '4096' });
  const win = cmdb.insert('cmdb_ci_win_server', { name: 'win-01', os: 'Windows Server 2022', ram: '16384' });
  const pc = cmdb.insert('cmdb_ci_pc_hardware', { name: 'laptop-01', os: 'Windows 11', ram: '8192' });
  const router = cmdb.insert('cmdb_ci_ip_router', { name: 'rtr-01' });
  const vm = cmdb.insert('cmdb_ci_vm_instance', { name: 'i-1', object_id: 'i-1' });
  const rel = cmdb.insert('cmdb_rel_ci', {
    parent: vm.sys_id,
    child: linux.sys_id,
    type: cmdb.relationshipType('Virtualized by::Virtualizes')!.sys_id,
  });
  return { cmdb, linux, win, pc, router, vm, rel };
}

describe('Cmdb', () => {
  it('keeps a CI in its class table and shows it through every ancestor', () => {
    const { cmdb, linux } = seeded();
    expect(linux).toMatchObject({
      sys_class_name: 'cmdb_ci_linux_server',
      sys_created_on: '2025-01-02 03:04:05',
      sys_updated_on: '2025-01-02 03:04:05',
    });
    expect(linux.sys_id).toMatch(/^[0-9a-f]{32}$/);
    for (const table of ['cmdb_ci_server', 'cmdb_ci_computer', 'cmdb_ci_hardware', 'cmdb_ci']) {
      expect(cmdb.table(table).map((r) => r.name)).toContain('web-01');
    }
    expect(cmdb.table('cmdb_ci_server').map((r) => r.name)).toEqual(['web-01', 'win-01']);
    expect(cmdb.table('cmdb_ci_netgear').map((r) => r.name)).toEqual(['rtr-01']);
    expect(cmdb.count('cmdb_ci')).toBe(5);
    expect(() => cmdb.table('cmdb_ci_mobile_device')).toThrow('Invalid table cmdb_ci_mobile_device');
  });

  it('finds case-insensitively and hands out copies', () => {
    const { cmdb, linux } = seeded();
    expect(cmdb.find('cmdb_ci_hardware', { name: 'WEB-01' }).map((r) => r.sys_id)).toEqual([linux.sys_id]);
    expect(cmdb.find('cmdb_ci_vm_object', { name: 'web-01' })).toEqual([]);
    const copy = cmdb.get(linux.sys_id) as Record<string, string>;
    copy.name = 'changed';
    expect(cmdb.get(linux.sys_id)?.name).toBe('web-01');
  });

  it('rolls a transaction back, inserts, updates, reclassifications and deletes alike', () => {
    const { cmdb, linux, win } = seeded();
    const before = cmdb.table('cmdb_ci');
    const tx = cmdb.begin();
    cmdb.insert('cmdb_ci_printer', { name: 'prn-01' });
    cmdb.update(linux.sys_id, { name: 'renamed' });
    cmdb.reclassify(linux.sys_id, 'cmdb_ci_unix_server');
    cmdb.delete(win.sys_id);
    expect(cmdb.find('cmdb_ci', { name: 'renamed' })).toHaveLength(1);
    tx.rollback();
    expect(cmdb.table('cmdb_ci')).toEqual(before);
    expect(cmdb.find('cmdb_ci', { name: 'renamed' })).toEqual([]);
    expect(cmdb.find('cmdb_ci', { name: 'web-01' })).toHaveLength(1);
  });

  it('resets to empty tables with the relationship types still there', () => {
    const { cmdb } = seeded();
    cmdb.reset();
    expect(cmdb.summary()).toMatchObject({ cis: 0, relations: 0, classes: {} });
    expect(cmdb.relationshipType('Hosted on::Hosts')).toMatchObject({
      parent_descriptor: 'Hosted on',
      child_descriptor: 'Hosts',
    });
  });
});

describe('Table API queries', () => {
  const base = 'http://127.0.0.1:1';
  const names = (cmdb: Cmdb, table: string, params: Record<string, string>) =>
    queryTable(cmdb, table, params, base).result.map((r) => r.name);

  it('parses AND, OR, NQ and ORDERBY', () => {
    expect(parseEncodedQuery('a=1^ORb!=2^cLIKEx^NQdSTARTSWITHy^ORDERBYDESCname')).toEqual({
      alternatives: [
        [
          [
            { field: 'a', operator: '=', value: '1' },
            { field: 'b', operator: '!=', value: '2' },
          ],
          [{ field: 'c', operator: 'LIKE', value: 'x' }],
        ],
        [[{ field: 'd', operator: 'STARTSWITH', value: 'y' }]],
      ],
      order: [{ field: 'name', descending: true }],
    });
  });

  it('filters with =, !=, STARTSWITH, LIKE, IN, ISEMPTY, INSTANCEOF and numeric comparisons', () => {
    const { cmdb } = seeded();
    expect(names(cmdb, 'cmdb_ci_computer', { sysparm_query: 'osLIKEwindows^ORDERBYname' })).toEqual([
      'laptop-01',
      'win-01',
    ]);
    expect(names(cmdb, 'cmdb_ci_computer', { sysparm_query: 'os!=Linux^nameSTARTSWITHwin' })).toEqual([
      'win-01',
    ]);
    expect(names(cmdb, 'cmdb_ci', { sysparm_query: 'nameINrtr-01,i-1' })).toEqual(['rtr-01', 'i-1']);
    expect(names(cmdb, 'cmdb_ci_hardware', { sysparm_query: 'osISEMPTY' })).toEqual(['rtr-01']);
    expect(names(cmdb, 'cmdb_ci', { sysparm_query: 'sys_class_nameINSTANCEOFcmdb_ci_server' })).toEqual([
      'web-01',
      'win-01',
    ]);
    expect(names(cmdb, 'cmdb_ci_computer', { sysparm_query: 'ram>=8192^ORDERBYDESCram' })).toEqual([
      'win-01',
      'laptop-01',
    ]);
    expect(names(cmdb, 'cmdb_ci', { sysparm_query: 'name=web-01^NQname=rtr-01' })).toEqual([
      'web-01',
      'rtr-01',
    ]);
    // A term that does not parse matches nothing rather than everything.
    expect(names(cmdb, 'cmdb_ci', { sysparm_query: 'Name=web-01' })).toEqual([]);
  });

  it('pages with limit and offset, selects fields, and dot-walks references', () => {
    const { cmdb, linux, vm } = seeded();
    const page = queryTable(
      cmdb,
      'cmdb_ci',
      { sysparm_limit: '2', sysparm_offset: '2', sysparm_fields: 'name,sys_class_name' },
      base,
    );
    expect(page).toMatchObject({ total: 5, offset: 2, limit: 2 });
    expect(page.result).toEqual([
      { name: 'laptop-01', sys_class_name: 'cmdb_ci_pc_hardware' },
      { name: 'rtr-01', sys_class_name: 'cmdb_ci_ip_router' },
    ]);
    const link = linkHeader(new URL(`${base}/api/now/table/cmdb_ci?sysparm_limit=2&sysparm_offset=2`), page);
    expect(link).toBe(
      [
        `<${base}/api/now/table/cmdb_ci?sysparm_limit=2&sysparm_offset=0>;rel="first"`,
        `<${base}/api/now/table/cmdb_ci?sysparm_limit=2&sysparm_offset=0>;rel="prev"`,
        `<${base}/api/now/table/cmdb_ci?sysparm_limit=2&sysparm_offset=4>;rel="next"`,
        `<${base}/api/now/table/cmdb_ci?sysparm_limit=2&sysparm_offset=4>;rel="last"`,
      ].join(','),
    );

    const rel = queryTable(
      cmdb,
      'cmdb_rel_ci',
      {
        sysparm_fields: 'parent,child.name,type.name',
        sysparm_query: 'type.name=Virtualized by::Virtualizes',
      },
      base,
    ).result;
    expect(rel).toEqual([
      {
        parent: { link: `${base}/api/now/table/cmdb_ci/${vm.sys_id}`, value: vm.sys_id },
        'child.name': 'web-01',
        'type.name': 'Virtualized by::Virtualizes',
      },
    ]);
    const plain = queryTable(
      cmdb,
      'cmdb_rel_ci',
      { sysparm_fields: 'child', sysparm_exclude_reference_link: 'true' },
      base,
    ).result;
    expect(plain).toEqual([{ child: linux.sys_id }]);
    const display = queryTable(
      cmdb,
      'cmdb_rel_ci',
      { sysparm_fields: 'child', sysparm_display_value: 'true' },
      base,
    ).result;
    expect(display).toEqual([{ child: 'web-01' }]);
  });
});
