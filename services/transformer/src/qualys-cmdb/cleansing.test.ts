/** Cleansing rules of the spec's "Precise readings", expected values written by hand. */
import { describe, expect, it } from 'vitest';
import {
  dateTime,
  diskSpaceGb,
  firstIpAddress,
  gavCiName,
  macAddress,
  osAddressWidth,
  serialNumber,
  text,
} from './cleansing.ts';

describe('text', () => {
  it('keeps strings as given and numbers as strings; null, "" and blanks are absent', () => {
    expect(text('Dell Inc.')).toBe('Dell Inc.');
    expect(text(16384)).toBe('16384');
    expect(text(0)).toBe('0');
    expect(text('')).toBeUndefined();
    expect(text('   ')).toBeUndefined();
    expect(text(null)).toBeUndefined();
    expect(text(undefined)).toBeUndefined();
    expect(text(Number.NaN)).toBeUndefined();
    expect(text({})).toBeUndefined();
  });
});

describe('macAddress', () => {
  it('lower-cases and joins with colons whatever the separator', () => {
    expect(macAddress('00:50:56:aa:bb:cc')).toBe('00:50:56:aa:bb:cc');
    expect(macAddress('00:50:56:AA:BB:CC')).toBe('00:50:56:aa:bb:cc');
    expect(macAddress('00-50-56-AA-BB-CC')).toBe('00:50:56:aa:bb:cc');
    expect(macAddress('00 0A 95 9D 68 16')).toBe('00:0a:95:9d:68:16');
    expect(macAddress('000a.959d.6816')).toBe('00:0a:95:9d:68:16');
    expect(macAddress('000A959D6816')).toBe('00:0a:95:9d:68:16');
  });

  it('leaves out what is not a MAC', () => {
    expect(macAddress('')).toBeUndefined();
    expect(macAddress(null)).toBeUndefined();
    expect(macAddress('00:50:56:aa:bb')).toBeUndefined();
    expect(macAddress('zz:50:56:aa:bb:cc')).toBeUndefined();
  });
});

describe('firstIpAddress', () => {
  it('takes the first address of a comma-joined list', () => {
    expect(firstIpAddress('10.0.0.5')).toBe('10.0.0.5');
    expect(firstIpAddress('10.0.0.5,10.0.0.6')).toBe('10.0.0.5');
    expect(firstIpAddress(' 10.0.0.5 , 10.0.0.6')).toBe('10.0.0.5');
    expect(firstIpAddress(',10.0.0.6')).toBe('10.0.0.6');
    expect(firstIpAddress('')).toBeUndefined();
    expect(firstIpAddress(null)).toBeUndefined();
  });
});

describe('serialNumber', () => {
  it('omits serials shorter than 7 characters or empty', () => {
    expect(serialNumber('7XK2P9Q')).toBe('7XK2P9Q');
    expect(serialNumber('VMware-42 1a 2b 3c')).toBe('VMware-42 1a 2b 3c');
    expect(serialNumber('123456')).toBeUndefined();
    expect(serialNumber('N/A')).toBeUndefined();
    expect(serialNumber('0')).toBeUndefined();
    expect(serialNumber('')).toBeUndefined();
    expect(serialNumber(null)).toBeUndefined();
  });

  it('counts the length without surrounding blanks', () => {
    expect(serialNumber('  ABC12  ')).toBeUndefined();
    expect(serialNumber(' 7XK2P9Q ')).toBe('7XK2P9Q');
  });
});

