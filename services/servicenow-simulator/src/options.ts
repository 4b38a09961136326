import type { Logger } from '@sluice/logging';
import { z } from 'zod';
import type { SimulatedOAuthClient, SimulatedUser } from './auth.ts';
import { simulatorErrors } from './errors.ts';
import type { SimulatorFaults } from './faults.ts';

export interface ServiceNowSimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Loopback by default; the simulator is a test double, not a service to expose. */
  readonly host?: string;
  readonly users?: ReadonlyArray<SimulatedUser>;
  readonly oauthClients?: ReadonlyArray<SimulatedOAuthClient>;
  /** Valid `sysparm_data_source` / `source_name` values (`cmdb_ci.discovery_source` choices). */
  readonly dataSources?: ReadonlyArray<string>;
  /** Requests per user per window; 429 beyond it. */
  readonly rateLimit?: { readonly limit: number; readonly windowSec: number };
  readonly faults?: SimulatorFaults;
  readonly tokenTtlSec?: number;
  /** Items per IRE payload above which the call is a 400. */
  readonly maxItemsPerPayload?: number;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimitBytes?: number;
  /** The clock, for token expiry, rate-limit windows and CMDB timestamps. */
  readonly now?: () => Date;
  readonly logger?: Logger;
}

const rate = z.number().min(0).max(1);

const faultsSchema = z.object({
  rate429: rate.optional(),
  rate5xx: rate.optional(),
  seed: z.number().int().optional(),
  failItemsWhere: z
    .custom<(item: unknown) => string | undefined>((v) => typeof v === 'function', 'must be a function')
    .optional(),
  failNativeKeys: z.record(z.string(), z.string().min(1)).optional(),
});

/** The JSON faults `/_sim/faults` accepts (everything but the function). */
export const faultsBodySchema = faultsSchema.omit({ failItemsWhere: true }).strict();

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  users: z
    .array(z.object({ username: z.string().min(1), password: z.string().min(1) }))
    .default([{ username: 'sn-sim', password: 'sn-sim-password' }]),
  oauthClients: z
    .array(z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }))
    .default([{ clientId: 'sn-sim-client', clientSecret: 'sn-sim-secret' }]),
  dataSources: z.array(z.string().min(1)).min(1).default(['SG-Qualys', 'ServiceNow']),
  rateLimit: z
    .object({ limit: z.number().int().positive(), windowSec: z.number().positive() })
    .default({ limit: 100_000, windowSec: 3600 }),
  faults: faultsSchema.default({}),
  tokenTtlSec: z.number().positive().default(1800),
  maxItemsPerPayload: z.number().int().positive().default(1000),
  bodyLimitBytes: z
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function').optional(),
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null, 'must be a logger').optional(),
});

export type SimulatorConfig = z.infer<typeof optionsSchema>;

/** User options → defaults → validated config. Throws SIM_OPTIONS_INVALID naming the bad field. */
export function simulatorConfig(options: ServiceNowSimulatorOptions = {}): SimulatorConfig {
  const parsed = optionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
    .join('; ');
  throw simulatorErrors.SIM_OPTIONS_INVALID(problems);
}
