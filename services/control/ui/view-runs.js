// Runs view (#/runs?connection=&from=&to=&runId=): filters + a live table of runs, newest first.

import {
  badge,
  breakdown,
  fillConnectionSelect,
  fmtDuration,
  fmtNum,
  h,
  localInputToIso,
  parseTime,
  queryString,
  replace,
  runDuration,
  runHref,
  timeEl,
  total,
} from './dom.js';

const LIMIT = 200;
const COLUMNS = [
  ['State'],
  ['Run'],
  ['Connection'],
  ['Mode'],
  ['Trigger'],
  ['Started'],
  ['Duration', 'num'],
  ['Pulled', 'num', 'Records pulled from the source (sum of all kinds)'],
  ['Mapped', 'num', 'Records mapped (skipped ones not counted)'],
  ['Loaded', 'num', 'Records loaded into the target (skipped and errors not counted)'],
  ['Dead-lettered', 'num'],
  ['429s', 'num', 'HTTP 429 answers (source + target)'],
];

export function runsView(ctx) {
  const q = ctx.query;
  const filters = {
    connection: q.connection ?? '',
    from: q.from ?? '',
    to: q.to ?? '',
    runId: q.runId ?? '',
  };
  const rows = new Map(); // runId → tr

  const connSelect = h('select', { id: 'filter-connection', testid: 'filter-connection' });
  fillConnectionSelect(connSelect, ctx.store.names(), filters.connection);
  ctx.store
    .load()
    .then(() => {
      if (ctx.alive()) fillConnectionSelect(connSelect, ctx.store.names());
    })
    .catch(() => {}); // the table load reports errors
  const fromInput = h('input', {
    id: 'filter-from',
    type: 'datetime-local',
    testid: 'filter-from',
    value: filters.from,
  });
  const toInput = h('input', {
    id: 'filter-to',
    type: 'datetime-local',
    testid: 'filter-to',
    value: filters.to,
  });
  const runInput = h('input', {
    id: 'filter-run',
    type: 'text',
    testid: 'filter-run',
    value: filters.runId,
    placeholder: 'run id',
    autocomplete: 'off',
    spellcheck: 'false',
  });

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter runs', onsubmit: onApply },
    h('div', { class: 'field' }, h('label', { for: 'filter-connection' }, 'Connection'), connSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-from' }, 'From'), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'filter-to' }, 'To'), toInput),
    h('div', { class: 'field grow' }, h('label', { for: 'filter-run' }, 'Run id'), runInput),
    h(
      'div',
      { class: 'field buttons' },
      h('button', { type: 'submit', class: 'btn primary', testid: 'filter-apply' }, 'Apply'),
      h('button', { type: 'button', class: 'btn', testid: 'filter-reset', onclick: onReset }, 'Reset'),
    ),
  );

  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'grid-table runs-table', testid: 'runs-table' },
    h('caption', { class: 'visually-hidden' }, 'Runs, newest first'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        COLUMNS.map(([label, cls, title]) => h('th', { scope: 'col', class: cls, title }, label)),
      ),
    ),
    tbody,
  );
  const empty = h(
    'p',
    { class: 'empty', testid: 'runs-empty', hidden: true },
    'No runs match these filters.',
  );
  const count = h('span', { class: 'count', testid: 'runs-count' });

  const el = h(
    'section',
    { class: 'view', testid: 'view-runs', 'aria-labelledby': 'runs-title', 'aria-busy': 'true' },
    h('div', { class: 'view-header' }, h('h1', { id: 'runs-title' }, 'Execution status'), count),
    form,
    h('div', { class: 'table-wrap' }, table, empty),
  );

  function onApply(event) {
    event.preventDefault();
    const next = {
      connection: connSelect.value,
      from: fromInput.value,
      to: toInput.value,
      runId: runInput.value.trim(),
    };
    if (!ctx.navigate(`#/runs${queryString(next)}`)) load(); // same filters: reload in place
  }

  function onReset() {
    if (!ctx.navigate('#/runs')) {
      connSelect.value = '';
      fromInput.value = '';
      toInput.value = '';
      runInput.value = '';
      load();
    }
  }

  function buildRow(run) {
    const id = run.runId;
    const rl = run.rateLimited ?? { source: 0, target: 0 };
    const dur = runDuration(run);
    const tr = h(
      'tr',
      {
        class: 'clickable',
        testid: `run-row-${id}`,
        onclick: (event) => {
          if (event.target.closest('a, button')) return;
          ctx.navigate(runHref(id));
        },
      },
      h('td', null, badge(run.state, `run-state-${id}`)),
      h(
        'td',
        { class: 'mono ellipsis' },
        h('a', { href: runHref(id), testid: `run-link-${id}`, title: id }, id),
      ),
      h('td', null, run.connectionId),
      h('td', null, run.mode),
      h('td', null, run.trigger),
      h('td', { class: 'nowrap' }, timeEl(run.startedAt ?? run.requestedAt)),
      h(
        'td',
        { class: 'num nowrap' },
        dur === undefined && run.state === 'Processing'
          ? h('span', { class: 'muted' }, 'running')
          : fmtDuration(dur),
      ),
      h('td', { class: 'num', title: breakdown(run.pulled) }, fmtNum(total(run.pulled))),
      h('td', { class: 'num', title: breakdown(run.mapped) }, fmtNum(total(run.mapped))),
      h('td', { class: 'num', title: breakdown(run.loaded) }, fmtNum(total(run.loaded))),
      h('td', { class: `num ${run.deadLettered ? 'warn' : ''}` }, fmtNum(run.deadLettered ?? 0)),
      h(
        'td',
        { class: 'num', title: `source ${fmtNum(rl.source)} · target ${fmtNum(rl.target)}` },
        fmtNum((rl.source ?? 0) + (rl.target ?? 0)),
      ),
    );
    return tr;
  }

  function updateCount() {
    count.textContent = `${rows.size} run${rows.size === 1 ? '' : 's'}${rows.size >= LIMIT ? ` (latest ${LIMIT})` : ''}`;
    empty.hidden = rows.size !== 0;
  }

  function render(list) {
    rows.clear();
    replace(tbody);
    for (const run of list) {
      if (rows.has(run.runId)) continue;
      const tr = buildRow(run);
      rows.set(run.runId, tr);
      tbody.appendChild(tr);
    }
    updateCount();
  }

  /** Would the server have returned this run for the current filters? */
  function matches(run) {
    if (filters.connection && run.connectionId !== filters.connection) return false;
    if (filters.runId && run.runId !== filters.runId) return false;
    const t = parseTime(run.startedAt ?? run.requestedAt);
    const from = parseTime(localInputToIso(filters.from));
    const to = parseTime(localInputToIso(filters.to));
    if (t !== null && from !== null && t < from) return false;
    if (t !== null && to !== null && t > to) return false;
    return true;
  }

  let loading = false;
  async function load() {
    if (loading) return;
    loading = true;
    el.setAttribute('aria-busy', 'true');
    try {
      const list = await ctx.api.listRuns({
        connection: filters.connection,
        from: localInputToIso(filters.from),
        to: localInputToIso(filters.to),
        runId: filters.runId,
        limit: LIMIT,
      });
      if (ctx.alive()) render(Array.isArray(list) ? list : []);
    } catch (err) {
      ctx.showError(err);
    } finally {
      loading = false;
      el.setAttribute('aria-busy', 'false');
    }
  }

  load();

  return {
    el,
    onRun(run) {
      const existing = rows.get(run.runId);
      if (existing) {
        const tr = buildRow(run);
        existing.replaceWith(tr);
        rows.set(run.runId, tr);
      } else if (matches(run)) {
        const tr = buildRow(run);
        rows.set(run.runId, tr);
        tbody.prepend(tr);
        updateCount();
      }
    },
    onConnection() {
      fillConnectionSelect(connSelect, ctx.store.names());
    },
    refresh: load,
  };
}
