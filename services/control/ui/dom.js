// Small DOM and formatting helpers shared by the views. Everything is built with
// createElement/textContent: no HTML string is ever parsed, so server data cannot inject markup.

/**
 * Create an element.
 * props: `class`, `testid` (→ data-testid), `text`, `on<event>` handlers, `true` for boolean
 * attributes; null/undefined/false are skipped; anything else becomes an attribute.
 * children: nodes, strings/numbers (text), arrays (flattened), null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

export function applyProps(el, props) {
  if (!props) return el;
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'testid') el.setAttribute('data-testid', value);
    else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

/** Replace all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// ---------------------------------------------------------------- numbers

const numberFormat = new Intl.NumberFormat('en-US');

/** 12345 → "12,345"; anything that is not a finite number → "—". */
export function fmtNum(n) {
  return typeof n === 'number' && Number.isFinite(n) ? numberFormat.format(n) : '—';
}

/** Plain digits for the `run-*` count elements (tests read them as numbers). */
export function plainNum(n) {
  return typeof n === 'number' && Number.isFinite(n) ? String(n) : '0';
}

/** 1234 → "1.2k", 3400000 → "3.4M" (axis labels). */
export function fmtCompact(n) {
  const abs = Math.abs(n);
  const trim = (x) => String(Number(x.toFixed(1)));
  if (abs >= 1e9) return `${trim(n / 1e9)}G`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e3) return `${trim(n / 1e3)}k`;
  return numberFormat.format(n);
}

/** Keys of a count record that are not "things that made it through" (excluded from totals). */
const NOT_THROUGH = new Set(['skipped', 'errors', 'error', 'rejected', 'failed']);

/** Sum of a count record, leaving out skipped/errors entries. */
export function total(record) {
  if (!record || typeof record !== 'object') return 0;
  let sum = 0;
  for (const [key, value] of Object.entries(record)) {
    if (!NOT_THROUGH.has(key) && typeof value === 'number' && Number.isFinite(value)) sum += value;
  }
  return sum;
}

const ACRONYMS = { cis: 'CIs', ci: 'CI', ips: 'IPs', api: 'API' };

/** "assetsPushed" → "Assets pushed", "cis" → "CIs". */
export function humanize(key) {
  if (ACRONYMS[key]) return ACRONYMS[key];
  const words = String(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "orgs 3 · projects 12 · issues 1,204" (used in title attributes). */
export function breakdown(record) {
  if (!record || typeof record !== 'object') return '';
  return Object.entries(record)
    .map(([key, value]) => `${humanize(key)}: ${fmtNum(value)}`)
    .join(' · ');
}

// ---------------------------------------------------------------- times

const pad = (n) => String(n).padStart(2, '0');

export function parseTime(iso) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** ISO string → "2025-01-31 14:05:09" in the browser's local time zone. */
export function fmtTime(iso) {
  const t = parseTime(iso);
  if (t === null) return iso ? String(iso) : '—';
  const d = new Date(t);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** A <time> element showing local time with the ISO string in its title (`short`: time of day only). */
export function timeEl(iso, testid, short = false) {
  if (!iso) return h('span', { class: 'muted', testid }, '—');
  const text = short && parseTime(iso) !== null ? fmtTime(iso).slice(11) : fmtTime(iso);
  return h('time', { datetime: iso, title: iso, testid }, text);
}

/** "+01:00" style offset of the browser's zone, for the footer note. */
export function zoneLabel() {
  const offset = -new Date().getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
  return `${name} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

/** Milliseconds → "850 ms", "12.4 s", "3 m 05 s", "2 h 07 m". */
export function fmtDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalS = Math.round(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m} m ${pad(totalS % 60)} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${pad(m % 60)} m`;
  return `${Math.floor(hours / 24)} d ${pad(hours % 24)} h`;
}

/** durationMs if present, else finishedAt - startedAt. */
export function runDuration(run) {
  if (typeof run.durationMs === 'number') return run.durationMs;
  const start = parseTime(run.startedAt);
  const end = parseTime(run.finishedAt);
  return start !== null && end !== null ? end - start : undefined;
}

/** `datetime-local` value ("2025-01-31T14:05") → ISO string in UTC, or '' when empty/invalid. */
export function localInputToIso(value) {
  if (!value) return '';
  const t = Date.parse(value);
  return Number.isNaN(t) ? '' : new Date(t).toISOString();
}

// ---------------------------------------------------------------- states

export const ACTIVE_STATES = new Set(['Scheduled', 'Processing', 'Processed']);

/** A coloured state badge; the colour comes from `.badge-<state>` in styles.css. */
export function badge(state, testid) {
  const known = ['registered', 'scheduled', 'processing', 'processed', 'completed', 'failed'];
  const cls = known.includes(String(state).toLowerCase()) ? String(state).toLowerCase() : 'unknown';
  return h('span', { class: `badge badge-${cls}`, testid }, state ?? 'Unknown');
}

/** Label + raw id for a connection type. */
export const TYPE_LABELS = {
  'snyk-etm': 'Snyk → Qualys ETM',
  'qualys-cmdb': 'Qualys → ServiceNow CMDB',
};

/** The `#/runs/<id>` href of a run. */
export function runHref(runId) {
  return `#/runs/${encodeURIComponent(runId)}`;
}

/** Build "?a=1&b=2" from an object, skipping empty values. */
export function queryString(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A spinner element (purely visual; the owner sets aria-busy). */
export function spinner() {
  return h('span', { class: 'spinner', 'aria-hidden': 'true' });
}

/** (Re)fill a connection <select> with "All connections" + the names, keeping `selected`. */
export function fillConnectionSelect(select, names, selected) {
  const keep = selected ?? select.value;
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  if (keep && !sorted.includes(keep)) sorted.push(keep); // a filter on a deleted connection stays visible
  select.replaceChildren(
    h('option', { value: '' }, 'All connections'),
    ...sorted.map((n) => h('option', { value: n }, n)),
  );
  select.value = keep ?? '';
}
