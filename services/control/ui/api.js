// The control service's JSON API (same origin, under /api) and the live event stream.
// Authentication is a session cookie set by POST /api/session; the UI never keeps the token.

import { queryString } from './dom.js';

/** A failed API call: `status` 0 means the network failed; `code`/`message`/`field` come from the body. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const hooks = {
  /** Called whenever a call answers 401 (the app shows the login form). */
  unauthorized: () => {},
  /** Called whenever a call answers 2xx (the app knows the session is good). */
  authorized: () => {},
};

export function setAuthHooks({ unauthorized, authorized }) {
  if (unauthorized) hooks.unauthorized = unauthorized;
  if (authorized) hooks.authorized = authorized;
}

async function request(method, path, body, { auth = true } = {}) {
  const headers = { accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', `The control service cannot be reached (${err.message}).`);
  }
  if (res.status === 401) {
    let message = 'Authentication required.';
    let code = 'UNAUTHORIZED';
    try {
      const data = await res.json();
      if (data?.error?.message) message = data.error.message;
      if (data?.error?.code) code = data.error.code;
    } catch {
      // no JSON body: keep the default message
    }
    if (auth) hooks.unauthorized();
    throw new ApiError(401, code, message);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'BAD_RESPONSE', `Unexpected non-JSON answer from ${path}.`);
    }
  }
  if (!res.ok) {
    const e = data && typeof data === 'object' ? data.error : null;
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? `${method} ${path} failed with HTTP ${res.status} ${res.statusText}`.trim(),
      e?.field,
    );
  }
  if (auth) hooks.authorized();
  return data;
}

const enc = encodeURIComponent;

export const api = {
  /** POST /api/session → 204; a wrong token answers 401 (without triggering the login hook). */
  login: (token) => request('POST', '/api/session', { token }, { auth: false }),
  logout: () => request('DELETE', '/api/session', undefined, { auth: false }),
  listConnections: () => request('GET', '/api/connections'),
  testConnection: (name) => request('POST', `/api/connections/${enc(name)}/test`),
  runNow: (name, mode = 'auto') => request('POST', `/api/connections/${enc(name)}/runs`, { mode }),
  /** filters: { connection, from, to, runId, limit } (from/to are ISO strings). */
  listRuns: (filters = {}) => request('GET', `/api/runs${queryString(filters)}`),
  getRun: (runId) => request('GET', `/api/runs/${enc(runId)}`),
  /** filters: { connection, runId, limit }. */
  listDeadLetters: (filters = {}) => request('GET', `/api/dead-letters${queryString(filters)}`),
};

// ---------------------------------------------------------------- live updates

export const POLL_MS = 3000;
const RECONNECT_MS = 10000;

/**
 * Live updates: an EventSource on /api/events; when it errors (or is unavailable) the app falls
 * back to polling every 3 s (`onPoll`) and retries the stream every 10 s. `onStatus('live' |
 * 'polling')` reports which mode is on.
 */
export function createLive({ onRun, onConnection, onPoll, onStatus }) {
  let source = null;
  let pollTimer = null;
  let retryTimer = null;
  let running = false;
  let status = 'polling';

  const setStatus = (s) => {
    if (s !== status) {
      status = s;
      onStatus(s);
    }
  };

  const parse = (handler) => (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return; // ignore a malformed event
    }
    if (data && typeof data === 'object') handler(data);
  };

  function startPolling() {
    if (pollTimer || !running) return;
    pollTimer = setInterval(onPoll, POLL_MS);
    onPoll(); // catch up at once
  }

  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  function closeSource() {
    if (source) source.close();
    source = null;
  }

  function connect() {
    retryTimer = null;
    if (!running) return;
    if (typeof EventSource === 'undefined') {
      startPolling();
      return;
    }
    closeSource();
    const es = new EventSource('/api/events');
    source = es;
    es.addEventListener('open', () => {
      if (source !== es) return;
      const wasPolling = pollTimer !== null;
      stopPolling();
      setStatus('live');
      if (wasPolling) onPoll(); // pick up whatever changed while the stream was down
    });
    es.addEventListener('run', parse(onRun));
    es.addEventListener('connection', parse(onConnection));
    es.addEventListener('error', () => {
      if (source !== es) return;
      closeSource();
      setStatus('polling');
      startPolling();
      if (running && !retryTimer) retryTimer = setTimeout(connect, RECONNECT_MS);
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      closeSource();
      stopPolling();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      setStatus('polling');
    },
    get running() {
      return running;
    },
  };
}
