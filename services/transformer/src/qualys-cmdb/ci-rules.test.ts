/**
 * The default CI class rule tables row by row, the evaluation order, every criterion operator, rule
 * file validation and reloading. Expected classes are read off the spec's tables by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CiClassRuleSet,
  type CiClassRules,
  classifyGav,
  classifyQps,
  DEFAULT_CI_CLASS_RULES_PATH,
  loadCiClassRules,
  parseCiClassRules,
} from './ci-rules.ts';
import type { GavAsset, HostAsset } from './qualys-types.ts';

const rules = loadCiClassRules(DEFAULT_CI_CLASS_RULES_PATH);

function gav(
  hardware: [string, string] | null,
  os: {
    osName?: string;
    category1?: string;
    category2?: string;
    publisher?: string;
    productName?: string;
  } | null = null,
): GavAsset {
  return {
    assetId: 1,
    hardware: hardware ? { category1: hardware[0], category2: hardware[1] } : null,
    operatingSystem: os,
  };
}

const WINDOWS_SERVER = {
  osName: 'Microsoft Windows Server 2022 Datacenter 10.0.20348 64-bit N/A Build 20348',
  category1: 'Windows',
  category2: 'Server',
  publisher: 'Microsoft',
  productName: 'Windows Server 2022',
};
const WINDOWS_CLIENT = {
  osName: 'Microsoft Windows 11 Enterprise 10.0.22631 64-bit N/A Build 22631',
  category1: 'Windows',
  category2: 'Client',
  publisher: 'Microsoft',
  productName: 'Windows 11',
};
const RHEL = {
  osName: 'Red Hat Enterprise Linux 8.9',
  category1: 'Linux',
  category2: 'Server',
  publisher: 'Red Hat',
  productName: 'Red Hat Enterprise Linux',
};
const ESXI = {
  osName: 'VMware ESXi 7.0.3 build-21930508',
  category1: 'Linux',
  category2: 'Server',
  publisher: 'VMware',
  productName: 'VMware ESXi',
};
const MACOS = {
  osName: 'macOS 14.4.1',
  category1: 'MacOS',
  category2: 'Client',
  publisher: 'Apple',
  productName: 'macOS',
};
const IOS_XE = {
  osName: 'Cisco IOS XE 17.9.4a',
  category1: 'Network Operating System',
  category2: 'Router',
  publisher: 'Cisco',
  productName: 'IOS XE',
};

describe('the default rule file', () => {
  it('loads with its version and the three tables in the spec order', () => {
    expect(rules.version).toBe('1');
    expect(rules.source).toBe(DEFAULT_CI_CLASS_RULES_PATH);
    expect(rules.hardware.map((r) => r.targetClass)).toEqual([
      'cmdb_ci_server',
      'cmdb_ci_server',
      'cmdb_ci_pc_hardware',
      'cmdb_ci_pc_hardware',
      'cmdb_ci_computer',
      'cmdb_ci_ip_router',
      'cmdb_ci_ip_switch',
      'cmdb_ci_netgear',
      'cmdb_ci_ip_firewall',
      'cmdb_ci_printer',
      'cmdb_ci_handheld_computing',
      'cmdb_ci_storage_device',
    ]);
    expect(rules.computer.map((r) => r.targetClass)).toEqual([
      'cmdb_ci_esx_server',
      'cmdb_ci_win_server',
      'cmdb_ci_pc_hardware',
      'cmdb_ci_linux_server',
      'cmdb_ci_unix_server',
      'cmdb_ci_pc_hardware',
    ]);
    expect(rules.assetManagement.map((r) => r.targetClass)).toEqual([
      'cmdb_ci_win_server',
      'cmdb_ci_pc_hardware',
      'cmdb_ci_linux_server',
      'cmdb_ci_netgear',
    ]);
    const lines = [...rules.hardware, ...rules.computer, ...rules.assetManagement].map((r) => r.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('GAV: hardware rules', () => {
  it.each([
    [['Computers', 'Desktop'], 'cmdb_ci_pc_hardware', 'hardware#3'],
    [['Computers', 'Notebook'], 'cmdb_ci_pc_hardware', 'hardware#4'],
    [['Networking Device', 'Router'], 'cmdb_ci_ip_router', 'hardware#6'],
    [['Networking Device', 'Switch'], 'cmdb_ci_ip_switch', 'hardware#7'],
    [['Networking Device', 'Unidentified'], 'cmdb_ci_netgear', 'hardware#8'],
    [['Network Security Device', 'Firewall'], 'cmdb_ci_ip_firewall', 'hardware#9'],
    [['Printers', 'Multi-Function Printer (MFP)'], 'cmdb_ci_printer', 'hardware#10'],
    [['Mobile', 'Smartphone'], 'cmdb_ci_handheld_computing', 'hardware#11'],
    [['Storage Device', 'NAS'], 'cmdb_ci_storage_device', 'hardware#12'],
  ] as const)('%j → %s (no refinement, whatever the OS)', (hardware, className, matchedRule) => {
    for (const os of [null, RHEL, WINDOWS_SERVER, IOS_XE]) {
      expect(classifyGav(gav([...hardware], os), rules)).toEqual({ className, matchedRule });
    }
  });

  it.each([
    [['Computers', 'Server'], 'cmdb_ci_server', 'hardware#1'],
    [['Computers', 'Virtual Machine'], 'cmdb_ci_server', 'hardware#2'],
    [['Computers', 'Thin Client'], 'cmdb_ci_computer', 'hardware#5'],
  ] as const)('%j → %s when no computer row refines it', (hardware, className, matchedRule) => {
    expect(classifyGav(gav([...hardware], null), rules)).toEqual({ className, matchedRule });
    expect(classifyGav(gav([...hardware], IOS_XE), rules)).toEqual({ className, matchedRule });
  });

  it('compares categories case-insensitively', () => {
    expect(classifyGav(gav(['COMPUTERS', 'desktop']), rules)).toEqual({
      className: 'cmdb_ci_pc_hardware',
      matchedRule: 'hardware#3',
    });
  });
});

describe('GAV: computer rules refine cmdb_ci_server and cmdb_ci_computer', () => {
  const refined: Array<[string, Parameters<typeof gav>[1], string, number]> = [
    ['VMware ESXi (categorised Linux)', ESXI, 'cmdb_ci_esx_server', 1],
    ['VMware ESXi (categorised Hypervisor)', { ...ESXI, category1: 'Hypervisor' }, 'cmdb_ci_esx_server', 1],
    ['Windows Server', WINDOWS_SERVER, 'cmdb_ci_win_server', 2],
    ['Windows Client', WINDOWS_CLIENT, 'cmdb_ci_pc_hardware', 3],
    ['Linux', RHEL, 'cmdb_ci_linux_server', 4],
    ['AIX', { osName: 'AIX 7.2', category1: 'Unix', category2: 'Server' }, 'cmdb_ci_unix_server', 5],
    ['Solaris', { osName: 'Oracle Solaris 11.4', category1: 'Unix' }, 'cmdb_ci_unix_server', 5],
    ['HP-UX', { osName: 'HP-UX 11.31', category1: 'Unix' }, 'cmdb_ci_unix_server', 5],
    ['MacOS', MACOS, 'cmdb_ci_pc_hardware', 6],
  ];

  it.each(refined)('Computers/Server + %s', (_label, os, className, row) => {
    expect(classifyGav(gav(['Computers', 'Server'], os), rules)).toEqual({
      className,
      matchedRule: `hardware#1>computer#${row}`,
    });
  });

  it.each(refined)('Computers/Virtual Machine + %s', (_label, os, className, row) => {
    expect(classifyGav(gav(['Computers', 'Virtual Machine'], os), rules)).toEqual({
      className,
      matchedRule: `hardware#2>computer#${row}`,
    });
  });

  it.each(refined)('Computers/Thin Client (cmdb_ci_computer) + %s', (_label, os, className, row) => {
    expect(classifyGav(gav(['Computers', 'Thin Client'], os), rules)).toEqual({
      className,
      matchedRule: `hardware#5>computer#${row}`,
    });
  });

  it.each(refined)('no hardware row + %s', (_label, os, className, row) => {
    expect(classifyGav(gav(['Unidentified', 'Unidentified'], os), rules)).toEqual({
      className,
      matchedRule: `computer#${row}`,
    });
    expect(classifyGav(gav(null, os), rules)).toEqual({ className, matchedRule: `computer#${row}` });
  });

  it('ESXi needs the VMware publisher: another publisher falls to the Linux row', () => {
    expect(classifyGav(gav(['Computers', 'Server'], { ...ESXI, publisher: 'Broadcom' }), rules)).toEqual({
      className: 'cmdb_ci_linux_server',
      matchedRule: 'hardware#1>computer#4',
    });
  });

  it('a Windows asset without OS category 2 matches neither Windows row', () => {
    expect(
      classifyGav(gav(['Computers', 'Server'], { ...WINDOWS_SERVER, category2: undefined }), rules),
    ).toEqual({ className: 'cmdb_ci_server', matchedRule: 'hardware#1' });
  });
});

describe('GAV: no match at all', () => {
  it('gives cmdb_ci_computer', () => {
    expect(classifyGav(gav(['Unidentified', 'Unidentified'], null), rules)).toEqual({
      className: 'cmdb_ci_computer',
      matchedRule: 'fallthrough',
    });
    expect(classifyGav({ assetId: 1 }, rules)).toEqual({
      className: 'cmdb_ci_computer',
      matchedRule: 'fallthrough',
    });
    expect(classifyGav(gav(['', ''], IOS_XE), rules)).toEqual({
      className: 'cmdb_ci_computer',
      matchedRule: 'fallthrough',
    });
  });
});

function host(
  os: string | undefined,
  extra: { volume?: boolean; processor?: boolean; cloud?: 'Ec2' | 'Azure' | 'Gcp' } = {},
): HostAsset {
  return {
    id: '1',
    ...(os === undefined ? {} : { os }),
    ...(extra.volume
      ? { volume: { list: { HostAssetVolume: { name: '/', size: '53687091200', free: '1' } } } }
      : {}),
    ...(extra.processor
      ? { processor: { list: { HostAssetProcessor: [{ name: 'Xeon' }, { name: 'Xeon' }] } } }
      : {}),
    ...(extra.cloud
      ? { sourceInfo: { list: { [`${extra.cloud}AssetSourceSimple`]: { region: 'r1' } } } }
      : {}),
  };
}

describe('QPS: asset management rules', () => {
  it.each([
    ['Microsoft Windows Server 2022 Datacenter', 'cmdb_ci_win_server', 1],
    ['microsoft windows server 2019 standard', 'cmdb_ci_win_server', 1],
    ['Microsoft Windows 10 Enterprise', 'cmdb_ci_pc_hardware', 2],
    ['Microsoft Windows 11 Enterprise', 'cmdb_ci_pc_hardware', 2],
    ['Linux 3.x', 'cmdb_ci_linux_server', 3],
    ['Canonical Ubuntu 22.04.4 LTS', 'cmdb_ci_linux_server', 3],
    ['Red Hat Enterprise Linux 8.9', 'cmdb_ci_linux_server', 3],
    ['CentOS 7.9.2009', 'cmdb_ci_linux_server', 3],
    ['Debian 12.5', 'cmdb_ci_linux_server', 3],
    ['SUSE Enterprise Server 15 SP5', 'cmdb_ci_linux_server', 3],
    ['Amazon 2023', 'cmdb_ci_linux_server', 3],
  ])('os %j → %s', (os, className, row) => {
    for (const extra of [{}, { volume: true, processor: true, cloud: 'Ec2' as const }]) {
      expect(classifyQps(host(os, extra), rules)).toEqual({
        className,
        matchedRule: `assetManagement#${row}`,
      });
    }
  });

  it('no volume, no processor and no cloud → cmdb_ci_netgear, whatever the OS', () => {
    for (const os of ['Cisco IOS XE 17.9.4a', 'HP FutureSmart Firmware 5.7', undefined]) {
      expect(classifyQps(host(os), rules)).toEqual({
        className: 'cmdb_ci_netgear',
        matchedRule: 'assetManagement#4',
      });
    }
  });

  it.each([
    ['a volume list', { volume: true }],
    ['a processor', { processor: true }],
    ['EC2 source info', { cloud: 'Ec2' as const }],
    ['Azure source info', { cloud: 'Azure' as const }],
    ['GCP source info', { cloud: 'Gcp' as const }],
  ])('a non-matching OS with %s falls through to cmdb_ci_computer', (_label, extra) => {
    expect(classifyQps(host('IBM AIX 7.2 TL5 SP6', extra), rules)).toEqual({
      className: 'cmdb_ci_computer',
      matchedRule: 'fallthrough',
    });
  });

  it('reads single-item lists (objects) and arrays alike, and an empty list as absent', () => {
    const asArray: HostAsset = {
      id: '1',
      os: 'Cisco IOS',
      volume: { list: { HostAssetVolume: [{ name: '/', size: '1' }] } },
    };
    const empty: HostAsset = { id: '1', os: 'Cisco IOS', volume: { list: { HostAssetVolume: '' } } };
    expect(classifyQps(asArray, rules).matchedRule).toBe('fallthrough');
    expect(classifyQps(empty, rules).matchedRule).toBe('assetManagement#4');
  });
});

/** A rule file with one hardware row of the given category1 criterion, for the operator tests. */
function withCriterion(criterion: string): CiClassRules {
  return parseCiClassRules(
    [
      "version: 't'",
      'hardware:',
      `  - { category1: ${criterion}, class: cmdb_ci_hit }`,
      'computer: []',
      'assetManagement: []',
    ].join('\n'),
    'inline.yaml',
  );
}

