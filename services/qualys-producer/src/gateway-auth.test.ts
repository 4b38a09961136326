import { describe, expect, it } from 'vitest';
import { GatewayToken, jwtExpiry } from './gateway-auth.ts';
import { fakeClock } from './testing.ts';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

describe('jwtExpiry', () => {
  it('reads exp (seconds) from the payload, and nothing from a token without one', () => {
    expect(jwtExpiry(jwt({ sub: 'u', exp: 1_772_452_800 }))).toBe(1_772_452_800_000);
    expect(jwtExpiry(jwt({ sub: 'u' }))).toBeUndefined();
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });
});

describe('GatewayToken', () => {
  it('shares one login among concurrent callers and reuses the token while it is fresh', async () => {
    const clock = fakeClock();
    let logins = 0;
    const token = new GatewayToken({
      now: clock.now,
      login: async () => jwt({ n: ++logins, exp: (clock.now() + 4 * 3600_000) / 1000 }),
    });
    const [a, b] = await Promise.all([token.headers(), token.headers()]);
    expect(a).toEqual(b);
    clock.advance(3 * 3600_000);
    expect(await token.headers()).toEqual(a);
    expect(logins).toBe(1);
  });

  it('assumes the documented 4 h when the token does not say, and renews 30 min before', async () => {
    const clock = fakeClock();
    let logins = 0;
    const token = new GatewayToken({ now: clock.now, login: async () => `opaque-${++logins}` });
    expect(await token.headers()).toEqual({ authorization: 'Bearer opaque-1' });
    clock.advance(3.5 * 3600_000 - 1);
    expect(await token.headers()).toEqual({ authorization: 'Bearer opaque-1' });
    clock.advance(1);
    expect(await token.headers()).toEqual({ authorization: 'Bearer opaque-2' });
  });

  it('uses a token shorter-lived than the margin for half its life instead of renewing on every call', async () => {
    const clock = fakeClock();
    let logins = 0;
    const token = new GatewayToken({
      now: clock.now,
      login: async () => jwt({ n: ++logins, exp: (clock.now() + 10 * 60_000) / 1000 }),
    });
    await token.headers();
    clock.advance(4 * 60_000);
    await token.headers();
    expect(logins).toBe(1);
    clock.advance(60_000);
    await token.headers();
    expect(logins).toBe(2);
  });

  it('logs in again on refresh', async () => {
    const clock = fakeClock();
    let logins = 0;
    const token = new GatewayToken({ now: clock.now, login: async () => `opaque-${++logins}` });
    await token.headers();
    await token.refresh();
    expect(await token.headers()).toEqual({ authorization: 'Bearer opaque-2' });
  });
});
