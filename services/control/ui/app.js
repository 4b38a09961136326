// Sluice integrations dashboard: shell, hash router, login, live updates, banner and toasts.
//
// Static files only (no build step): index.html, styles.css and these ES modules —
//   app.js (this file), api.js (HTTP + event stream), dom.js (DOM/format helpers),
//   chart.js (SVG line chart), view-connections.js, view-runs.js, view-run.js, view-errors.js.
//
// data-testid reference (<name> = connection name, <runId> = run id, <key> = count key, <i> = index):
//   Shell
//     nav-connections, nav-runs, nav-errors   top navigation links (aria-current="page" on the active one)
//     live-indicator                          text "live" (event stream open) or "polling" (fallback, every 3 s)
//     logout                                  log-out button (hidden while logged out)
//     error-banner                            banner for API errors; error-banner-message, error-banner-code,
//                                             error-banner-field (when the error names a field), error-banner-close
//     toast                                   a notification; toast-run-id, toast-run-link (→ #/runs/<runId>), toast-close
//     login-form, login-token, login-submit   login form (shown whenever a call answers 401); login-error
//     view-connections, view-runs, run-detail, view-errors   root element of each view
//   Connections (#/connections, default)
//     connections-table, connections-count, connections-empty
//     connection-row-<name>                   the connection's row
//     connection-name-<name>, connection-type-<name>, connection-description-<name>
//     connection-state-<name>                 state badge (text = state)
//     connection-next-<name>                  next run time (local; ISO in title), "—" when none
//     connection-last-<name>                  link to the last run (state badge + finish time), "never" when none
//     test-<name>                             Test connection button (spinner + disabled while testing)
//     run-now-<name>                          Run now button (POST mode "auto"; shows a toast)
//     test-result-<name>                      test result panel; test-status-<name> (passed/failed line)
//     test-check-<name>-<i>                   one check: ✓/✗/– mark, name, HTTP status, message, suggestion
//     test-close                              closes the test result panel
//   Runs (#/runs?connection=&from=&to=&runId=)
//     filter-connection, filter-from, filter-to, filter-run, filter-apply, filter-reset
//     runs-table, runs-count, runs-empty
//     run-row-<runId>                         a run row (click opens the run); run-state-<runId> badge; run-link-<runId>
//   Run detail (#/runs/<runId>)
//     run-detail                              root; run-detail-id, run-detail-state (badge), run-detail-connection,
//                                             run-detail-mode, run-detail-trigger, run-detail-requested,
//                                             run-detail-started, run-detail-pulled-at, run-detail-finished,
//                                             run-detail-duration, run-partitions ("done / total"), run-detail-live
//     run-stages, run-stage-<stage>, run-stage-duration-<stage>   stage table (pull, transform, load)
//     run-pulled-<key>, run-mapped-<key>, run-loaded-<key>        counts, plain digits
//     run-dead-lettered, run-rejected, run-api-calls-source, run-api-calls-target,
//     run-429-source, run-429-target                              plain digits
//     run-sweep, run-sweep-note-<i>           sweep status and notes
//     run-hook-<i>                            pre/post hook result
//     run-error                               error card (run-error-code, run-error-message, run-error-suggestion)
//     run-chart                               SVG line chart (legend items run-chart-legend-pulled|mapped|loaded;
//                                             series paths carry data-series="pulled|mapped|loaded")
//     run-dead-letters-link                   → #/errors?runId=<runId>
//     run-not-found                           shown when the run does not exist
//   Errors (#/errors?connection=&runId=)
//     errors-filter-connection, errors-filter-run, errors-apply, errors-reset
//     dead-letters-table, dead-letters-count, dead-letters-empty
//     dead-letter-row-<i>                     a dead letter (click or its toggle expands it)
//     dead-letter-toggle-<i>                  expand button (aria-expanded)
//     dead-letter-code-<i>, dead-letter-reason-<i>, dead-letter-run-<i> (link), dead-letter-source-<i>
//     dead-letter-value-<i>                   the <pre> with the (truncated) value

import { api, createLive, setAuthHooks } from './api.js';
import { h, parseTime, replace, zoneLabel } from './dom.js';
import { connectionsView } from './view-connections.js';
import { errorsView } from './view-errors.js';
import { runDetailView } from './view-run.js';
import { runsView } from './view-runs.js';