function hits(criterion: string, value: string | null): boolean {
  const set = withCriterion(criterion);
  return classifyGav({ assetId: 1, hardware: { category1: value } }, set).className === 'cmdb_ci_hit';
}

describe('criterion operators', () => {
  it("'*' matches anything, including an absent value", () => {
    expect(hits("'*'", 'Computers')).toBe(true);
    expect(hits("'*'", null)).toBe(true);
    expect(hits("'*'", '')).toBe(true);
  });

  it('a plain value equals, case-insensitively, and never matches an absent value', () => {
    expect(hits('Computers', 'computers')).toBe(true);
    expect(hits('Computers', 'Computers Other')).toBe(false);
    expect(hits('Computers', null)).toBe(false);
    expect(hits('{ equals: Computers }', 'COMPUTERS')).toBe(true);
    expect(hits('{ equals: present }', 'Present')).toBe(true);
    expect(hits('{ equals: present }', 'Computers')).toBe(false);
  });

  it('contains', () => {
    expect(hits('{ contains: PUTER }', 'Computers')).toBe(true);
    expect(hits('{ contains: Printer }', 'Computers')).toBe(false);
    expect(hits("{ contains: '' }", null)).toBe(false);
  });

  it('startsWith', () => {
    expect(hits('{ startsWith: comp }', 'Computers')).toBe(true);
    expect(hits('{ startsWith: puters }', 'Computers')).toBe(false);
    expect(hits('{ startsWith: comp }', null)).toBe(false);
  });

  it('regex is a case-insensitive search, not a whole-string match', () => {
    expect(hits("{ regex: 'aix|solaris' }", 'IBM AIX 7.2')).toBe(true);
    expect(hits("{ regex: '^IBM' }", 'ibm aix')).toBe(true);
    expect(hits("{ regex: '^AIX$' }", 'IBM AIX 7.2')).toBe(false);
    expect(hits("{ regex: '.*' }", null)).toBe(false);
  });

  it('present and absent; null and "" are absent', () => {
    expect(hits('present', 'x')).toBe(true);
    expect(hits('present', '')).toBe(false);
    expect(hits('present', null)).toBe(false);
    expect(hits('absent', null)).toBe(true);
    expect(hits('absent', '')).toBe(true);
    expect(hits('absent', 'x')).toBe(false);
  });

  it('a number is compared as text, and a column left out is *', () => {
    expect(hits('2019', '2019')).toBe(true);
    const set = parseCiClassRules(
      'version: 2\nhardware: [{ class: cmdb_ci_any }]\ncomputer: []\nassetManagement: []\n',
      'x.yaml',
    );
    expect(set.version).toBe('2');
    expect(classifyGav({ assetId: 1 }, set)).toEqual({ className: 'cmdb_ci_any', matchedRule: 'hardware#1' });
  });

  it('the first matching row wins', () => {
    const set = parseCiClassRules(
      [
        "version: '1'",
        'hardware: []',
        'computer: []',
        'assetManagement:',
        '  - { operatingSystem: { contains: linux }, class: cmdb_ci_first }',
        '  - { operatingSystem: { contains: linux }, class: cmdb_ci_second }',
      ].join('\n'),
      'x.yaml',
    );
    expect(classifyQps({ id: '1', os: 'Linux' }, set)).toEqual({
      className: 'cmdb_ci_first',
      matchedRule: 'assetManagement#1',
    });
  });
});

