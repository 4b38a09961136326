import { SluiceError } from '@sluice/errors';
import { scrubText } from '@sluice/logging';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import { httpErrors } from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy, serverRequestedDelay } from './retry.ts';

export type Headers = Record<string, string>;

/** Supplies credentials per request; `refresh` is called once when the server answers 401. */
export interface AuthProvider {
  headers(): Promise<Headers> | Headers;
  refresh?(): Promise<void>;
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path joined to the base URL, or an absolute URL. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Headers;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Statuses returned to the caller instead of thrown; 2xx always are. */
  readonly accept?: ReadonlyArray<number>;
  /** Skip the credential provider, e.g. for the login call itself. */
  readonly anonymous?: boolean;
  /** Counts this request's attempts and throttled answers, besides the client's totals. */
  readonly trace?: HttpStats;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  json<T = unknown>(): T;
}

/** What a client-specific rule says about a response the generic rules would get wrong (Qualys 409s). */
export interface Verdict {
  readonly retriable: boolean;
  readonly code: string;
  readonly message: string;
  readonly delayMs?: number;
  /** Counts as a rate-limit answer in the statistics. */
  readonly rateLimited?: boolean;
}

export type HttpEvent =
  | { type: 'http.request'; client: string; method: string; path: string; attempt: number }
  | { type: 'http.response'; client: string; method: string; path: string; status: number; ms: number }
  | {
      type: 'http.retry';
      client: string;
      method: string;
      path: string;
      code: string;
      delayMs: number;
      attempt: number;
    };

export interface HttpClientOptions {
  /** Names the external system in errors and metrics: `snyk`, `etm`, `qualys`, `servicenow`. */
  readonly name: string;
  readonly baseUrl: string;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly limiter?: RateLimiter;
  /** An HTTPS proxy all calls go through (the MID-server equivalent). */
  readonly proxyUrl?: string;
  /** Extra trusted CA certificates (PEM), e.g. a corporate CA in front of the API. */
  readonly ca?: string;
  readonly auth?: AuthProvider;
  readonly headers?: Headers;
  readonly classify?: (response: HttpResponse) => Verdict | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly onEvent?: (event: HttpEvent) => void;
}

export interface HttpStats {
  /** Every attempt sent, retries included. */
  calls: number;
  rateLimited: number;
  retries: number;
  serverErrors: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as Error)?.name ?? 'UNKNOWN';
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return scrubText(flat.length > 300 ? `${flat.slice(0, 300)}…` : flat);
}

/**
 * The one HTTP client for every external API. It owns timeouts, retries with backoff and jitter on
 * retriable failures only, server-requested waits, a per-credential rate limiter, one credential refresh
 * on 401, and a coded error for every failure.
 */
export class HttpClient {
  readonly name: string;
  readonly stats: HttpStats = { calls: 0, rateLimited: 0, retries: 0, serverErrors: 0 };
  readonly #base: URL;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #dispatcher: Dispatcher;
  readonly #options: HttpClientOptions;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;

  constructor(options: HttpClientOptions) {
    this.name = options.name;
    this.#options = options;
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    const tls = options.ca ? { ca: options.ca } : undefined;
    this.#dispatcher = options.proxyUrl
      ? new ProxyAgent({ uri: options.proxyUrl, ...(tls ? { requestTls: tls } : {}) })
      : new Agent({ keepAliveTimeout: 10_000, connections: 16, ...(tls ? { connect: tls } : {}) });
    this.#sleep = options.sleep ?? realSleep;
    this.#now = options.now ?? Date.now;
  }

  get baseUrl(): string {
    return this.#base.href;
  }

