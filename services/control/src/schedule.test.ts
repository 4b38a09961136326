import type { Schedule } from '@sluice/connections';
import { describe, expect, it } from 'vitest';
import { dueSlot, firingBaseline, latestSlot, nextSlot } from './schedule.ts';

const d = (iso: string) => new Date(iso);

describe('schedule slots (UTC)', () => {
  it('once at a date-time', () => {
    const s: Schedule = { kind: 'once', at: '2026-12-01T10:00:00Z' };
    expect(nextSlot(s, d('2026-11-30T00:00:00Z'))).toEqual(d('2026-12-01T10:00:00Z'));
    expect(nextSlot(s, d('2026-12-01T10:00:00Z'))).toBeUndefined();
    expect(
      dueSlot(s, firingBaseline(s, d('2026-11-30T00:00:00Z'), undefined), d('2026-12-01T09:59:59Z')),
    ).toBeUndefined();
    expect(
      dueSlot(s, firingBaseline(s, d('2026-11-30T00:00:00Z'), undefined), d('2026-12-01T10:00:00Z')),
    ).toEqual(d('2026-12-01T10:00:00Z'));
    expect(dueSlot(s, d('2026-12-01T10:00:00Z'), d('2026-12-05T00:00:00Z'))).toBeUndefined();
  });

  it('daily at a time', () => {
    const s: Schedule = { kind: 'daily', time: '02:30' };
    expect(nextSlot(s, d('2026-11-26T01:00:00Z'))).toEqual(d('2026-11-26T02:30:00Z'));
    expect(nextSlot(s, d('2026-11-26T02:30:00Z'))).toEqual(d('2026-11-27T02:30:00Z'));
    expect(latestSlot(s, d('2026-11-26T01:00:00Z'))).toEqual(d('2026-11-25T02:30:00Z'));
  });

  it('weekly on a day at a time', () => {
    const s: Schedule = { kind: 'weekly', time: '08:00', dayOfWeek: 1 };
    // 2026-11-26 is a Thursday; the next Monday is 2026-11-30.
    expect(nextSlot(s, d('2026-11-26T12:00:00Z'))).toEqual(d('2026-11-30T08:00:00Z'));
    expect(latestSlot(s, d('2026-11-26T12:00:00Z'))).toEqual(d('2026-11-23T08:00:00Z'));
    expect(nextSlot(s, d('2026-11-30T07:59:00Z'))).toEqual(d('2026-11-30T08:00:00Z'));
  });

  it('monthly on a day, clamped to short months', () => {
    const s: Schedule = { kind: 'monthly', time: '23:00', dayOfMonth: 31 };
    expect(nextSlot(s, d('2026-11-26T00:00:00Z'))).toEqual(d('2026-11-30T23:00:00Z'));
    expect(nextSlot(s, d('2026-11-30T23:00:00Z'))).toEqual(d('2026-12-31T23:00:00Z'));
    expect(nextSlot(s, d('2027-02-01T00:00:00Z'))).toEqual(d('2027-02-28T23:00:00Z'));
    expect(latestSlot(s, d('2026-12-15T00:00:00Z'))).toEqual(d('2026-11-30T23:00:00Z'));
  });

  it('every N hours or days between a start and an end', () => {
    const s: Schedule = {
      kind: 'recurring',
      every: 6,
      unit: 'hours',
      start: '2026-11-26T00:00:00Z',
      end: '2026-11-27T00:00:00Z',
    };
    expect(nextSlot(s, d('2026-11-25T00:00:00Z'))).toEqual(d('2026-11-26T00:00:00Z'));
    expect(nextSlot(s, d('2026-11-26T07:00:00Z'))).toEqual(d('2026-11-26T12:00:00Z'));
    expect(nextSlot(s, d('2026-11-26T18:00:00Z'))).toEqual(d('2026-11-27T00:00:00Z'));
    expect(nextSlot(s, d('2026-11-27T00:00:00Z'))).toBeUndefined();
    expect(latestSlot(s, d('2026-11-30T00:00:00Z'))).toEqual(d('2026-11-27T00:00:00Z'));
    const days: Schedule = { kind: 'recurring', every: 2, unit: 'days', start: '2026-11-01T06:00:00Z' };
    expect(nextSlot(days, d('2026-11-26T00:00:00Z'))).toEqual(d('2026-11-27T06:00:00Z'));
  });

  it('fires one slot for several missed ones', () => {
    const s: Schedule = { kind: 'recurring', every: 1, unit: 'hours', start: '2026-11-26T00:00:00Z' };
    const lastFired = d('2026-11-26T02:00:00Z');
    expect(dueSlot(s, lastFired, d('2026-11-26T07:30:00Z'))).toEqual(d('2026-11-26T07:00:00Z'));
    expect(dueSlot(s, d('2026-11-26T07:00:00Z'), d('2026-11-26T07:59:00Z'))).toBeUndefined();
  });

  it('does not fire slots from before the schedule was set', () => {
    const s: Schedule = { kind: 'daily', time: '02:00' };
    const since = d('2026-11-26T10:00:00Z');
    expect(dueSlot(s, firingBaseline(s, since, undefined), d('2026-11-26T23:00:00Z'))).toBeUndefined();
    expect(dueSlot(s, firingBaseline(s, since, undefined), d('2026-11-27T02:00:00Z'))).toEqual(
      d('2026-11-27T02:00:00Z'),
    );
  });
});
