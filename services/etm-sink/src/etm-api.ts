import type { SecretRef } from '@sluice/config';
import {
  type AuthProvider,
  HttpClient,
  type HttpEvent,
  type HttpStats,
  httpErrors,
  type RetryPolicy,
  transportOptions,
} from '@sluice/http';
import { type EtmElement, pushBody } from './wire.ts';

export interface EtmApiSettings {
  readonly apiUrl: string;
  readonly username: string;
  readonly password: SecretRef;
  readonly connectorUuid: string;
  readonly timeoutMs: number;
  readonly proxyUrl?: string | undefined;
  readonly ca?: string | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  readonly onEvent?: (event: HttpEvent) => void;
}

export interface PushResult {
  readonly status: number;
  /** Rejected elements by externalAssetId, with ETM's reason (207). */
  readonly rejected: Readonly<Record<string, string>>;
}

/** A JWT from `POST /auth`, fetched on first use and again when ETM answers 401 (expired or revoked). */
class EtmAuth implements AuthProvider {
  readonly #http: () => HttpClient;
  readonly #settings: EtmApiSettings;
  #jwt: string | undefined;
  #inflight: Promise<void> | undefined;

  constructor(settings: EtmApiSettings, http: () => HttpClient) {
    this.#settings = settings;
    this.#http = http;
  }

  async headers(): Promise<Record<string, string>> {
    if (!this.#jwt) await this.refresh();
    return { authorization: `Bearer ${this.#jwt}` };
  }

  refresh(): Promise<void> {
    this.#inflight ??= this.#http()
      .request({
        method: 'POST',
        path: 'auth',
        anonymous: true,
        form: {
          username: this.#settings.username,
          password: this.#settings.password.reveal(),
          token: 'true',
        },
      })
      .then((response) => {
        this.#jwt = response.text.trim();
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }
}

/** The ETM ingest API: connector pushes with JWT auth; partial rejections (207) come back per element. */
export class EtmApi {
  readonly #http: HttpClient;
  readonly #settings: EtmApiSettings;

  constructor(settings: EtmApiSettings) {
    this.#settings = settings;
    const auth = new EtmAuth(settings, () => this.#http);
    this.#http = new HttpClient({
      name: 'etm',
      baseUrl: settings.apiUrl,
      timeoutMs: settings.timeoutMs,
      auth,
      ...transportOptions(settings),
    });
  }

  get stats(): HttpStats {
    return this.#http.stats;
  }

  /** One push; a retry of the same push reuses its requestId, so ETM applies it once. */
  async push(requestId: string, elements: ReadonlyArray<EtmElement>, trace?: HttpStats): Promise<PushResult> {
    const response = await this.#http.request({
      method: 'POST',
      path: 'rest/2.0/am/connector/asset/data/sync',
      json: pushBody(this.#settings.connectorUuid, requestId, elements),
      ...(trace ? { trace } : {}),
    });
    const body = response.json<{ responseCode?: string; assetsError?: Record<string, string> }>();
    if (response.status === 207) return { status: 207, rejected: body.assetsError ?? {} };
    if (response.status !== 200)
      throw httpErrors.HTTP_UNEXPECTED_STATUS('POST', 'connector/asset/data/sync', response.status);
    return { status: 200, rejected: {} };
  }

  /** `POST /auth` alone: the authentication check of Test Connection. */
  async authenticate(): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: 'auth',
      anonymous: true,
      form: { username: this.#settings.username, password: this.#settings.password.reveal(), token: 'true' },
    });
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