  url(path: string, query?: HttpRequest['query']): URL {
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), this.#base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const url = this.url(req.path, req.query);
    const where = url.pathname;
    let refreshed = false;
    let lastError: SluiceError | undefined;
    for (let attempt = 1; attempt <= this.#retry.maxAttempts; attempt++) {
      await this.#options.limiter?.acquire();
      let verdict: { error: SluiceError; delayMs?: number; rateLimited?: boolean } | undefined;
      try {
        const response = await this.#send(method, url, req, attempt);
        if (response.status === 401 && !refreshed && this.#options.auth?.refresh && !req.anonymous) {
          refreshed = true;
          await this.#options.auth.refresh();
          attempt--;
          continue;
        }
        const classified = this.#classify(method, where, response, req);
        if (!classified) return response;
        verdict = classified;
      } catch (error) {
        const code = errorCode(error);
        if (TIMEOUT_CODES.has(code) || code === 'TimeoutError' || code === 'ABORT_ERR') {
          verdict = { error: httpErrors.HTTP_TIMEOUT.with({ cause: error }, method, where, this.#timeoutMs) };
        } else if (NETWORK_CODES.has(code)) {
          verdict = { error: httpErrors.HTTP_NETWORK_ERROR.with({ cause: error }, method, where, code) };
        } else {
          throw error;
        }
      }
      lastError = verdict.error;
      if (verdict.rateLimited) {
        this.stats.rateLimited++;
        if (req.trace) req.trace.rateLimited++;
      }
      if (!verdict.error.retriable) throw verdict.error;
      if (attempt === this.#retry.maxAttempts) break;
      const delayMs = verdict.delayMs ?? backoffDelay(this.#retry, attempt);
      if (delayMs > this.#retry.maxServerDelayMs) break;
      if (verdict.rateLimited) this.#options.limiter?.pauseUntil(this.#now() + delayMs);
      this.stats.retries++;
      if (req.trace) req.trace.retries++;
      this.#options.onEvent?.({
        type: 'http.retry',
        client: this.name,
        method,
        path: where,
        code: verdict.error.code,
        delayMs,
        attempt,
      });
      await this.#sleep(delayMs);
    }
    throw httpErrors.HTTP_RETRIES_EXHAUSTED.with(
      { cause: lastError, details: { lastCode: lastError?.code } },
      method,
      where,
      this.#retry.maxAttempts,
      lastError?.message ?? 'unknown',
    );
  }

  async json<T = unknown>(req: HttpRequest): Promise<T> {
    return (await this.request(req)).json<T>();
  }

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  async #send(method: string, url: URL, req: HttpRequest, attempt: number): Promise<HttpResponse> {
    const headers: Headers = { accept: 'application/json', ...this.#options.headers, ...req.headers };
    let body: string | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form as Record<string, string>).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    if (this.#options.auth && !req.anonymous) Object.assign(headers, await this.#options.auth.headers());
    this.stats.calls++;
    if (req.trace) req.trace.calls++;
    this.#options.onEvent?.({ type: 'http.request', client: this.name, method, path: url.pathname, attempt });
    const started = this.#now();
    const res = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: this.#dispatcher,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    const text = await res.body.text();
    const status = res.statusCode;
    this.#options.onEvent?.({
      type: 'http.response',
      client: this.name,
      method,
      path: url.pathname,
      status,
      ms: this.#now() - started,
    });
    const name = this.name;
    return {
      status,
      headers: res.headers,
      text,
      json<T>(): T {
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          throw httpErrors.HTTP_INVALID_JSON.with(
            { cause: error, details: { client: name } },
            method,
            url.pathname,
          );
        }
      },
    };
  }

  #classify(
    method: string,
    where: string,
    response: HttpResponse,
    req: HttpRequest,
  ): { error: SluiceError; delayMs?: number; rateLimited?: boolean } | undefined {
    const custom = this.#options.classify?.(response);
    if (custom) {
      const error = new SluiceError(
        custom.code,
        `${method} ${where}: ${custom.message}`,
        { message: custom.message, retriable: custom.retriable },
        { details: { status: response.status, client: this.name } },
      );
      return {
        error,
        ...(custom.delayMs !== undefined ? { delayMs: custom.delayMs } : {}),
        ...(custom.rateLimited ? { rateLimited: true } : {}),
      };
    }
    const { status } = response;
    if ((status >= 200 && status < 300) || req.accept?.includes(status)) return undefined;
    const details = { status, client: this.name };
    const body = snippet(response.text);
    const requested = serverRequestedDelay(response.headers, this.#now());
    const withDelay = requested === undefined ? {} : { delayMs: requested };
    if (status === 429) {
      return {
        error: httpErrors.HTTP_RATE_LIMITED.with({ details }, method, where),
        rateLimited: true,
        ...withDelay,
      };
    }
    if (status === 408 || status >= 500) {
      this.stats.serverErrors++;
      return { error: httpErrors.HTTP_SERVER_ERROR.with({ details }, method, where, status), ...withDelay };
    }
    if (status === 401) return { error: httpErrors.HTTP_UNAUTHORIZED.with({ details }, method, where, body) };
    if (status === 403) return { error: httpErrors.HTTP_FORBIDDEN.with({ details }, method, where, body) };
    if (status === 404) return { error: httpErrors.HTTP_NOT_FOUND.with({ details }, method, where, body) };
    if (status === 413) return { error: httpErrors.HTTP_PAYLOAD_TOO_LARGE.with({ details }, method, where) };
    if (status === 409) return { error: httpErrors.HTTP_CONFLICT.with({ details }, method, where, body) };
    if (status >= 400)
      return { error: httpErrors.HTTP_BAD_REQUEST.with({ details }, method, where, status, body) };
    return { error: httpErrors.HTTP_UNEXPECTED_STATUS.with({ details }, method, where, status) };
  }
}

/** The transport settings an API client hands through to its `HttpClient`. */
export type TransportOptions = Pick<HttpClientOptions, 'proxyUrl' | 'ca' | 'sleep' | 'retry' | 'onEvent'>;
const TRANSPORT_KEYS = ['proxyUrl', 'ca', 'sleep', 'retry', 'onEvent'] as const;

/** Picks the transport settings that are set (with exact optional types an `undefined` may not be passed on). */
export function transportOptions(
  settings: {
    readonly [K in keyof TransportOptions]?: TransportOptions[K] | undefined;
  },
): TransportOptions {
  const picked: Record<string, unknown> = {};
  for (const key of TRANSPORT_KEYS) if (settings[key]) picked[key] = settings[key];
  return picked as TransportOptions;
}
