// Connections view (#/connections): one row per connection, Test connection and Run now.

import { badge, fmtDuration, h, replace, runDuration, runHref, spinner, TYPE_LABELS, timeEl } from './dom.js';

const COLUMNS = ['Name', 'Type', 'Description', 'State', 'Next run', 'Last run', 'Actions'];
const MARKS = { passed: '✓', failed: '✗', skipped: '–' };

export function connectionsView(ctx) {
  const tbodies = new Map(); // name → { tbody, row, cells, testBtn, runBtn, panelRow, conn }
  const table = h(
    'table',
    { class: 'grid-table', testid: 'connections-table' },
    h('caption', { class: 'visually-hidden' }, 'Connections'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        COLUMNS.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
  );
  const empty = h(
    'p',
    { class: 'empty', testid: 'connections-empty', hidden: true },
    'No connections are configured yet.',
  );
  const count = h('span', { class: 'count', testid: 'connections-count' });
  const el = h(
    'section',
    {
      class: 'view',
      testid: 'view-connections',
      'aria-labelledby': 'connections-title',
      'aria-busy': 'true',
    },
    h(
      'div',
      { class: 'view-header' },
      h('h1', { id: 'connections-title' }, 'Connections'),
      count,
      h('span', { class: 'spacer' }),
      h('a', { href: '#/runs', class: 'secondary-link' }, 'All runs →'),
    ),
    h('div', { class: 'table-wrap' }, table, empty),
  );

  function lastRunCell(conn) {
    const run = conn.lastRun;
    if (!run) return h('span', { class: 'muted', testid: `connection-last-${conn.name}` }, 'never');
    const when = run.finishedAt ?? run.startedAt ?? run.requestedAt;
    const dur = runDuration(run);
    const durText = dur !== undefined ? `, took ${fmtDuration(dur)}` : '';
    return h(
      'a',
      {
        href: runHref(run.runId),
        class: 'last-run',
        testid: `connection-last-${conn.name}`,
        title: `Run ${run.runId}${durText}`,
      },
      badge(run.state),
      ' ',
      timeEl(when),
    );
  }

  function fill(entry) {
    const { conn, cells } = entry;
    const n = conn.name;
    replace(
      cells.name,
      h('span', { class: 'conn-name', testid: `connection-name-${n}`, title: n }, n),
      conn.enabled === false ? h('span', { class: 'tag', title: 'Not scheduled' }, 'disabled') : null,
    );
    replace(
      cells.type,
      h('span', { testid: `connection-type-${n}`, title: conn.type }, TYPE_LABELS[conn.type] ?? conn.type),
    );
    replace(
      cells.description,
      h('span', { class: 'desc', testid: `connection-description-${n}` }, conn.description ?? ''),
    );
    replace(cells.state, badge(conn.state, `connection-state-${n}`));
    replace(cells.next, timeEl(conn.nextRunAt, `connection-next-${n}`));
    replace(cells.last, lastRunCell(conn));
  }

  function setBusy(btn, busy, label) {
    btn.disabled = busy;
    btn.setAttribute('aria-busy', String(busy));
    replace(btn, busy ? spinner() : null, label);
  }

  function closePanel(entry) {
    if (entry.panelRow) entry.panelRow.remove();
    entry.panelRow = null;
  }

  function showResult(entry, result) {
    closePanel(entry);
    const n = entry.conn.name;
    const checks = Array.isArray(result?.checks) ? result.checks : [];
    const closeBtn = h(
      'button',
      {
        type: 'button',
        class: 'icon-button',
        testid: 'test-close',
        'aria-label': `Close test result of ${n}`,
        onclick: () => {
          closePanel(entry);
          entry.testBtn.focus();
        },
      },
      '×',
    );
    const panel = h(
      'div',
      {
        class: `test-result ${result?.ok ? 'ok' : 'not-ok'}`,
        role: 'region',
        'aria-label': `Test result of ${n}`,
        testid: `test-result-${n}`,
        tabindex: '-1',
      },
      h(
        'div',
        { class: 'test-result-head' },
        h(
          'strong',
          { testid: `test-status-${n}` },
          result?.ok ? '✓ Connection test passed' : '✗ Connection test failed',
        ),
        h('span', { class: 'muted small' }, ` · ${n} · ${new Date().toLocaleTimeString()}`),
        h('span', { class: 'spacer' }),
        closeBtn,
      ),
      h(
        'ol',
        { class: 'checks' },
        checks.map((c, i) =>
          h(
            'li',
            { class: `check check-${c.status}`, testid: `test-check-${n}-${i}` },
            h(
              'span',
              { class: 'check-mark', role: 'img', 'aria-label': c.status, title: c.status },
              MARKS[c.status] ?? '?',
            ),
            h(
              'div',
              { class: 'check-body' },
              h(
                'div',
                null,
                h('span', { class: 'check-name' }, c.name),
                c.statusCode !== undefined && c.statusCode !== null
                  ? h('span', { class: 'tag' }, `HTTP ${c.statusCode}`)
                  : null,
                ' ',
                h('span', { class: 'check-message' }, c.message),
              ),
              c.suggestion ? h('div', { class: 'check-suggestion' }, 'Suggestion: ', c.suggestion) : null,
            ),
          ),
        ),
      ),
      checks.length === 0 ? h('p', { class: 'muted' }, 'The test returned no checks.') : null,
    );
    entry.panelRow = h('tr', { class: 'panel-row' }, h('td', { colspan: String(COLUMNS.length) }, panel));
    entry.tbody.appendChild(entry.panelRow);
    panel.focus({ preventScroll: true });
  }

  async function runTest(entry) {
    const name = entry.conn.name;
    setBusy(entry.testBtn, true, 'Testing…');
    try {
      const result = await ctx.api.testConnection(name);
      if (ctx.alive() && tbodies.get(name) === entry) showResult(entry, result);
    } catch (err) {
      ctx.showError(err);
    } finally {
      setBusy(entry.testBtn, false, 'Test connection');
    }
  }

  async function runNow(entry) {
    const name = entry.conn.name;
    setBusy(entry.runBtn, true, 'Starting…');
    try {
      const res = await ctx.api.runNow(name, 'auto');
      const runId = res?.runId;
      ctx.toast({
        message: ['Run ', h('code', { testid: 'toast-run-id' }, runId ?? '?'), ` started for ${name}.`],
        link: runId ? { href: runHref(runId), text: 'Open run', testid: 'toast-run-link' } : null,
      });
    } catch (err) {
      ctx.showError(err);
    } finally {
      setBusy(entry.runBtn, false, 'Run now');
    }
  }

  function create(conn) {
    const n = conn.name;
    const cells = {
      name: h('th', { scope: 'row' }),
      type: h('td', { class: 'type-cell' }),
      description: h('td', { class: 'desc-cell' }),
      state: h('td'),
      next: h('td', { class: 'nowrap' }),
      last: h('td', { class: 'nowrap' }),
    };
    const entry = { conn, cells, panelRow: null };
    entry.testBtn = h(
      'button',
      { type: 'button', class: 'btn', testid: `test-${n}`, onclick: () => runTest(entry) },
      'Test connection',
    );
    entry.runBtn = h(
      'button',
      { type: 'button', class: 'btn primary', testid: `run-now-${n}`, onclick: () => runNow(entry) },
      'Run now',
    );
    entry.row = h(
      'tr',
      { testid: `connection-row-${n}` },
      cells.name,
      cells.type,
      cells.description,
      cells.state,
      cells.next,
      cells.last,
      h('td', { class: 'actions' }, entry.testBtn, entry.runBtn),
    );
    entry.tbody = h('tbody', null, entry.row);
    fill(entry);
    return entry;
  }

  function upsert(conn) {
    const existing = tbodies.get(conn.name);
    if (existing) {
      existing.conn = conn;
      fill(existing);
      return;
    }
    const entry = create(conn);
    tbodies.set(conn.name, entry);
    // Keep rows sorted by name.
    const after = [...tbodies.keys()].filter((k) => k !== conn.name && k.localeCompare(conn.name) > 0).sort();
    const before = after.length ? tbodies.get(after[0]).tbody : null;
    table.insertBefore(entry.tbody, before);
  }

  function remove(name) {
    const entry = tbodies.get(name);
    if (!entry) return;
    entry.tbody.remove();
    tbodies.delete(name);
  }

  function updateCount() {
    const n = tbodies.size;
    count.textContent = `${n} connection${n === 1 ? '' : 's'}`;
    empty.hidden = n !== 0;
  }

  function sync(list) {
    const names = new Set(list.map((c) => c.name));
    for (const name of [...tbodies.keys()]) if (!names.has(name)) remove(name);
    for (const conn of list) upsert(conn);
    updateCount();
  }

  async function load(force) {
    try {
      const list = await ctx.store.load(force);
      if (ctx.alive()) sync(list);
    } catch (err) {
      ctx.showError(err);
    } finally {
      el.setAttribute('aria-busy', 'false');
    }
  }

  load(true);

  return {
    el,
    onConnection(conn) {
      if (conn.deleted) remove(conn.name);
      else upsert(conn);
      updateCount();
    },
    refresh: () => load(true),
  };
}
