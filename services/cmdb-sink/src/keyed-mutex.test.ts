import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.ts';

describe('KeyedMutex', () => {
  it('runs work sharing a key one at a time and unrelated work side by side', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}-`);
    };
    await Promise.all([
      mutex.withKeys(['dc-1', 'dc-2'], step('a', 30)),
      mutex.withKeys(['dc-2'], step('b', 5)),
      mutex.withKeys(['dc-3'], step('c', 5)),
    ]);
    const at = (mark: string) => log.indexOf(mark);
    // a and b share dc-2: one finishes before the other starts, whichever got the key first.
    expect(at('b-') < at('a+') || at('b+') > at('a-')).toBe(true);
    // c shares nothing: it runs while the longer of a and b is still running.
    expect(at('c+')).toBeLessThan(Math.max(at('a-'), at('b-')));
  });

  it('releases keys when the work throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.withKeys(['k'], async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await mutex.withKeys(['k'], async () => 'free')).toBe('free');
  });
});
