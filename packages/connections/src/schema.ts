import { readFileSync } from 'node:fs';
import { secretRef } from '@sluice/config';
import { z } from 'zod';

/** Snyk API hosts whose web app URL is known; any other API URL must state `appUrl`. */
export const SNYK_APP_URLS: Readonly<Record<string, string>> = {
  'https://api.snyk.io': 'https://app.snyk.io',
  'https://api.us.snyk.io': 'https://app.us.snyk.io',
  'https://api.eu.snyk.io': 'https://app.eu.snyk.io',
  'https://api.au.snyk.io': 'https://app.au.snyk.io',
};

export const ASSET_TYPES = ['CODE_REPOSITORY', 'GENERIC_APPLICATION'] as const;
export type AssetTypeName = (typeof ASSET_TYPES)[number];

const name = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'lower-case letters, digits and dashes, starting with a letter or digit',
  );

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm (24 h)');

/** When a connection runs: the seed products' schedule kinds. Times are in `timezone` (default UTC). */
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), at: z.iso.datetime({ offset: true }) }),
  z.object({ kind: z.literal('daily'), time: timeOfDay }),
  z.object({ kind: z.literal('weekly'), time: timeOfDay, dayOfWeek: z.number().int().min(0).max(6) }),
  z.object({ kind: z.literal('monthly'), time: timeOfDay, dayOfMonth: z.number().int().min(1).max(31) }),
  z.object({
    kind: z.literal('recurring'),
    every: z.number().int().positive(),
    unit: z.enum(['hours', 'days']),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }).optional(),
  }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

const hook = z.union([
  z.object({ command: z.string().min(1), timeoutMs: z.number().int().positive().default(60_000) }),
  z.object({
    url: z.url(),
    method: z.enum(['GET', 'POST']).default('POST'),
    timeoutMs: z.number().int().positive().default(30_000),
  }),
]);

const removalGuard = z
  .object({
    /** Never retire/delete more than this share of what the connection held before the run. */
    maxShare: z.number().min(0).max(1).default(0.1),
    /** A run whose source returned nothing never removes anything unless this is set. */
    allowEmptySource: z.boolean().default(false),
  })
  .default({ maxShare: 0.1, allowEmptySource: false });

const common = {
  name,
  description: z.string().max(500).optional(),
  enabled: z.boolean().default(true),
  removalGuard,
  /** An HTTPS proxy every call of this connection goes through (the MID-server equivalent). */
  proxyUrl: z.url().optional(),
  /** A PEM file of extra CA certificates to trust (a corporate CA, a self-signed test instance). */
  caFile: z.string().min(1).optional(),
  schedule: scheduleSchema.optional(),
  hooks: z.object({ pre: hook.optional(), post: hook.optional() }).default({}),
};

const snykSettings = z.object({
  apiUrl: z.url().default('https://api.snyk.io'),
  appUrl: z.url().optional(),
  token: secretRef(),
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .default('2024-10-15'),
  /** Only these orgs; all orgs the token sees when omitted. */
  orgIds: z.array(z.string()).optional(),
  rateLimitPerMinute: z.number().int().positive().default(1620),
  pageSize: z.number().int().min(10).max(100).multipleOf(10).default(100),
  timeoutMs: z.number().int().positive().default(60_000),
  /** A delta run becomes a full run when the last full one is older than this. */
  fullSyncEveryHours: z.number().positive().default(168),
  /** How far a delta run reaches back behind the watermark, against clock skew. */
  overlapMinutes: z.number().min(0).default(5),
});

const etmSettings = z.object({
  apiUrl: z.url(),
  username: z.string().min(1),
  password: secretRef(),
  connectorUuid: z.string().min(1),
  batchSize: z.number().int().min(1).max(100).default(100),
  timeoutMs: z.number().int().positive().default(60_000),
});

export const snykEtmConnectionSchema = z
  .object({
    ...common,
    type: z.literal('snyk-etm'),
    assetTypes: z
      .array(z.enum(ASSET_TYPES))
      .min(1)
      .default([...ASSET_TYPES]),
    snyk: snykSettings,
    etm: etmSettings,
  })
  .superRefine((c, ctx) => {
    const api = c.snyk.apiUrl.replace(/\/+$/, '').replace(/\/rest$/, '');
    if (!c.snyk.appUrl && !SNYK_APP_URLS[api]) {
      ctx.addIssue({
        code: 'custom',
        path: ['snyk', 'appUrl'],
        message: `required when snyk.apiUrl (${api}) is not a known Snyk region`,
      });
    }
  });

const serviceNowAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: secretRef() }),
  z.object({
    type: z.literal('oauth'),
    clientId: z.string().min(1),
    clientSecret: secretRef(),
    username: z.string().optional(),
    password: secretRef().optional(),
  }),
]);

export const qualysCmdbConnectionSchema = z.object({
  ...common,
  type: z.literal('qualys-cmdb'),
  qualys: z.object({
    /** The API gateway (JWT APIs: auth, CSAM / Global AssetView). */
    gatewayUrl: z.url(),
    /** The API server (QPS Asset Management and Tagging API); defaults to the gateway URL. */
    apiUrl: z.url().optional(),
    username: z.string().min(1),
    password: secretRef(),
    useAssetManagementAndTaggingApi: z.boolean().default(false),
    pageSize: z.number().int().min(1).max(1000).optional(),
    timeoutMs: z.number().int().positive().default(120_000),
  }),
  servicenow: z.object({
    instanceUrl: z.url(),
    dataSource: z.string().min(1).default('SG-Qualys'),
    auth: serviceNowAuth,
    batchSize: z.number().int().min(1).max(500).default(100),
    partitionSize: z.number().int().min(1).max(10_000).default(1000),
    concurrency: z.number().int().min(1).max(16).default(4),
    includeSoftware: z.boolean().default(true),
    timeoutMs: z.number().int().positive().default(120_000),
  }),
});

export const connectionSchema = z.discriminatedUnion('type', [
  snykEtmConnectionSchema,
  qualysCmdbConnectionSchema,
]);

export type SnykEtmConnection = z.output<typeof snykEtmConnectionSchema>;
export type QualysCmdbConnection = z.output<typeof qualysCmdbConnectionSchema>;
export type Connection = z.output<typeof connectionSchema>;
export type ConnectionInput = z.input<typeof connectionSchema>;

/** The web app a Snyk API URL belongs to, for finding links. */
export function snykAppUrl(connection: SnykEtmConnection): string {
  if (connection.snyk.appUrl) return connection.snyk.appUrl.replace(/\/+$/, '');
  const api = connection.snyk.apiUrl.replace(/\/+$/, '').replace(/\/rest$/, '');
  const app = SNYK_APP_URLS[api];
  if (!app) throw new Error(`no appUrl for ${api}`);
  return app;
}

/** The connection's extra trusted CAs, read when a client is built (so a rotated file is picked up). */
export function connectionCa(connection: Connection): string | undefined {
  return connection.caFile ? readFileSync(connection.caFile, 'utf8') : undefined;
}