const VALID_HEAD = ["version: '1'", 'hardware:', '  - { category1: Computers, class: cmdb_ci_computer }'];

function invalid(lines: string[]): { code: string; message: string; details: Record<string, unknown> } {
  try {
    parseCiClassRules(lines.join('\n'), '/etc/sluice/ci-class-rules.yaml');
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected the rules to be refused');
}

describe('rule file validation', () => {
  it('names the file and the line of a row with an unknown operator', () => {
    const error = invalid([
      ...VALID_HEAD,
      '  - { category1: Printers, category2: { like: Laser }, class: cmdb_ci_printer }',
      'computer: []',
      'assetManagement: []',
    ]);
    expect(error.code).toBe('CI_RULES_INVALID');
    expect(error.message).toContain('/etc/sluice/ci-class-rules.yaml:4: hardware row 2: category2:');
    expect(error.details.line).toBe(4);
  });

  it('refuses an invalid regex, naming its line', () => {
    const error = invalid([
      ...VALID_HEAD,
      'computer:',
      '  - { osName: "*", class: cmdb_ci_linux_server }',
      "  - { osName: { regex: 'AIX|(Solaris' }, class: cmdb_ci_unix_server }",
      'assetManagement: []',
    ]);
    expect(error.code).toBe('CI_RULES_INVALID');
    expect(error.message).toMatch(/ci-class-rules\.yaml:6: computer row 2: osName: invalid regex/);
  });

  it('gives the line of the row for a row written as a block map', () => {
    const error = invalid([
      ...VALID_HEAD,
      'computer: []',
      'assetManagement:',
      '  - operatingSystem: Linux',
      '    volumeInfo: absent',
      '    clas: cmdb_ci_linux_server',
    ]);
    expect(error.message).toContain('ci-class-rules.yaml:6: assetManagement row 1');
    expect(error.message).toMatch(/clas/);
  });

  it('refuses an unknown column, a missing class and a bad class name', () => {
    expect(
      invalid([
        ...VALID_HEAD,
        '  - { category3: x, class: cmdb_ci_x }',
        'computer: []',
        'assetManagement: []',
      ]).message,
    ).toMatch(/yaml:4: hardware row 2.*category3/);
    expect(
      invalid([...VALID_HEAD, '  - { category1: x }', 'computer: []', 'assetManagement: []']).message,
    ).toMatch(/yaml:4: hardware row 2: class: class is required/);
    expect(
      invalid([...VALID_HEAD, '  - { category1: x, class: Server }', 'computer: []', 'assetManagement: []'])
        .message,
    ).toMatch(/yaml:4: hardware row 2: class: class must be a CI class table name/);
  });

  it('reports every bad row, each with its line', () => {
    const error = invalid([
      ...VALID_HEAD,
      '  - { category1: [a, b], class: cmdb_ci_x }',
      'computer:',
      '  - { osName: { regex: "(" }, class: cmdb_ci_x }',
      'assetManagement: []',
    ]);
    expect(error.details.issues).toEqual([
      expect.objectContaining({ line: 4, where: 'hardware row 2: category1' }),
      expect.objectContaining({ line: 6, where: 'computer row 1: osName' }),
    ]);
  });

  it('refuses a missing version or table', () => {
    expect(invalid(['hardware: []', 'computer: []', 'assetManagement: []']).message).toMatch(
      /yaml:1: version: version is required/,
    );
    expect(invalid(["version: '1'", 'hardware: []', 'computer: []']).message).toMatch(/assetManagement/);
  });

  it('reports a YAML syntax error with its line', () => {
    const error = invalid([
      ...VALID_HEAD,
      '  - { category1: Printers, class: cmdb_ci_printer',
      'computer: []',
    ]);
    expect(error.code).toBe('CI_RULES_INVALID');
    expect(error.message).toMatch(/ci-class-rules\.yaml:5: Flow map/);
  });

  it('reports a missing file as unreadable', () => {
    expect(() => loadCiClassRules('/nonexistent/ci-class-rules.yaml')).toThrow(
      expect.objectContaining({ code: 'CI_RULES_UNREADABLE' }),
    );
  });
});

const RULES_V1 = [
  "version: 'v1'",
  'hardware:',
  '  - { category1: Computers, class: cmdb_ci_computer }',
  'computer: []',
  'assetManagement: []',
].join('\n');
const RULES_V2 = RULES_V1.replace("'v1'", "'v2'").replace('cmdb_ci_computer', 'cmdb_ci_server');
const RULES_BAD = RULES_V1.replace("'v1'", "'v3'").replace('Computers', '{ regex: "(" }');

describe('CiClassRuleSet', () => {
  const dirs: string[] = [];
  const sets: CiClassRuleSet[] = [];
  afterEach(() => {
    for (const set of sets.splice(0)) set.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function ruleFile(content: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-ci-rules-'));
    dirs.push(dir);
    const file = join(dir, 'ci-class-rules.yaml');
    writeFileSync(file, content);
    return file;
  }

  const computer: GavAsset = { assetId: 1, hardware: { category1: 'Computers', category2: 'Tower' } };

  it('never starts empty: a bad file is refused at construction', () => {
    expect(() => new CiClassRuleSet(ruleFile(RULES_BAD))).toThrow(
      expect.objectContaining({ code: 'CI_RULES_INVALID' }),
    );
  });

  it('reloads a changed file', () => {
    const file = ruleFile(RULES_V1);
    const set = new CiClassRuleSet(file);
    expect(set.version).toBe('v1');
    writeFileSync(file, RULES_V2);
    const result = set.reload();
    expect(result.ok).toBe(true);
    expect(set.version).toBe('v2');
    expect(classifyGav(computer, set.rules).className).toBe('cmdb_ci_server');
  });

  it('keeps the previous rules when a reload fails, and reports the error', () => {
    const file = ruleFile(RULES_V1);
    const errors: string[] = [];
    const set = new CiClassRuleSet(file, { onError: (error) => errors.push(error.code) });
    writeFileSync(file, RULES_BAD);
    const result = set.reload();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('CI_RULES_INVALID');
    expect(!result.ok && result.error.message).toContain(
      `${file}:3: hardware row 1: category1: invalid regex`,
    );
    expect(result.rules.version).toBe('v1');
    expect(set.version).toBe('v1');
    expect(classifyGav(computer, set.rules).className).toBe('cmdb_ci_computer');
    expect(errors).toEqual(['CI_RULES_INVALID']);

    rmSync(file);
    expect(set.reload()).toMatchObject({ ok: false, error: { code: 'CI_RULES_UNREADABLE' } });
    expect(set.version).toBe('v1');
  });

  it('watches the file: a good change is applied, a bad one is reported and the rules stay', async () => {
    const file = ruleFile(RULES_V1);
    const errors: string[] = [];
    const set = new CiClassRuleSet(file, {
      watch: true,
      debounceMs: 20,
      onError: (error) => errors.push(error.code),
    });
    sets.push(set);

    writeFileSync(file, RULES_V2);
    await vi.waitFor(() => expect(set.version).toBe('v2'), { timeout: 5000, interval: 20 });

    writeFileSync(file, RULES_BAD);
    await vi.waitFor(() => expect(errors).toContain('CI_RULES_INVALID'), { timeout: 5000, interval: 20 });
    expect(set.version).toBe('v2');
    expect(classifyGav(computer, set.rules).className).toBe('cmdb_ci_server');
  });
});
