import { describe, expect, it } from 'vitest';
import { defineErrors, describeError, isRetriable, SluiceError } from './index.ts';

const errors = defineErrors({
  THING_MISSING: { message: 'thing %s is missing in %s', statusCode: 404 },
  THING_BUSY: { message: 'thing is busy', retriable: true },
});

describe('defineErrors', () => {
  it('builds coded errors with formatted messages', () => {
    const e = errors.THING_MISSING('a', 'b');
    expect(e).toBeInstanceOf(SluiceError);
    expect(e.code).toBe('THING_MISSING');
    expect(e.message).toBe('thing a is missing in b');
    expect(e.statusCode).toBe(404);
    expect(e.retriable).toBe(false);
    expect(errors.THING_MISSING.is(e)).toBe(true);
    expect(errors.THING_BUSY.is(e)).toBe(false);
  });

  it('carries the retriable flag from the table and lets a caller override it', () => {
    expect(isRetriable(errors.THING_BUSY())).toBe(true);
    expect(isRetriable(errors.THING_BUSY.with({ retriable: false }))).toBe(false);
    expect(isRetriable(new Error('plain'))).toBe(false);
  });

  it('describes foreign errors without a code as UNEXPECTED', () => {
    expect(describeError(new Error('boom'))).toEqual({
      code: 'UNEXPECTED',
      message: 'boom',
      retriable: false,
    });
    expect(describeError(errors.THING_BUSY()).code).toBe('THING_BUSY');
  });
});
