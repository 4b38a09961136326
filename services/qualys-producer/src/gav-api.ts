import type { SecretRef } from '@sluice/config';
import { HttpClient, type HttpResponse, limiterForCredential, transportOptions } from '@sluice/http';
import { credentialKey, type QualysAssetSource, type QualysClientSeams } from './asset-source.ts';
import { qualysErrors } from './errors.ts';
import { GatewayToken } from './gateway-auth.ts';

/** The largest page the gateway serves; it refuses larger ones rather than clamp them. */
export const GAV_MAX_PAGE_SIZE = 300;

/**
 * The asset fields the CMDB mapping reads (spec, "IRE payload"), plus the ids kept for cross-source
 * matching (reference §9). A full record can run to 25K lines of JSON; everything else stays behind.
 */
export const GAV_INCLUDE_FIELDS: ReadonlyArray<string> = [
  'assetId',
  'assetUUID',
  'hostId',
  'hwUUID',
  'assetName',
  'dnsName',
  'netbiosName',
  'fqdn',
  'domain',
  'address',
  'biosSerialNumber',
  'biosAssetTag',
  'totalMemory',
  'createdDate',
  'sensorLastUpdatedDate',
  'operatingSystem',
  'hardware',
  'processor',
  'volumeListData',
  'networkInterfaceListData',
  'softwareListData',
  'provider',
  'cloudProvider',
];

/** The gateway publishes no fixed rate; this ceiling only paces a burst, its 429s say the rest. */
const GATEWAY_RATE = { perMinute: 300, burst: 10 };

const SEARCH_PATH = 'rest/2.0/search/am/asset';
const COUNT_PATH = 'rest/2.0/count/am/asset';

export interface GavApiSettings extends QualysClientSeams {
  readonly gatewayUrl: string;
  readonly username: string;
  readonly password: SecretRef;
  /** Assets per page, at most 300. */
  readonly pageSize?: number | undefined;
  readonly timeoutMs: number;
  readonly proxyUrl?: string | undefined;
  readonly ca?: string | undefined;
  /** Renew the JWT when less than this is left of it. */
  readonly renewBeforeMs?: number;
  readonly includeFields?: ReadonlyArray<string>;
}

/** A CSAM asset record as the gateway sends it; only the cursor field is relied on here. */
export type GavAsset = Readonly<Record<string, unknown>> & { readonly assetId: number };

interface GavAnswer {
  readonly responseCode?: string;
  readonly responseMessage?: string;
  readonly count?: number;
  readonly hasMore?: number | string;
  readonly lastSeenAssetId?: number | string;
  readonly assetListData?: { readonly asset?: GavAsset[] };
}

/**
 * Global AssetView / CSAM API v2 on the gateway: JWT auth, keyset pages by `lastSeenAssetId`, field
 * selection, and one limiter shared by every connection of the same Qualys user.
 */
export class GavApi implements QualysAssetSource<GavAsset> {
  readonly entity = 'gav-asset';
  readonly http: HttpClient;
  readonly pageSize: number;
  readonly #settings: GavApiSettings;
  readonly #includeFields: string;

  constructor(settings: GavApiSettings) {
    this.#settings = settings;
    this.pageSize = Math.min(settings.pageSize ?? GAV_MAX_PAGE_SIZE, GAV_MAX_PAGE_SIZE);
    this.#includeFields = (settings.includeFields ?? GAV_INCLUDE_FIELDS).join(',');
    const now = settings.now ?? Date.now;
    const token = new GatewayToken({
      login: () => this.#login(),
      now,
      ...(settings.renewBeforeMs !== undefined ? { renewBeforeMs: settings.renewBeforeMs } : {}),
    });
    this.http = new HttpClient({
      name: 'qualys',
      baseUrl: settings.gatewayUrl,
      timeoutMs: settings.timeoutMs,
      ...transportOptions(settings),
      limiter:
        settings.limiter ??
        limiterForCredential(
          'qualys-gateway',
          credentialKey(settings.gatewayUrl, settings.username),
          GATEWAY_RATE,
        ),
      auth: token,
      now,
    });
  }

  /** `POST /auth`: 201 with the raw JWT as the body (reference §1); Qualys counts it against no rate limit. */
  async #login(): Promise<string> {
    const response = await this.http.request({
      method: 'POST',
      path: 'auth',
      anonymous: true,
      headers: { accept: 'text/plain, application/json' },
      form: {
        username: this.#settings.username,
        password: this.#settings.password.reveal(),
        token: 'true',
      },
    });
    const jwt = response.text.trim();
    if (jwt.split('.').length !== 3) throw qualysErrors.QUALYS_NO_TOKEN('/auth', response.status);
    return jwt;
  }

  async count(): Promise<number> {
    const response = await this.http.request({ method: 'POST', path: COUNT_PATH, json: {} });
    const answer = this.#answer(response, COUNT_PATH);
    return Number(answer?.count ?? 0);
  }

  /**
   * Pages in `assetId` order. Ends on `hasMore: 0`, on an empty page (Qualys sends `hasMore: 1` with
   * no assets at times) or on 204; the next cursor is the answer's `lastSeenAssetId`, else the page's
   * largest id.
   */
  async *assetPages(): AsyncGenerator<ReadonlyArray<GavAsset>> {
    let cursor = 0;
    for (;;) {
      const response = await this.http.request({
        method: 'POST',
        path: SEARCH_PATH,
        query: { pageSize: this.pageSize, lastSeenAssetId: cursor, includeFields: this.#includeFields },
        json: {},
      });
      const answer = this.#answer(response, SEARCH_PATH);
      const assets = answer?.assetListData?.asset ?? [];
      yield assets;
      if (Number(answer?.hasMore) !== 1 || assets.length === 0) return;
      const next = Number(answer?.lastSeenAssetId ?? Math.max(...assets.map((a) => a.assetId)));
      if (!(next > cursor)) throw qualysErrors.QUALYS_CURSOR_STALLED(`POST /${SEARCH_PATH}`, cursor);
      cursor = next;
    }
  }

  idOf(asset: GavAsset): string {
    return String(asset.assetId);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** The JSON answer, or undefined for "no results" (204 or an empty body); a 200 can still say FAILED. */
  #answer(response: HttpResponse, path: string): GavAnswer | undefined {
    if (response.status === 204 || response.text.trim() === '') return undefined;
    const answer = response.json<GavAnswer | null>();
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer))
      throw qualysErrors.QUALYS_INVALID_RESPONSE('POST', `/${path}`, 'asset answer');
    if (answer.responseCode !== undefined && answer.responseCode !== 'SUCCESS') {
      throw qualysErrors.QUALYS_REQUEST_FAILED(
        'POST',
        `/${path}`,
        answer.responseCode,
        answer.responseMessage ?? '',
      );
    }
    return answer;
  }
}
