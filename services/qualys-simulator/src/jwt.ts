import { createHmac, randomBytes, randomUUID } from 'node:crypto';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * Issues HS256 JWTs that look like the gateway's (`header.payload.signature`, `exp` in seconds) and
 * remembers them, so `expireAll` can invalidate every token at once to exercise renewal.
 */
export class TokenIssuer {
  readonly #secret = randomBytes(32);
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** jti → expiry in ms; kept in ms so sub-second TTLs work in tests. */
  readonly #issued = new Map<string, number>();

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  issue(username: string): string {
    const now = this.#now();
    const expiresAt = now + this.#ttlMs;
    const jti = randomUUID();
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        sub: username,
        iss: 'qualys-simulator',
        userName: username,
        sessionType: 'API',
        jti,
        iat: Math.floor(now / 1000),
        exp: Math.ceil(expiresAt / 1000),
      }),
    );
    this.#issued.set(jti, expiresAt);
    return `${header}.${payload}.${this.#sign(`${header}.${payload}`)}`;
  }

  /** True only for an unexpired token this issuer signed and has not revoked. */
  verify(token: string): boolean {
    const [header, payload, signature, extra] = token.split('.');
    if (!header || !payload || !signature || extra !== undefined) return false;
    if (this.#sign(`${header}.${payload}`) !== signature) return false;
    let claims: { jti?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown };
    } catch {
      return false;
    }
    const expiresAt = typeof claims.jti === 'string' ? this.#issued.get(claims.jti) : undefined;
    return expiresAt !== undefined && this.#now() < expiresAt;
  }

  expireAll(): void {
    this.#issued.clear();
  }

  #sign(input: string): string {
    return createHmac('sha256', this.#secret).update(input).digest('base64url');
  }
}
