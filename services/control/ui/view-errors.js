// Integration errors view (#/errors?connection=&runId=): dead-lettered records, newest first.

import { fillConnectionSelect, h, queryString, runHref, timeEl } from './dom.js';

const LIMIT = 200;
const COLUMNS = ['', 'Time', 'Connection', 'Run', 'Stage', 'Code', 'Reason', 'Key', 'Source'];

/** Pretty-print a JSON value when it parses (truncated values usually do not). */
function prettyValue(value) {
  if (typeof value !== 'string') return JSON.stringify(value, null, 2) ?? '';
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

export function errorsView(ctx) {
  const q = ctx.query;
  const filters = { connection: q.connection ?? '', runId: q.runId ?? '' };

  const connSelect = h('select', { id: 'errors-filter-connection', testid: 'errors-filter-connection' });
  fillConnectionSelect(connSelect, ctx.store.names(), filters.connection);
  ctx.store
    .load()
    .then(() => {
      if (ctx.alive()) fillConnectionSelect(connSelect, ctx.store.names());
    })
    .catch(() => {}); // the table load reports errors
  const runInput = h('input', {
    id: 'errors-filter-run',
    type: 'text',
    testid: 'errors-filter-run',
    value: filters.runId,
    placeholder: 'run id',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter dead letters', onsubmit: onApply },
    h('div', { class: 'field' }, h('label', { for: 'errors-filter-connection' }, 'Connection'), connSelect),
    h('div', { class: 'field grow' }, h('label', { for: 'errors-filter-run' }, 'Run id'), runInput),
    h(
      'div',
      { class: 'field buttons' },
      h('button', { type: 'submit', class: 'btn primary', testid: 'errors-apply' }, 'Apply'),
      h('button', { type: 'button', class: 'btn', testid: 'errors-reset', onclick: onReset }, 'Reset'),
    ),
  );

  const table = h(
    'table',
    { class: 'grid-table errors-table', testid: 'dead-letters-table' },
    h('caption', { class: 'visually-hidden' }, 'Dead-lettered records, newest first'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        COLUMNS.map((c) => h('th', { scope: 'col' }, c || h('span', { class: 'visually-hidden' }, 'Expand'))),
      ),
    ),
  );
  const empty = h(
    'p',
    { class: 'empty', testid: 'dead-letters-empty', hidden: true },
    'No dead-lettered records match these filters.',
  );
  const count = h('span', { class: 'count', testid: 'dead-letters-count' });
  const el = h(
    'section',
    { class: 'view', testid: 'view-errors', 'aria-labelledby': 'errors-title', 'aria-busy': 'true' },
    h('div', { class: 'view-header' }, h('h1', { id: 'errors-title' }, 'Integration errors'), count),
    form,
    h('div', { class: 'table-wrap' }, table, empty),
  );

  function onApply(event) {
    event.preventDefault();
    const next = { connection: connSelect.value, runId: runInput.value.trim() };
    if (!ctx.navigate(`#/errors${queryString(next)}`)) load();
  }

  function onReset() {
    if (!ctx.navigate('#/errors')) load();
  }

  function buildGroup(dl, i) {
    const src = dl.source;
    const valueId = `dead-letter-value-${i}`;
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'icon-button expander',
        testid: `dead-letter-toggle-${i}`,
        'aria-expanded': 'false',
        'aria-controls': valueId,
        'aria-label': 'Show the record value',
      },
      '▸',
    );
    const detailRow = h(
      'tr',
      { class: 'panel-row', hidden: true },
      h(
        'td',
        { colspan: String(COLUMNS.length) },
        h(
          'div',
          { class: 'value-panel' },
          h('div', { class: 'muted small' }, 'Record value (truncated)'),
          h('pre', { id: valueId, testid: valueId }, prettyValue(dl.value ?? '')),
        ),
      ),
    );
    const setOpen = (open) => {
      detailRow.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? '▾' : '▸';
      row.classList.toggle('expanded', open);
    };
    toggle.addEventListener('click', () => setOpen(detailRow.hidden));
    const row = h(
      'tr',
      {
        class: 'clickable',
        testid: `dead-letter-row-${i}`,
        onclick: (event) => {
          if (event.target.closest('a, button')) return;
          setOpen(detailRow.hidden);
        },
      },
      h('td', { class: 'expander-cell' }, toggle),
      h('td', { class: 'nowrap' }, timeEl(dl.at)),
      h('td', { class: 'nowrap' }, dl.connectionId),
      h(
        'td',
        { class: 'mono ellipsis' },
        dl.runId
          ? h('a', { href: runHref(dl.runId), title: dl.runId, testid: `dead-letter-run-${i}` }, dl.runId)
          : '—',
      ),
      h('td', null, dl.stage),
      h('td', null, h('code', { class: 'code', testid: `dead-letter-code-${i}` }, dl.code)),
      h('td', { class: 'wrap reason', testid: `dead-letter-reason-${i}` }, dl.reason),
      h('td', { class: 'mono ellipsis', title: dl.key ?? '' }, dl.key ?? h('span', { class: 'muted' }, '—')),
      h(
        'td',
        { class: 'mono nowrap', testid: `dead-letter-source-${i}` },
        src ? `${src.topic}[${src.partition}]@${src.offset}` : h('span', { class: 'muted' }, '—'),
      ),
    );
    return h('tbody', null, row, detailRow);
  }

  function render(list) {
    for (const tb of [...table.tBodies]) tb.remove();
    list.forEach((dl, i) => {
      table.appendChild(buildGroup(dl, i));
    });
    const n = list.length;
    count.textContent = `${n} record${n === 1 ? '' : 's'}${n >= LIMIT ? ` (latest ${LIMIT})` : ''}`;
    empty.hidden = n !== 0;
  }

  async function load() {
    el.setAttribute('aria-busy', 'true');
    try {
      const list = await ctx.api.listDeadLetters({ ...filters, limit: LIMIT });
      if (ctx.alive()) render(Array.isArray(list) ? list : []);
    } catch (err) {
      ctx.showError(err);
    } finally {
      el.setAttribute('aria-busy', 'false');
    }
  }

  load();

  return {
    el,
    onConnection() {
      fillConnectionSelect(connSelect, ctx.store.names());
    },
    // Dead letters have no event of their own; the table reloads on Apply (and on navigation) so
    // that rows a user has expanded do not shift under them.
  };
}
