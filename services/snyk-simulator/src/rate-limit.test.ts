import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit.ts';

describe('SlidingWindowLimiter', () => {
  it('admits N per rolling minute per key and says when the oldest slot frees', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ perMinute: 3, now: () => now });
    expect(limiter.admit('a')).toEqual({ admitted: true });
    now = 10_000;
    expect(limiter.admit('a')).toEqual({ admitted: true });
    now = 20_000;
    expect(limiter.admit('a')).toEqual({ admitted: true });
    now = 30_500;
    expect(limiter.admit('a')).toEqual({ admitted: false, retryAfterSeconds: 30 });
    expect(limiter.admit('b')).toEqual({ admitted: true });
    now = 60_000;
    expect(limiter.admit('a')).toEqual({ admitted: true });
    expect(limiter.admit('a')).toEqual({ admitted: false, retryAfterSeconds: 10 });
  });

  it('does not count rejected requests, and honours a changed limit', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ perMinute: 2, now: () => now });
    limiter.admit('k');
    limiter.admit('k');
    for (let i = 0; i < 5; i++) expect(limiter.admit('k').admitted).toBe(false);
    limiter.setLimit(4);
    expect(limiter.admit('k').admitted).toBe(true);
    expect(limiter.admit('k').admitted).toBe(true);
    expect(limiter.admit('k').admitted).toBe(false);
    limiter.setLimit(1);
    now = 1_000;
    // Four requests in the window: the one that must expire for a slot is the newest (at 0 ms).
    expect(limiter.admit('k')).toEqual({ admitted: false, retryAfterSeconds: 59 });
  });
});
