import { randomBytes } from 'node:crypto';

export interface SimulatedUser {
  readonly username: string;
  readonly password: string;
}

export interface SimulatedOAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Who a request runs as; rate limits count per principal. */
export interface Principal {
  readonly user: string;
  readonly via: 'basic' | 'bearer';
}

export interface TokenGrant {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly scope: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

export type TokenOutcome =
  | { readonly ok: true; readonly grant: TokenGrant }
  | {
      readonly ok: false;
      readonly status: 400 | 401;
      readonly body: { readonly error: string; readonly error_description: string };
    };

export interface AuthenticatorOptions {
  readonly users: ReadonlyArray<SimulatedUser>;
  readonly clients: ReadonlyArray<SimulatedOAuthClient>;
  readonly tokenTtlSec: number;
  readonly now: () => number;
}

interface IssuedToken {
  readonly user: string;
  expiresAt: number;
}

const denied = (description: string): TokenOutcome => ({
  ok: false,
  status: 401,
  body: { error: 'access_denied', error_description: description },
});

function token(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * Basic auth against the configured users, and `/oauth_token.do` grants (`password`,
 * `client_credentials`, `refresh_token`) whose access tokens expire after the TTL.
 */
export class Authenticator {
  readonly #users: ReadonlyArray<SimulatedUser>;
  readonly #clients: ReadonlyArray<SimulatedOAuthClient>;
  readonly #ttlSec: number;
  readonly #now: () => number;
  readonly #access = new Map<string, IssuedToken>();
  readonly #refresh = new Map<string, { user: string; clientId: string }>();

  constructor(options: AuthenticatorOptions) {
    this.#users = options.users;
    this.#clients = options.clients;
    this.#ttlSec = options.tokenTtlSec;
    this.#now = options.now;
  }

  /** The principal of an `Authorization` header, or undefined when it is missing, wrong or expired. */
  authenticate(header: string | undefined): Principal | undefined {
    if (!header) return undefined;
    const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const username = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      const known = colon > 0 && this.#users.some((u) => u.username === username && u.password === password);
      return known ? { user: username, via: 'basic' } : undefined;
    }
    if (scheme.toLowerCase() === 'bearer') {
      const issued = this.#access.get(credentials);
      if (!issued || issued.expiresAt <= this.#now()) return undefined;
      return { user: issued.user, via: 'bearer' };
    }
    return undefined;
  }

  issueToken(form: Readonly<Record<string, string | undefined>>): TokenOutcome {
    const client = this.#clients.find(
      (c) => c.clientId === form.client_id && c.clientSecret === form.client_secret,
    );
    switch (form.grant_type) {
      case 'password': {
        const user = this.#users.find((u) => u.username === form.username && u.password === form.password);
        if (!client || !user) return denied('access_denied');
        return { ok: true, grant: this.#grant(user.username, client.clientId, true) };
      }
      case 'client_credentials':
        // The platform runs a client-credentials token as the OAuth application's user.
        if (!client) return denied('access_denied');
        return { ok: true, grant: this.#grant(client.clientId, client.clientId, false) };
      case 'refresh_token': {
        const refresh = this.#refresh.get(form.refresh_token ?? '');
        if (!client || !refresh || refresh.clientId !== client.clientId) return denied('access_denied');
        return {
          ok: true,
          grant: { ...this.#grant(refresh.user, client.clientId, false), refresh_token: form.refresh_token! },
        };
      }
      default:
        return {
          ok: false,
          status: 400,
          body: {
            error: 'unsupported_grant_type',
            error_description: `grant_type ${form.grant_type ?? '(none)'}`,
          },
        };
    }
  }

  /** Every access token issued so far stops working; refresh tokens still do. Returns how many. */
  expireTokens(): number {
    const now = this.#now();
    for (const issued of this.#access.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
    return this.#access.size;
  }

  #grant(user: string, clientId: string, withRefresh: boolean): TokenGrant {
    const accessToken = token();
    this.#access.set(accessToken, { user, expiresAt: this.#now() + this.#ttlSec * 1000 });
    const grant: TokenGrant = {
      access_token: accessToken,
      scope: 'useraccount',
      token_type: 'Bearer',
      expires_in: this.#ttlSec,
    };
    if (!withRefresh) return grant;
    const refreshToken = token();
    this.#refresh.set(refreshToken, { user, clientId });
    return { ...grant, refresh_token: refreshToken };
  }
}
