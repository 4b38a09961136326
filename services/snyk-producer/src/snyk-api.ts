import type { SecretRef } from '@sluice/config';
import {
  type HttpClient as Client,
  HttpClient,
  type HttpEvent,
  limiterForCredential,
  type RetryPolicy,
  transportOptions,
} from '@sluice/http';

export interface SnykApiSettings {
  readonly apiUrl: string;
  readonly token: SecretRef;
  readonly apiVersion: string;
  readonly pageSize: number;
  readonly rateLimitPerMinute: number;
  readonly timeoutMs: number;
  readonly proxyUrl?: string | undefined;
  readonly ca?: string | undefined;
  /** Requests the client may send at once before settling to the steady rate. */
  readonly burst?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  readonly onEvent?: (event: HttpEvent) => void;
}

/** A JSON:API resource as Snyk serves it. */
export interface SnykResource {
  readonly id: string;
  readonly type?: string;
  readonly attributes: Record<string, unknown>;
  readonly relationships?: Record<string, unknown>;
  readonly meta?: Record<string, unknown>;
}

interface SnykPage {
  readonly data?: SnykResource[];
  readonly links?: { readonly next?: string; readonly self?: string };
}

/**
 * Snyk's REST API as the connector uses it: token auth, a pinned `version`, cursor pages followed by
 * their `links.next` verbatim, and one rate limiter shared by everything using the same token.
 */
export class SnykApi {
  readonly http: Client;
  readonly #settings: SnykApiSettings;
  readonly #restBase: string;
  readonly #origin: string;

  constructor(settings: SnykApiSettings) {
    this.#settings = settings;
    const api = settings.apiUrl.replace(/\/+$/, '').replace(/\/rest$/, '');
    this.#restBase = `${api}/rest`;
    this.#origin = new URL(api).origin;
    this.http = new HttpClient({
      name: 'snyk',
      baseUrl: this.#restBase,
      timeoutMs: settings.timeoutMs,
      ...transportOptions(settings),
      limiter: limiterForCredential('snyk', settings.token.reveal(), {
        perMinute: settings.rateLimitPerMinute,
        burst: settings.burst ?? 20,
      }),
      headers: { accept: 'application/vnd.api+json' },
      auth: { headers: () => ({ authorization: `token ${settings.token.reveal()}` }) },
    });
  }

  /**
   * Where `links.next` points. Snyk sends it server-relative, sometimes with the `/rest` prefix and
   * sometimes without; an absolute link is used as it is.
   */
  resolveLink(link: string): string {
    if (/^https?:\/\//.test(link)) return link;
    if (link.startsWith('/rest/') || link === '/rest') return `${this.#origin}${link}`;
    return `${this.#restBase}${link.startsWith('/') ? '' : '/'}${link}`;
  }

  /** Every page of a collection, first page built from `query`, the rest from `links.next`. */
  async *pages(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
  ): AsyncGenerator<SnykResource[]> {
    let url: string | undefined = this.http.url(path, {
      version: this.#settings.apiVersion,
      limit: this.#settings.pageSize,
      ...query,
    }).href;
    let previous: string | undefined;
    while (url) {
      const page = await this.http.json<SnykPage>({ path: url });
      const data = page.data ?? [];
      yield data;
      const next = page.links?.next;
      if (!next || data.length === 0) return;
      const resolved = this.resolveLink(next);
      // A `next` equal to the page just read would loop forever (pysnyk#212).
      if (resolved === url || resolved === previous) return;
      previous = url;
      url = resolved;
    }
  }

  self(): Promise<{ data?: SnykResource }> {
    return this.http.json({ path: 'self', query: { version: this.#settings.apiVersion } });
  }

  orgs(): AsyncGenerator<SnykResource[]> {
    return this.pages('orgs', {});
  }

  projects(orgId: string): AsyncGenerator<SnykResource[]> {
    return this.pages(`orgs/${encodeURIComponent(orgId)}/projects`, { expand: 'target' });
  }

  /** One org-wide stream of open-source issues, joined to projects later by `scan_item`. */
  issues(orgId: string, updatedAfter?: string): AsyncGenerator<SnykResource[]> {
    return this.pages(`orgs/${encodeURIComponent(orgId)}/issues`, {
      type: 'package_vulnerability',
      updated_after: updatedAfter,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
