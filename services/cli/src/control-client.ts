import { HttpClient } from '@sluice/http';

/** The control API as the CLI uses it: the admin token as a bearer token, errors as the API words them. */
export class ControlClient {
  readonly #http: HttpClient;

  constructor(baseUrl: string, token: string) {
    this.#http = new HttpClient({
      name: 'control',
      baseUrl,
      timeoutMs: 120_000,
      retry: { maxAttempts: 3 },
      auth: { headers: () => ({ authorization: `Bearer ${token}` }) },
    });
  }

  async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.#http.request({
      method,
      path,
      ...(body === undefined ? {} : { json: body }),
      accept: [400, 401, 404, 409],
    });
    if (response.status >= 400) {
      const answer = response.json<{ error?: { code?: string; message?: string } }>();
      const error = new Error(answer.error?.message ?? `control answered ${response.status}`) as Error & {
        code?: string;
      };
      error.code = answer.error?.code ?? `HTTP_${response.status}`;
      throw error;
    }
    return (response.status === 204 || response.text === '' ? undefined : response.json<T>()) as T;
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
