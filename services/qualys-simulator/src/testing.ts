/** Small client helpers shared by the simulator's tests (plain `fetch`, as a pipeline client would). */
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_USERS, type QualysSimulator } from './server.ts';

const user = DEFAULT_USERS[0] as { username: string; password: string };

export async function login(
  sim: Pick<QualysSimulator, 'url'>,
  username = user.username,
  password = user.password,
): Promise<Response> {
  return fetch(`${sim.url}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, token: 'true' }).toString(),
  });
}

export async function jwt(sim: Pick<QualysSimulator, 'url'>): Promise<string> {
  const response = await login(sim);
  if (response.status !== 201) throw new Error(`auth failed: ${response.status}`);
  return response.text();
}

export interface GavSearch {
  pageSize?: number;
  lastSeenAssetId?: number;
  includeFields?: string;
  excludeFields?: string;
  body?: unknown;
}

export function gavSearch(
  sim: Pick<QualysSimulator, 'url'>,
  token: string,
  search: GavSearch = {},
): Promise<Response> {
  const query = new URLSearchParams();
  if (search.pageSize !== undefined) query.set('pageSize', String(search.pageSize));
  query.set('lastSeenAssetId', String(search.lastSeenAssetId ?? 0));
  if (search.includeFields) query.set('includeFields', search.includeFields);
  if (search.excludeFields) query.set('excludeFields', search.excludeFields);
  return fetch(`${sim.url}/rest/2.0/search/am/asset?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(search.body ?? {}),
  });
}

export interface GavResponse {
  responseCode: string;
  responseMessage: string;
  count: number;
  hasMore: 0 | 1;
  lastSeenAssetId: number;
  assetListData: { asset: Array<Record<string, unknown> & { assetId: number }> };
}

/** Pulls every page the way the pipeline does: stop on 204, `hasMore: 0` or an empty page. */
export async function pullAll(
  sim: Pick<QualysSimulator, 'url'>,
  token: string,
  search: Omit<GavSearch, 'lastSeenAssetId'> = {},
): Promise<{ assets: GavResponse['assetListData']['asset']; pages: number; statuses: number[] }> {
  const assets: GavResponse['assetListData']['asset'] = [];
  const statuses: number[] = [];
  let cursor = 0;
  for (let pages = 1; ; pages++) {
    const response = await gavSearch(sim, token, { ...search, lastSeenAssetId: cursor });
    statuses.push(response.status);
    if (response.status === 204) return { assets, pages, statuses };
    if (response.status !== 200)
      throw new Error(`search failed: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as GavResponse;
    assets.push(...page.assetListData.asset);
    if (page.hasMore === 0 || page.assetListData.asset.length === 0) return { assets, pages, statuses };
    cursor = page.lastSeenAssetId;
  }
}

export function basicAuth(username = user.username, password = user.password): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function serviceRequest(options: {
  limit?: number;
  criteria?: Array<[string, string, string]>;
}): string {
  const preferences =
    options.limit === undefined
      ? ''
      : `<preferences><limitResults>${options.limit}</limitResults></preferences>`;
  const criteria = (options.criteria ?? [])
    .map(
      ([field, operator, value]) => `<Criteria field="${field}" operator="${operator}">${value}</Criteria>`,
    )
    .join('');
  return `<ServiceRequest>${preferences}${criteria ? `<filters>${criteria}</filters>` : ''}</ServiceRequest>`;
}

export function qpsSearch(
  sim: Pick<QualysSimulator, 'url'>,
  body: string,
  authorization = basicAuth(),
  path = '/qps/rest/2.0/search/am/hostasset',
): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'text/xml' },
    body,
  });
}

/** Parsed as a client would with default options: one child element is an object, several an array. */
export const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });

export function parseXml<T = Record<string, unknown>>(text: string): T {
  return xmlParser.parse(text) as T;
}

export function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export async function simPost(
  sim: Pick<QualysSimulator, 'url'>,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

/** A JSON response body, typed loosely enough to read fields in assertions. */
export async function jsonBody<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
