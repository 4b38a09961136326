// Run detail view (#/runs/<runId>): header, stages, counts, chart, sweep, hooks, error.

import { lineChart } from './chart.js';
import {
  ACTIVE_STATES,
  badge,
  fmtDuration,
  fmtNum,
  fmtTime,
  h,
  humanize,
  parseTime,
  plainNum,
  queryString,
  replace,
  runDuration,
  timeEl,
} from './dom.js';

const SERIES = [
  { key: 'pulled', label: 'Pulled' },
  { key: 'mapped', label: 'Mapped' },
  { key: 'loaded', label: 'Loaded' },
];

export function runDetailView(ctx, runId) {
  const body = h('div', { class: 'run-body' }, h('p', { class: 'muted' }, 'Loading run…'));
  const el = h(
    'section',
    { class: 'view', testid: 'run-detail', 'aria-labelledby': 'run-title', 'aria-busy': 'true' },
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/runs' }, 'Runs'),
      ' / ',
      h('span', { class: 'mono', 'aria-current': 'page' }, runId),
    ),
    body,
  );
  let detail = null;
  // A run requested a moment ago may not be recorded yet: on 404 keep polling a while (its first
  // `run` event also loads it), and report the error only once.
  let missing = 0;
  let chartDataOpen = false;

  function meta(label, value, testid) {
    return h('div', { class: 'meta' }, h('dt', null, label), h('dd', { testid }, value));
  }

  function header(run) {
    const partitions =
      run.partitions === null || run.partitions === undefined
        ? `${plainNum(run.partitionsCompleted)} / ?`
        : `${plainNum(run.partitionsCompleted)} / ${plainNum(run.partitions)}`;
    const dur = runDuration(run);
    return h(
      'div',
      { class: 'card run-header' },
      h(
        'div',
        { class: 'run-title-row' },
        h(
          'h1',
          { id: 'run-title' },
          'Run ',
          h('span', { class: 'mono', testid: 'run-detail-id' }, run.runId),
        ),
        badge(run.state, 'run-detail-state'),
        ACTIVE_STATES.has(run.state)
          ? h('span', { class: 'live-note', testid: 'run-detail-live' }, 'updating live')
          : null,
        h('span', { class: 'spacer' }),
        h(
          'a',
          {
            class: 'btn',
            href: `#/errors${queryString({ runId: run.runId })}`,
            testid: 'run-dead-letters-link',
          },
          'Dead letters of this run',
          run.deadLettered ? ` (${fmtNum(run.deadLettered)})` : '',
        ),
      ),
      h(
        'dl',
        { class: 'meta-grid' },
        meta(
          'Connection',
          h('a', { href: `#/runs${queryString({ connection: run.connectionId })}` }, run.connectionId),
          'run-detail-connection',
        ),
        meta('Mode', run.mode, 'run-detail-mode'),
        meta('Trigger', run.trigger, 'run-detail-trigger'),
        meta('Requested', timeEl(run.requestedAt), 'run-detail-requested'),
        meta('Started', timeEl(run.startedAt), 'run-detail-started'),
        meta('Pulled at', timeEl(run.pulledAt), 'run-detail-pulled-at'),
        meta('Finished', timeEl(run.finishedAt), 'run-detail-finished'),
        meta('Duration', fmtDuration(dur), 'run-detail-duration'),
        meta('Partitions done', partitions, 'run-partitions'),
      ),
    );
  }

  function errorCard(run) {
    if (!run.error) return null;
    const e = run.error;
    return h(
      'div',
      { class: 'card error-card', role: 'alert', testid: 'run-error' },
      h('h2', null, 'Run failed: ', h('code', { testid: 'run-error-code' }, e.code)),
      h('p', { testid: 'run-error-message' }, e.message),
      e.suggestion
        ? h('p', { class: 'suggestion', testid: 'run-error-suggestion' }, 'Suggestion: ', e.suggestion)
        : null,
    );
  }

  function stagesCard(run) {
    const stages = Array.isArray(run.stages) ? run.stages : [];
    // A mini Gantt bar per stage, relative to the run's overall span.
    const starts = stages.map((st) => parseTime(st.startedAt)).filter((t) => t !== null);
    const ends = stages.map((st) => parseTime(st.finishedAt)).filter((t) => t !== null);
    const t0 = parseTime(run.startedAt) ?? (starts.length ? Math.min(...starts) : null);
    const t1 = parseTime(run.finishedAt) ?? (ends.length ? Math.max(...ends, ...starts) : null);
    const span = t0 !== null && t1 !== null && t1 > t0 ? t1 - t0 : null;
    const bar = (st) => {
      const s = parseTime(st.startedAt);
      if (span === null || s === null) return null;
      const e = parseTime(st.finishedAt) ?? t1;
      const b = h('span', { class: `stage-bar stage-${st.name}` });
      b.style.marginLeft = `${Math.max(0, ((s - t0) / span) * 100)}%`;
      b.style.width = `${Math.max(1, ((e - s) / span) * 100)}%`;
      return h('div', { class: 'stage-track', 'aria-hidden': 'true' }, b);
    };
    return h(
      'div',
      { class: 'card' },
      h('h2', null, 'Stages'),
      stages.length === 0
        ? h('p', { class: 'muted' }, 'No stage has started yet.')
        : h(
            'table',
            { class: 'kv-table stages-table', testid: 'run-stages' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, 'Stage'),
                h('th', { scope: 'col' }, 'Started'),
                h('th', { scope: 'col' }, 'Finished'),
                h('th', { scope: 'col', class: 'num' }, 'Duration'),
                h(
                  'th',
                  { scope: 'col', class: 'bar-col' },
                  h('span', { class: 'visually-hidden' }, 'Timeline'),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              stages.map((st) =>
                h(
                  'tr',
                  { testid: `run-stage-${st.name}` },
                  h('th', { scope: 'row' }, humanize(st.name)),
                  h('td', { class: 'nowrap' }, timeEl(st.startedAt, null, true)),
                  h(
                    'td',
                    { class: 'nowrap' },
                    st.startedAt && !st.finishedAt ? 'running' : timeEl(st.finishedAt, null, true),
                  ),
                  h(
                    'td',
                    { class: 'num nowrap', testid: `run-stage-duration-${st.name}` },
                    fmtDuration(
                      st.durationMs ??
                        (st.startedAt && st.finishedAt
                          ? parseTime(st.finishedAt) - parseTime(st.startedAt)
                          : undefined),
                    ),
                  ),
                  h('td', { class: 'bar-col' }, bar(st)),
                ),
              ),
            ),
          ),
    );
  }

  function countsCard(title, prefix, record) {
    const entries = Object.entries(record && typeof record === 'object' ? record : {});
    return h(
      'div',
      { class: 'card' },
      h('h2', null, title),
      entries.length === 0
        ? h('p', { class: 'muted' }, 'Nothing yet.')
        : h(
            'table',
            { class: 'kv-table' },
            h(
              'tbody',
              null,
              entries.map(([key, value]) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, humanize(key)),
                  h('td', { class: 'num', testid: `run-${prefix}-${key}` }, plainNum(value)),
                ),
              ),
            ),
          ),
    );
  }

  function totalsCard(run) {
    const api = run.apiCalls ?? {};
    const rl = run.rateLimited ?? {};
    const row = (label, value, testid, cls) =>
      h(
        'tr',
        { class: cls },
        h('th', { scope: 'row' }, label),
        h('td', { class: 'num', testid }, plainNum(value)),
      );
    return h(
      'div',
      { class: 'card' },
      h('h2', null, 'Problems and API'),
      h(
        'table',
        { class: 'kv-table' },
        h(
          'tbody',
          null,
          row('Dead-lettered', run.deadLettered, 'run-dead-lettered', run.deadLettered ? 'warn' : null),
          row('Rejected by target', run.rejected, 'run-rejected', run.rejected ? 'warn' : null),
          row('API calls, source', api.source, 'run-api-calls-source'),
          row('API calls, target', api.target, 'run-api-calls-target'),
          row('HTTP 429, source', rl.source, 'run-429-source'),
          row('HTTP 429, target', rl.target, 'run-429-target'),
        ),
      ),
    );
  }

  function sweepHooksCard(run) {
    const sweep = run.sweep ?? { done: false, notes: [] };
    const notes = Array.isArray(sweep.notes) ? sweep.notes : [];
    const hooks = Array.isArray(run.hooks) ? run.hooks : [];
    return h(
      'div',
      { class: 'card' },
      h('h2', null, 'Sweep'),
      h(
        'p',
        { testid: 'run-sweep' },
        sweep.done
          ? h('span', { class: 'ok-text' }, '✓ Swept')
          : h(
              'span',
              { class: 'muted' },
              run.state === 'Failed' ? 'Not swept (run failed)' : 'Not swept yet',
            ),
      ),
      notes.length
        ? h(
            'ul',
            { class: 'notes' },
            notes.map((n, i) => h('li', { testid: `run-sweep-note-${i}` }, n)),
          )
        : null,
      h('h2', null, 'Hooks'),
      hooks.length === 0
        ? h('p', { class: 'muted' }, 'No hooks ran.')
        : h(
            'ul',
            { class: 'hooks' },
            hooks.map((hk, i) =>
              h(
                'li',
                { class: hk.ok ? 'ok' : 'not-ok', testid: `run-hook-${i}` },
                h(
                  'span',
                  { class: 'check-mark', role: 'img', 'aria-label': hk.ok ? 'ok' : 'failed' },
                  hk.ok ? '✓' : '✗',
                ),
                h(
                  'div',
                  null,
                  h('strong', { class: 'nowrap' }, `${hk.hook}-run hook`),
                  ' ',
                  h('span', null, hk.detail),
                ),
              ),
            ),
          ),
    );
  }

  function chartCard(run) {
    const timeline = (Array.isArray(run.timeline) ? run.timeline : [])
      .map((p) => ({ ...p, t: parseTime(p.at) }))
      .filter((p) => p.t !== null);
    const series = SERIES.map((se) => ({
      ...se,
      points: timeline.map((p) => ({ t: p.t, y: Number(p[se.key]) || 0 })),
    }));
    const details = h(
      'details',
      {
        class: 'chart-data',
        ontoggle: (event) => {
          chartDataOpen = event.currentTarget.open;
        },
      },
      h('summary', null, 'Show data'),
      h(
        'table',
        { class: 'kv-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Time'),
            SERIES.map((se) => h('th', { scope: 'col', class: 'num' }, se.label)),
          ),
        ),
        h(
          'tbody',
          null,
          timeline.map((p) =>
            h(
              'tr',
              null,
              h('td', { class: 'nowrap', title: p.at }, fmtTime(p.at)),
              SERIES.map((se) => h('td', { class: 'num' }, fmtNum(p[se.key]))),
            ),
          ),
        ),
      ),
    );
    details.open = chartDataOpen;
    return h(
      'div',
      { class: 'card chart-card' },
      h('h2', null, 'Records over time'),
      lineChart({ series, title: `Records over time for run ${run.runId}`, testid: 'run-chart' }),
      timeline.length ? details : null,
    );
  }

  function render(run) {
    replace(
      body,
      header(run),
      errorCard(run),
      h(
        'div',
        { class: 'run-grid' },
        h('div', { class: 'span-2 stack' }, chartCard(run), stagesCard(run)),
        h('div', { class: 'stack' }, totalsCard(run), sweepHooksCard(run)),
      ),
      h(
        'div',
        { class: 'run-grid' },
        countsCard('Pulled', 'pulled', run.pulled),
        countsCard('Mapped', 'mapped', run.mapped),
        countsCard('Loaded', 'loaded', run.loaded),
      ),
    );
  }

  let inflight = false;
  let again = false;
  async function load() {
    if (inflight) {
      again = true;
      return;
    }
    inflight = true;
    try {
      const run = await ctx.api.getRun(runId);
      if (!ctx.alive()) return;
      detail = run;
      if (missing) ctx.clearError();
      missing = 0;
      render(run);
    } catch (err) {
      if (err.status === 404) {
        missing += 1;
        if (ctx.alive() && !detail) {
          replace(body, h('p', { class: 'empty', testid: 'run-not-found' }, `Run ${runId} was not found.`));
        }
        if (missing === 1) ctx.showError(err);
      } else {
        ctx.showError(err);
      }
    } finally {
      inflight = false;
      el.setAttribute('aria-busy', 'false');
      if (again && ctx.alive()) {
        again = false;
        load();
      }
    }
  }

  load();

  return {
    el,
    onRun(run) {
      if (run.runId === runId) load();
    },
    refresh() {
      // Polling: only a run that can still change needs re-fetching.
      if (missing >= 10) return;
      if (!detail || ACTIVE_STATES.has(detail.state)) return load();
    },
  };
}
