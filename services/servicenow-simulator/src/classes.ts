/**
 * The simulated CMDB's metadata, as data: the CI class tree, the identification rules (what the
 * platform keeps in `cmdb_identifier` / `cmdb_identifier_entry`), the lookup and related tables a
 * rule accepts, the relationship types, and the reference fields of the non-CI tables.
 * `cmdb-model.ts` interprets these tables; nothing here is code.
 */

export interface CiClassSpec {
  readonly name: string;
  readonly parent?: string;
}

/** The class tree. A record lives in its own class table and is read through every ancestor. */
export const CI_CLASSES: ReadonlyArray<CiClassSpec> = [
  { name: 'cmdb_ci' },
  { name: 'cmdb_ci_hardware', parent: 'cmdb_ci' },
  { name: 'cmdb_ci_computer', parent: 'cmdb_ci_hardware' },
  { name: 'cmdb_ci_server', parent: 'cmdb_ci_computer' },
  { name: 'cmdb_ci_win_server', parent: 'cmdb_ci_server' },
  { name: 'cmdb_ci_linux_server', parent: 'cmdb_ci_server' },
  { name: 'cmdb_ci_unix_server', parent: 'cmdb_ci_server' },
  { name: 'cmdb_ci_virtualization_server', parent: 'cmdb_ci_server' },
  { name: 'cmdb_ci_esx_server', parent: 'cmdb_ci_virtualization_server' },
  { name: 'cmdb_ci_pc_hardware', parent: 'cmdb_ci_computer' },
  { name: 'cmdb_ci_netgear', parent: 'cmdb_ci_hardware' },
  { name: 'cmdb_ci_ip_router', parent: 'cmdb_ci_netgear' },
  { name: 'cmdb_ci_ip_switch', parent: 'cmdb_ci_netgear' },
  { name: 'cmdb_ci_ip_firewall', parent: 'cmdb_ci_netgear' },
  { name: 'cmdb_ci_printer', parent: 'cmdb_ci_hardware' },
  { name: 'cmdb_ci_handheld_computing', parent: 'cmdb_ci_hardware' },
  { name: 'cmdb_ci_storage_device', parent: 'cmdb_ci_hardware' },
  { name: 'cmdb_ci_vm_object', parent: 'cmdb_ci' },
  { name: 'cmdb_ci_vm_instance', parent: 'cmdb_ci_vm_object' },
  { name: 'cmdb_ci_logical_datacenter', parent: 'cmdb_ci' },
  { name: 'cmdb_ci_aws_datacenter', parent: 'cmdb_ci_logical_datacenter' },
  { name: 'cmdb_ci_azure_datacenter', parent: 'cmdb_ci_logical_datacenter' },
  { name: 'cmdb_ci_google_datacenter', parent: 'cmdb_ci_logical_datacenter' },
  // Not in the brief's tree; the reference's example payload sends one (datacenter → account).
  { name: 'cmdb_ci_cloud_service_account', parent: 'cmdb_ci' },
];

/**
 * A lookup table: records that point at a CI through `ciField` and can identify it. `identity` is what
 * makes two records of one CI the same record when a payload is upserted.
 */
export interface ChildTableSpec {
  readonly ciField: string;
  readonly identity: ReadonlyArray<string>;
}

export const LOOKUP_TABLES: Readonly<Record<string, ChildTableSpec>> = {
  cmdb_serial_number: { ciField: 'cmdb_ci', identity: ['serial_number', 'serial_number_type'] },
  cmdb_ci_network_adapter: { ciField: 'cmdb_ci', identity: ['mac_address', 'name'] },
};

/** Related tables (`cmdb_related_entry`): written with the CI, never used to identify it. */
export const RELATED_TABLES: Readonly<Record<string, ChildTableSpec>> = {
  cmdb_sam_sw_install: { ciField: 'installed_on', identity: ['display_name', 'version', 'publisher'] },
};

/**
 * One identifier entry. With `lookupTable` the attributes are searched on that table's records of the
 * payload's `lookup[]`; otherwise on the item's `values` against `searchOnTable` and its descendants.
 */
export interface IdentifierEntrySpec {
  readonly attributes: ReadonlyArray<string>;
  readonly searchOnTable: string;
  readonly lookupTable?: string;
}

