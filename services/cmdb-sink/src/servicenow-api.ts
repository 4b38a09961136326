import type { QualysCmdbConnection } from '@sluice/connections';
import {
  type AuthProvider,
  HttpClient,
  type HttpEvent,
  type HttpStats,
  type RetryPolicy,
  transportOptions,
} from '@sluice/http';
import { cmdbSinkErrors } from './errors.ts';
import type { IreAnswer, IrePayload } from './ire-wire.ts';

export interface ServiceNowApiSettings {
  readonly instanceUrl: string;
  readonly auth: QualysCmdbConnection['servicenow']['auth'];
  readonly dataSource: string;
  readonly timeoutMs: number;
  readonly proxyUrl?: string | undefined;
  readonly ca?: string | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  readonly onEvent?: (event: HttpEvent) => void;
}

/** Basic auth, or an OAuth bearer token from `/oauth_token.do` renewed on 401. */
function authProvider(settings: ServiceNowApiSettings, http: () => HttpClient): AuthProvider {
  const auth = settings.auth;
  if (auth.type === 'basic') {
    return {
      headers: () => ({
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`,
      }),
    };
  }
  let token: string | undefined;
  let inflight: Promise<void> | undefined;
  const refresh = () => {
    inflight ??= (async () => {
      const form: Record<string, string> =
        auth.username && auth.password
          ? {
              grant_type: 'password',
              client_id: auth.clientId,
              client_secret: auth.clientSecret.reveal(),
              username: auth.username,
              password: auth.password.reveal(),
            }
          : {
              grant_type: 'client_credentials',
              client_id: auth.clientId,
              client_secret: auth.clientSecret.reveal(),
            };
      const response = await http().request({
        method: 'POST',
        path: 'oauth_token.do',
        form,
        anonymous: true,
      });
      const body = response.json<{ access_token?: string }>();
      if (!body.access_token) throw cmdbSinkErrors.SERVICENOW_OAUTH_FAILED('no access_token in the answer');
      token = body.access_token;
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
  return {
    headers: async () => {
      if (!token) await refresh();
      return { authorization: `Bearer ${token}` };
    },
    refresh,
  };
}

/** ServiceNow's IRE API (`identifyreconcile/enhanced`) and the Table API reads used to check the connection. */
export class ServiceNowApi {
  readonly #http: HttpClient;
  readonly #settings: ServiceNowApiSettings;

  constructor(settings: ServiceNowApiSettings) {
    this.#settings = settings;
    this.#http = new HttpClient({
      name: 'servicenow',
      baseUrl: settings.instanceUrl,
      timeoutMs: settings.timeoutMs,
      auth: authProvider(settings, () => this.#http),
      ...transportOptions(settings),
    });
  }

  get stats(): HttpStats {
    return this.#http.stats;
  }

  /** One IRE call; HTTP 200 is not success, the caller reads every item's result. */
  async identifyReconcile(payload: IrePayload, trace?: HttpStats): Promise<IreAnswer> {
    return this.#http.json<IreAnswer>({
      method: 'POST',
      path: 'api/now/identifyreconcile/enhanced',
      query: { sysparm_data_source: this.#settings.dataSource, options: 'generate_summary:true' },
      json: payload,
      ...(trace ? { trace } : {}),
    });
  }

  /** A one-row Table API read: the authentication and authorization check of Test Connection. */
  async probe(table = 'cmdb_ci'): Promise<number> {
    const response = await this.#http.request({
      path: `api/now/table/${table}`,
      query: { sysparm_limit: 1, sysparm_fields: 'sys_id' },
    });
    return response.status;
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
