import type { SecretRef } from '@sluice/config';
import { HttpClient, limiterForCredential, transportOptions } from '@sluice/http';
import { XMLParser } from 'fast-xml-parser';
import { credentialKey, type QualysAssetSource, type QualysClientSeams } from './asset-source.ts';
import { qualysErrors } from './errors.ts';
import { classifyQpsAnswer, type SerialGate, serialGateFor } from './qps-limits.ts';

/** The most `limitResults` the QPS API accepts, and what a pull asks for by default. */
export const QPS_MAX_LIMIT_RESULTS = 1000;

/** The tiers differ (300 to thousands an hour); this ceiling only paces, the 409s say the rest. */
const QPS_RATE = { perMinute: 60, burst: 5 };
/** A 1965 may ask to wait out the rest of a one-hour window; waiting beats failing the run. */
const QPS_MAX_SERVER_DELAY_MS = 3600_000;

const SEARCH_PATH = 'qps/rest/2.0/search/am/hostasset';
const COUNT_PATH = 'qps/rest/2.0/count/am/hostasset';

export interface QpsApiSettings extends QualysClientSeams {
  /** The API server (`qualysapi…`), not the gateway. */
  readonly apiUrl: string;
  readonly username: string;
  readonly password: SecretRef;
  /** Assets per page, at most 1000. */
  readonly limitResults?: number | undefined;
  readonly timeoutMs: number;
  readonly proxyUrl?: string | undefined;
  readonly ca?: string | undefined;
}

/**
 * A `HostAsset` as parsed: every leaf a string, and a list of one item an object rather than an array
 * (the transformer normalises both).
 */
export type HostAssetRecord = Readonly<Record<string, unknown>> & { readonly id: string };

interface ServiceResponse {
  readonly responseCode?: string;
  readonly responseErrorDetails?: { readonly errorMessage?: string };
  readonly count?: string;
  readonly hasMoreRecords?: string;
  readonly lastId?: string;
  readonly data?: { readonly HostAsset?: HostAssetRecord | HostAssetRecord[] } | '';
}

/** Leaves stay strings and one-item lists stay objects: the records are stored as Qualys sent them. */
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

function serviceResponse(text: string, path: string): ServiceResponse {
  let doc: { ServiceResponse?: ServiceResponse | string };
  try {
    doc = parser.parse(text) as typeof doc;
  } catch (error) {
    throw qualysErrors.QUALYS_INVALID_RESPONSE.with({ cause: error }, 'POST', `/${path}`, 'ServiceResponse');
  }
  const answer = doc.ServiceResponse;
  if (typeof answer !== 'object')
    throw qualysErrors.QUALYS_INVALID_RESPONSE('POST', `/${path}`, 'ServiceResponse');
  return answer;
}

/** The search for the page after `lastId`: keyset paging on `id GREATER` (reference §3). */
export function hostAssetSearch(lastId: string, limitResults: number): string {
  return (
    `<ServiceRequest><preferences><limitResults>${limitResults}</limitResults></preferences>` +
    `<filters><Criteria field="id" operator="GREATER">${lastId}</Criteria></filters></ServiceRequest>`
  );
}

/**
 * The Asset Management and Tagging API v2 (QPS): XML over Basic auth, `HostAsset` pages walked by id,
 * one call at a time per Qualys user, 409 rate and concurrency answers waited out.
 */
export class QpsApi implements QualysAssetSource<HostAssetRecord> {
  readonly entity = 'qps-hostasset';
  readonly http: HttpClient;
  readonly limitResults: number;
  readonly #gate: SerialGate;

  constructor(settings: QpsApiSettings) {
    this.limitResults = Math.min(settings.limitResults ?? QPS_MAX_LIMIT_RESULTS, QPS_MAX_LIMIT_RESULTS);
    const key = credentialKey(settings.apiUrl, settings.username);
    this.#gate = serialGateFor(key);
    this.http = new HttpClient({
      name: 'qualys',
      baseUrl: settings.apiUrl,
      timeoutMs: settings.timeoutMs,
      ...transportOptions(settings),
      limiter: settings.limiter ?? limiterForCredential('qualys-qps', key, QPS_RATE),
      auth: {
        headers: () => ({
          authorization: `Basic ${Buffer.from(`${settings.username}:${settings.password.reveal()}`).toString('base64')}`,
        }),
      },
      classify: classifyQpsAnswer,
      retry: { maxServerDelayMs: QPS_MAX_SERVER_DELAY_MS, ...settings.retry },
      ...(settings.now ? { now: settings.now } : {}),
    });
  }

  async count(): Promise<number> {
    const answer = await this.#post(COUNT_PATH, '<ServiceRequest></ServiceRequest>');
    return Number(answer.count ?? 0);
  }

  /** Pages in id order while `hasMoreRecords` is true, the next one after `lastId` (else the page's largest id). */
  async *assetPages(): AsyncGenerator<ReadonlyArray<HostAssetRecord>> {
    let lastId = '0';
    for (;;) {
      const answer = await this.#post(SEARCH_PATH, hostAssetSearch(lastId, this.limitResults));
      const found = answer.data ? answer.data.HostAsset : undefined;
      const assets = found === undefined ? [] : Array.isArray(found) ? found : [found];
      yield assets;
      if (answer.hasMoreRecords !== 'true' || assets.length === 0) return;
      const next = answer.lastId ?? String(Math.max(...assets.map((a) => Number(a.id))));
      if (!/^\d+$/.test(next) || !(Number(next) > Number(lastId)))
        throw qualysErrors.QUALYS_CURSOR_STALLED(`POST /${SEARCH_PATH}`, lastId);
      lastId = next;
    }
  }

  idOf(asset: HostAssetRecord): string {
    return asset.id;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** One call through the per-user gate; a 200 is only a success when its `responseCode` says so. */
  async #post(path: string, body: string): Promise<ServiceResponse> {
    const response = await this.#gate.run(() =>
      this.http.request({
        method: 'POST',
        path,
        body,
        headers: { 'content-type': 'text/xml', accept: 'application/xml' },
      }),
    );
    const answer = serviceResponse(response.text, path);
    if (answer.responseCode !== 'SUCCESS') {
      throw qualysErrors.QUALYS_REQUEST_FAILED(
        'POST',
        `/${path}`,
        answer.responseCode ?? '(no responseCode)',
        answer.responseErrorDetails?.errorMessage ?? '',
      );
    }
    return answer;
  }
}
