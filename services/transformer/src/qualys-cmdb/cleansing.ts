/**
 * Cleansing of Qualys values into what the CMDB expects, Integration Commons style (reference
 * servicenow-cmdb.md §3.5). Pure functions: each returns `undefined` when the value cannot be sent, so
 * the field is left out rather than sent empty.
 */

/** A string that is not blank, or a finite number as a string; anything else is absent. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A number from a JSON number or an XML string; absent when it is not one. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** `00-0A-95-9D-68-16`, `00 0A 95 9D 68 16`, `000a.959d.6816` → `00:0a:95:9d:68:16`; not a MAC → absent. */
export function macAddress(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const hex = raw.replace(/[\s:.-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return (hex.match(/../g) as string[]).join(':');
}

/** The first address of a comma-joined list (`addressIpV4: "10.0.0.5,10.0.0.6"`). */
export function firstIpAddress(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((part) => part.trim())
    .find((part) => part !== '');
}

/** Shorter serials are placeholders (`N/A`, `0`, `123456`) that would merge unrelated CIs in IRE. */
export const MIN_SERIAL_LENGTH = 7;

export function serialNumber(value: unknown): string | undefined {
  const raw = text(value)?.trim();
  return raw !== undefined && raw.length >= MIN_SERIAL_LENGTH ? raw : undefined;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * `YYYY-MM-DD HH:mm:ss` in UTC, the IRE date format. An ISO input with an offset is converted, one
 * without a zone is read as UTC, fractions are cut (never rounded); a number is epoch ms (0 = never).
 */
export function dateTime(value: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') {
    ms = Number.isFinite(value) && value > 0 ? value : undefined;
  } else {
    const raw = text(value)?.trim();
    const m = raw === undefined ? null : ISO_DATE.exec(raw);
    if (m) {
      const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) => Number(part ?? 0)) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const local = Date.UTC(y, mo - 1, d, h, mi, s);
      const check = new Date(local);
      const valid =
        check.getUTCFullYear() === y &&
        check.getUTCMonth() === mo - 1 &&
        check.getUTCDate() === d &&
        check.getUTCHours() === h &&
        check.getUTCMinutes() === mi &&
        check.getUTCSeconds() === s;
      if (valid) ms = local - offsetMinutes(m[7]) * 60_000;
    }
  }
  if (ms === undefined) return undefined;
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : undefined;
}

/** Sum of volume sizes in bytes as GB (10^9), rounded half-up to one decimal: `"15.0"`. */
export function diskSpaceGb(sizes: ReadonlyArray<unknown>): string | undefined {
  const bytes = sizes.map(numeric).filter((n): n is number => n !== undefined && n >= 0);
  if (bytes.length === 0) return undefined;
  const total = Math.round(bytes.reduce((sum, n) => sum + n, 0));
  const tenths = Math.floor((total + 50_000_000) / 100_000_000);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** `"64"` when the architecture says 64-bit, `"32"` for 32-bit, else absent (`x86_64` says neither). */
export function osAddressWidth(value: unknown): string | undefined {
  const raw = text(value)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw.includes('64-bit')) return '64';
  if (raw.includes('32-bit')) return '32';
  return undefined;
}

/** Everything before the first dot of a DNS name. */
export function hostPart(dnsName: string): string {
  return dnsName.split('.')[0] ?? dnsName;
}

/**
 * The GAV CI name: `assetName` (whole, even when it is an FQDN), else the host part of `dnsName`,
 * else `netbiosName`; lower-cased whichever wins.
 */
export function gavCiName(names: {
  readonly assetName?: unknown;
  readonly dnsName?: unknown;
  readonly netbiosName?: unknown;
}): string | undefined {
  const assetName = text(names.assetName);
  const dnsName = text(names.dnsName);
  const host = dnsName === undefined ? undefined : text(hostPart(dnsName));
  return (assetName ?? host ?? text(names.netbiosName))?.toLowerCase();
}
