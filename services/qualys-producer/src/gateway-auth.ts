import type { AuthProvider, Headers } from '@sluice/http';

/** The gateway's JWTs last 4 h (reference §1); assumed when a token's `exp` cannot be read. */
export const JWT_LIFETIME_MS = 4 * 3600_000;
/** Renew this long before expiry, so a page never starts with a token about to lapse (reference §9). */
export const JWT_RENEW_BEFORE_MS = 30 * 60_000;

/** The expiry of a JWT in epoch ms, from the `exp` claim of its payload; undefined when unreadable. */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export interface GatewayTokenOptions {
  /** Calls `POST /auth` and resolves with the raw JWT. */
  readonly login: () => Promise<string>;
  readonly now: () => number;
  readonly renewBeforeMs?: number;
}

/**
 * The gateway bearer token: fetched on first use, renewed ahead of its expiry, and renewed at once
 * when the gateway answers 401 (the HTTP client calls `refresh` once). Concurrent callers share one
 * login.
 */
export class GatewayToken implements AuthProvider {
  readonly #options: GatewayTokenOptions;
  #jwt: string | undefined;
  #renewAt = 0;
  #pending: Promise<string> | undefined;

  constructor(options: GatewayTokenOptions) {
    this.#options = options;
  }

  async headers(): Promise<Headers> {
    return { authorization: `Bearer ${await this.#current()}` };
  }

  async refresh(): Promise<void> {
    this.#jwt = undefined;
    await this.#current();
  }

  #current(): Promise<string> {
    if (this.#jwt !== undefined && this.#options.now() < this.#renewAt) return Promise.resolve(this.#jwt);
    this.#pending ??= this.#login().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #login(): Promise<string> {
    const issuedAt = this.#options.now();
    const jwt = await this.#options.login();
    const expiresAt = jwtExpiry(jwt) ?? issuedAt + JWT_LIFETIME_MS;
    // A token shorter-lived than the margin is still used for half its life, not renewed on every call.
    const margin = Math.min(this.#options.renewBeforeMs ?? JWT_RENEW_BEFORE_MS, (expiresAt - issuedAt) / 2);
    this.#jwt = jwt;
    this.#renewAt = expiresAt - margin;
    return jwt;
  }
}
