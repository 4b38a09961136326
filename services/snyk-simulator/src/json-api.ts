import type { SluiceError } from '@sluice/errors';
import { SNYK_CATALOG } from './errors.ts';

export const JSON_API_TYPE = 'application/vnd.api+json';
export const JSON_API_VERSION = { version: '1.0' } as const;

export interface JsonApiError {
  id: string;
  status: string;
  code?: string;
  title: string;
  detail: string;
  links?: { about: string };
  source?: { parameter: string };
  meta: { classification: string; isErrorCatalogError: boolean };
}

/** The JSON:API error document Snyk answers with (reference §5). */
export function errorDocument(
  error: SluiceError,
  requestId: string,
): { jsonapi: typeof JSON_API_VERSION; errors: JsonApiError[] } {
  const status = error.statusCode ?? 500;
  const catalog = SNYK_CATALOG[error.code] ?? { title: 'Error' };
  const parameter = error.details.parameter;
  const entry: JsonApiError = {
    id: requestId,
    status: String(status),
    ...(catalog.code ? { code: catalog.code } : {}),
    title: catalog.title,
    detail: error.message,
    ...(catalog.code
      ? {
          links: { about: `https://docs.snyk.io/scan-with-snyk/error-catalog#${catalog.code.toLowerCase()}` },
        }
      : {}),
    ...(typeof parameter === 'string' ? { source: { parameter } } : {}),
    meta: {
      classification: status >= 500 ? 'UNEXPECTED' : 'ACTIONABLE',
      isErrorCatalogError: catalog.code !== undefined,
    },
  };
  return { jsonapi: JSON_API_VERSION, errors: [entry] };
}