export interface IdentificationRuleSpec {
  readonly name: string;
  /** The `cmdb_identifier` sys_id reported as `identifierEntrySysId`. */
  readonly sysId: string;
  /** The class the rule is defined on; its descendants inherit it. */
  readonly appliesTo: string;
  /** In priority order: the first entry that matches wins. */
  readonly entries: ReadonlyArray<IdentifierEntrySpec>;
  readonly lookupTables: ReadonlyArray<string>;
  readonly relatedTables: ReadonlyArray<string>;
}

export const IDENTIFICATION_RULES: ReadonlyArray<IdentificationRuleSpec> = [
  {
    // Shared by Hardware, Computer and Server; the sys_id is the one in the platform's own examples.
    name: 'Hardware Rule',
    sysId: '556eb250c3400200d8d4bea192d3ae92',
    appliesTo: 'cmdb_ci_hardware',
    entries: [
      {
        attributes: ['serial_number', 'serial_number_type'],
        searchOnTable: 'cmdb_serial_number',
        lookupTable: 'cmdb_serial_number',
      },
      { attributes: ['serial_number'], searchOnTable: 'cmdb_ci_hardware' },
      { attributes: ['name'], searchOnTable: 'cmdb_ci_hardware' },
      {
        attributes: ['mac_address', 'name'],
        searchOnTable: 'cmdb_ci_network_adapter',
        lookupTable: 'cmdb_ci_network_adapter',
      },
    ],
    lookupTables: ['cmdb_serial_number', 'cmdb_ci_network_adapter'],
    relatedTables: ['cmdb_sam_sw_install'],
  },
  {
    name: 'Virtual Machine Instance',
    sysId: '8c4bb4a1c3a1301098ba1f2e3b40dd01',
    appliesTo: 'cmdb_ci_vm_instance',
    entries: [{ attributes: ['object_id'], searchOnTable: 'cmdb_ci_vm_instance' }],
    lookupTables: [],
    relatedTables: [],
  },
  {
    name: 'Logical Datacenter',
    sysId: '8c4bb4a1c3a1301098ba1f2e3b40dd02',
    appliesTo: 'cmdb_ci_logical_datacenter',
    entries: [{ attributes: ['object_id', 'region'], searchOnTable: 'cmdb_ci_logical_datacenter' }],
    lookupTables: [],
    relatedTables: [],
  },
  {
    name: 'Cloud Service Account',
    sysId: '8c4bb4a1c3a1301098ba1f2e3b40dd03',
    appliesTo: 'cmdb_ci_cloud_service_account',
    entries: [{ attributes: ['object_id'], searchOnTable: 'cmdb_ci_cloud_service_account' }],
    lookupTables: [],
    relatedTables: [],
  },
];

/** `cmdb_rel_type` names, `parent descriptor::child descriptor`. */
export const RELATIONSHIP_TYPES: ReadonlyArray<string> = [
  'Virtualized by::Virtualizes',
  'Hosted on::Hosts',
  'Runs on::Runs',
  'Owns::Owned by',
  'Owned by::Owns',
  'Contains::Contained by',
  'Depends on::Used by',
  'Provisioned From::Provisioned',
  'IP Connection::IP Connection',
  'Members::Member of',
  'Uses::Used by',
];

/** Tables that are not CI classes, with the reference fields the Table API renders as links. */
export const PLAIN_TABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  cmdb_serial_number: { cmdb_ci: 'cmdb_ci' },
  cmdb_ci_network_adapter: { cmdb_ci: 'cmdb_ci' },
  cmdb_sam_sw_install: { installed_on: 'cmdb_ci' },
  cmdb_rel_ci: { parent: 'cmdb_ci', child: 'cmdb_ci', type: 'cmdb_rel_type' },
  cmdb_rel_type: {},
  sys_object_source: {},
  cmdb_ire_partial_payloads: {},
  cmdb_ire_incomplete_payloads: {},
};

/** The field a reference shows as its display value (`sysparm_display_value=true`). */
export const DISPLAY_FIELDS: Readonly<Record<string, string>> = {
  cmdb_ci: 'name',
  cmdb_rel_type: 'name',
};

/** `install_status` choice value of a retired CI. */
export const INSTALL_STATUS_RETIRED = '7';