describe('dateTime', () => {
  it('writes YYYY-MM-DD HH:mm:ss in UTC and cuts fractions', () => {
    expect(dateTime('2025-06-01T08:15:00Z')).toBe('2025-06-01 08:15:00');
    expect(dateTime('2025-06-01T08:15:00.000Z')).toBe('2025-06-01 08:15:00');
    expect(dateTime('2025-06-01T08:15:59.999Z')).toBe('2025-06-01 08:15:59');
    expect(dateTime('2025-06-01T08:15:59.123456Z')).toBe('2025-06-01 08:15:59');
  });

  it('converts an offset to UTC', () => {
    expect(dateTime('2025-06-01T08:15:00.500+02:00')).toBe('2025-06-01 06:15:00');
    expect(dateTime('2025-06-01T20:15:00-05:00')).toBe('2025-06-02 01:15:00');
    expect(dateTime('2025-01-01T03:00:00+05:30')).toBe('2024-12-31 21:30:00');
    expect(dateTime('2025-06-01T08:15:00+0200')).toBe('2025-06-01 06:15:00');
  });

  it('reads a date without a zone as UTC, and epoch milliseconds', () => {
    expect(dateTime('2025-06-01T08:15:00')).toBe('2025-06-01 08:15:00');
    expect(dateTime('2025-06-01 08:15:00')).toBe('2025-06-01 08:15:00');
    expect(dateTime('2025-06-01')).toBe('2025-06-01 00:00:00');
    expect(dateTime(1_748_765_700_000)).toBe('2025-06-01 08:15:00');
  });

  it('leaves out what is not a date', () => {
    expect(dateTime('')).toBeUndefined();
    expect(dateTime(null)).toBeUndefined();
    expect(dateTime('yesterday')).toBeUndefined();
    expect(dateTime('2025-13-01T00:00:00Z')).toBeUndefined();
    expect(dateTime('2025-02-30T00:00:00Z')).toBeUndefined();
    expect(dateTime(0)).toBeUndefined();
  });
});

describe('diskSpaceGb', () => {
  it('sums bytes as GB (10^9) with one decimal, rounded half-up', () => {
    expect(diskSpaceGb([15_000_000_000])).toBe('15.0');
    expect(diskSpaceGb([10_000_000_000, 5_000_000_000])).toBe('15.0');
    expect(diskSpaceGb([1_073_741_824])).toBe('1.1');
    expect(diskSpaceGb([53_687_091_200, 107_374_182_400])).toBe('161.1');
    expect(diskSpaceGb([150_000_000])).toBe('0.2');
    expect(diskSpaceGb([149_999_999])).toBe('0.1');
    expect(diskSpaceGb([1_250_000_000])).toBe('1.3');
    expect(diskSpaceGb([0])).toBe('0.0');
  });

  it('reads XML strings and skips sizes that are not numbers', () => {
    expect(diskSpaceGb(['53687091200', '1073741824'])).toBe('54.8');
    expect(diskSpaceGb(['15000000000', null, ''])).toBe('15.0');
    expect(diskSpaceGb([])).toBeUndefined();
    expect(diskSpaceGb([null, 'n/a'])).toBeUndefined();
  });
});

describe('osAddressWidth', () => {
  it('reads 64-bit and 32-bit in any case, nothing else', () => {
    expect(osAddressWidth('64-Bit')).toBe('64');
    expect(osAddressWidth('64-bit')).toBe('64');
    expect(osAddressWidth('X64-BIT')).toBe('64');
    expect(osAddressWidth('32-Bit')).toBe('32');
    expect(osAddressWidth('x86_64')).toBeUndefined();
    expect(osAddressWidth(null)).toBeUndefined();
  });
});

describe('gavCiName', () => {
  it('takes assetName, else the host part of dnsName, else netbiosName, lower-cased', () => {
    expect(gavCiName({ assetName: 'WINSRV-00001', dnsName: 'other.corp.example.com' })).toBe('winsrv-00001');
    expect(gavCiName({ assetName: 'Web-01.Corp.Example.com' })).toBe('web-01.corp.example.com');
    expect(gavCiName({ assetName: '', dnsName: 'DB-01.corp.example.com', netbiosName: 'DB01' })).toBe(
      'db-01',
    );
    expect(gavCiName({ assetName: null, dnsName: null, netbiosName: 'PAYDB01' })).toBe('paydb01');
    expect(gavCiName({ assetName: null, dnsName: '', netbiosName: '' })).toBeUndefined();
  });
});