const $ = (id) => document.getElementById(id);
const main = $('main');
const nav = $('main-nav');
const banner = $('error-banner');
const loginSection = $('login');
const loginForm = $('login-form');
const loginToken = $('login-token');
const loginError = $('login-error');
const logoutBtn = $('logout');
const liveIndicator = $('live-indicator');
const toasts = $('toasts');

// ---------------------------------------------------------------- connection store

const store = {
  map: new Map(),
  loaded: false,
  pending: null,
  names() {
    return [...this.map.keys()];
  },
  list() {
    return [...this.map.values()].sort((a, b) => a.name.localeCompare(b.name));
  },
  load(force = false) {
    if (this.loaded && !force) return Promise.resolve(this.list());
    if (!this.pending) {
      this.pending = api
        .listConnections()
        .then((list) => {
          this.map = new Map((Array.isArray(list) ? list : []).map((c) => [c.name, c]));
          this.loaded = true;
          return this.list();
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  },
  apply(conn) {
    if (conn.deleted) this.map.delete(conn.name);
    else this.map.set(conn.name, conn);
  },
  /** A run event may make a connection's lastRun newer; returns the updated connection or null. */
  applyRun(run) {
    const conn = this.map.get(run.connectionId);
    if (!conn) return null;
    const last = conn.lastRun;
    const when = (r) => parseTime(r.requestedAt ?? r.startedAt) ?? 0;
    if (last && last.runId !== run.runId && when(run) < when(last)) return null;
    const updated = { ...conn, lastRun: run };
    this.map.set(conn.name, updated);
    return updated;
  },
  reset() {
    this.map = new Map();
    this.loaded = false;
  },
};

// ---------------------------------------------------------------- banner and toasts

function showError(err) {
  if (!err || err.status === 401) return; // the login form is showing
  const message = err.message || String(err);
  replace(
    $('error-banner-text'),
    h('span', { testid: 'error-banner-message' }, message),
    err.code ? [' ', h('code', { testid: 'error-banner-code' }, err.code)] : null,
    err.field
      ? [' ', h('span', { class: 'muted', testid: 'error-banner-field' }, `(field: ${err.field})`)]
      : null,
  );
  banner.hidden = false;
}

function clearError() {
  banner.hidden = true;
  replace($('error-banner-text'));
}

$('error-banner-close').addEventListener('click', clearError);

const TOAST_MS = 15000;

function toast({ message, link }) {
  const el = h('div', { class: 'toast', role: 'status', testid: 'toast' });
  const close = () => el.remove();
  fillToast(el, message, link, close);
  toasts.appendChild(el);
  setTimeout(close, TOAST_MS);
}

function fillToast(el, message, link, close) {
  replace(
    el,
    h('div', { class: 'toast-message' }, message),
    link
      ? h('a', { href: link.href, class: 'toast-link', testid: link.testid, onclick: close }, link.text)
      : null,
    h(
      'button',
      {
        type: 'button',
        class: 'icon-button',
        testid: 'toast-close',
        'aria-label': 'Dismiss',
        onclick: close,
      },
      '×',
    ),
  );
}

// ---------------------------------------------------------------- router

let current = null; // { view, token }
let firstRoute = true;

function parseHash() {
  const raw = location.hash;
  if (raw && !raw.startsWith('#/')) return null; // an in-page anchor such as the skip link
  const body = raw ? raw.slice(2) : 'connections';
  const qIndex = body.indexOf('?');
  const pathPart = qIndex >= 0 ? body.slice(0, qIndex) : body;
  const query = Object.fromEntries(new URLSearchParams(qIndex >= 0 ? body.slice(qIndex + 1) : ''));
  let segments;
  try {
    segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    segments = [];
  }
  return { segments, query };
}

/** Set the hash; returns false when it was already that (no hashchange will fire). */
function navigate(hash) {
  const before = location.hash;
  location.hash = hash;
  return location.hash !== before;
}

function destroyCurrent() {
  if (!current) return;
  current.token.alive = false;
  current.view.destroy?.();
  current = null;
}

function route() {
  if (!loginSection.hidden) return;
  const parsed = parseHash() ?? (current ? null : { segments: [], query: {} });
  if (!parsed) return; // an in-page anchor: keep the current view
  const { segments, query } = parsed;
  const [section = 'connections', id] = segments;
  const token = { alive: true };
  const ctx = {
    api,
    store,
    query,
    showError,
    clearError,
    toast,
    navigate,
    alive: () => token.alive,
  };
  let view;
  let navKey;
  let title;
  if (section === 'connections' && !id) {
    view = connectionsView(ctx);
    navKey = 'connections';
    title = 'Connections';
  } else if (section === 'runs' && id) {
    view = runDetailView(ctx, id);
    navKey = 'runs';
    title = `Run ${id}`;
  } else if (section === 'runs') {
    view = runsView(ctx);
    navKey = 'runs';
    title = 'Execution status';
  } else if (section === 'errors' && !id) {
    view = errorsView(ctx);
    navKey = 'errors';
    title = 'Integration errors';
  } else {
    location.replace('#/connections');
    return;
  }
  destroyCurrent();
  clearError();
  current = { view, token };
  main.replaceChildren(view.el);
  document.title = `${title} · Sluice`;
  for (const a of nav.querySelectorAll('a[data-nav]')) {
    if (a.dataset.nav === navKey) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!firstRoute) {
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
  firstRoute = false;
}

window.addEventListener('hashchange', route);

// ---------------------------------------------------------------- live updates

let polling = false;

const live = createLive({
  onStatus(status) {
    liveIndicator.textContent = status;
    liveIndicator.className = `live-indicator ${status}`;
    liveIndicator.title =
      status === 'live'
        ? 'Receiving live updates from the event stream'
        : 'Event stream unavailable: refreshing every 3 seconds';
  },
  onConnection(conn) {
    if (typeof conn.name !== 'string') return;
    store.apply(conn);
    current?.view.onConnection?.(conn);
  },
  onRun(run) {
    if (typeof run.runId !== 'string') return;
    const updated = store.applyRun(run);
    if (updated) current?.view.onConnection?.(updated);
    current?.view.onRun?.(run);
  },
  async onPoll() {
    if (polling || !current?.view.refresh) return;
    polling = true;
    try {
      await current.view.refresh();
    } finally {
      polling = false;
    }
  },
});

// ---------------------------------------------------------------- auth

let authState = 'unknown'; // 'unknown' | 'in' | 'out'

function showLogin() {
  if (authState === 'out' && !loginSection.hidden) return;
  authState = 'out';
  live.stop();
  destroyCurrent();
  store.reset();
  clearError();
  main.replaceChildren();
  main.hidden = true;
  nav.hidden = true;
  logoutBtn.hidden = true;
  loginSection.hidden = false;
  document.title = 'Sign in · Sluice';
  loginToken.focus();
}

function hideLogin() {
  loginSection.hidden = true;
  loginError.hidden = true;
  loginError.textContent = '';
  main.hidden = false;
  nav.hidden = false;
  logoutBtn.hidden = false;
}

setAuthHooks({
  unauthorized: showLogin,
  authorized() {
    if (authState === 'out') return; // a late answer from before logging out
    authState = 'in';
    logoutBtn.hidden = false;
    live.start();
  },
});

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = $('login-submit');
  const token = loginToken.value;
  loginToken.value = ''; // never keep the token in the page
  loginError.hidden = true;
  if (!token.trim()) {
    loginError.textContent = 'Enter the admin token.';
    loginError.hidden = false;
    loginToken.focus();
    return;
  }
  submit.disabled = true;
  try {
    await api.login(token.trim());
    authState = 'in';
    hideLogin();
    route();
    live.start();
  } catch (err) {
    loginError.textContent =
      err.status === 401 || err.status === 403 ? 'That token was not accepted.' : err.message || String(err);
    loginError.hidden = false;
    loginToken.focus();
  } finally {
    submit.disabled = false;
  }
});

logoutBtn.addEventListener('click', async () => {
  let failure = null;
  try {
    await api.logout();
  } catch (err) {
    failure = err;
  }
  showLogin();
  if (failure && failure.status !== 401) {
    loginError.textContent = `Logging out failed: ${failure.message}`;
    loginError.hidden = false;
  }
});

// ---------------------------------------------------------------- start

$('zone-note').textContent = `Times are shown in ${zoneLabel()}; hover a time for its ISO value.`;
route();
