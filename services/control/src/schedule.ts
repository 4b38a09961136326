import type { Schedule } from '@sluice/connections';

const DAY = 86_400_000;

function atTime(day: Date, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours ?? 0, minutes ?? 0),
  );
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function monthly(year: number, month: number, dayOfMonth: number, time: string): Date {
  const day = Math.min(dayOfMonth, daysInMonth(year, month));
  return atTime(new Date(Date.UTC(year, month, day)), time);
}

/** The last slot of a schedule at or before `t` (times of day in UTC). */
export function latestSlot(schedule: Schedule, t: Date): Date | undefined {
  switch (schedule.kind) {
    case 'once': {
      const at = new Date(schedule.at);
      return at <= t ? at : undefined;
    }
    case 'daily': {
      const today = atTime(t, schedule.time);
      return today <= t ? today : new Date(today.getTime() - DAY);
    }
    case 'weekly': {
      const today = atTime(t, schedule.time);
      const back = (t.getUTCDay() - schedule.dayOfWeek + 7) % 7;
      const slot = new Date(today.getTime() - back * DAY);
      return slot <= t ? slot : new Date(slot.getTime() - 7 * DAY);
    }
    case 'monthly': {
      const slot = monthly(t.getUTCFullYear(), t.getUTCMonth(), schedule.dayOfMonth, schedule.time);
      if (slot <= t) return slot;
      const previous = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1));
      return monthly(previous.getUTCFullYear(), previous.getUTCMonth(), schedule.dayOfMonth, schedule.time);
    }
    case 'recurring': {
      const start = new Date(schedule.start).getTime();
      const period = schedule.every * (schedule.unit === 'hours' ? 3_600_000 : DAY);
      const until = schedule.end ? Math.min(t.getTime(), new Date(schedule.end).getTime()) : t.getTime();
      if (until < start) return undefined;
      return new Date(start + Math.floor((until - start) / period) * period);
    }
  }
}

/** The first slot strictly after `t`, if the schedule has one. */
export function nextSlot(schedule: Schedule, t: Date): Date | undefined {
  switch (schedule.kind) {
    case 'once': {
      const at = new Date(schedule.at);
      return at > t ? at : undefined;
    }
    case 'daily': {
      const today = atTime(t, schedule.time);
      return today > t ? today : new Date(today.getTime() + DAY);
    }
    case 'weekly': {
      const latest = latestSlot(schedule, t)!;
      return new Date(latest.getTime() + 7 * DAY);
    }
    case 'monthly': {
      const slot = monthly(t.getUTCFullYear(), t.getUTCMonth(), schedule.dayOfMonth, schedule.time);
      if (slot > t) return slot;
      const next = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
      return monthly(next.getUTCFullYear(), next.getUTCMonth(), schedule.dayOfMonth, schedule.time);
    }
    case 'recurring': {
      const start = new Date(schedule.start).getTime();
      const period = schedule.every * (schedule.unit === 'hours' ? 3_600_000 : DAY);
      const k = t.getTime() < start ? 0 : Math.floor((t.getTime() - start) / period) + 1;
      const slot = start + k * period;
      if (schedule.end && slot > new Date(schedule.end).getTime()) return undefined;
      return new Date(slot);
    }
  }
}

/**
 * Where a schedule's firing starts: after the last slot fired, else after the moment the schedule was
 * set, except that a one-off date already past when it was set still runs once.
 */
export function firingBaseline(schedule: Schedule, since: Date, lastSlot: Date | undefined): Date {
  if (lastSlot) return lastSlot;
  return schedule.kind === 'once' ? new Date(0) : since;
}

/**
 * The slot to fire now, if any: the latest slot at or before `now` that comes after the last one fired
 * (or after the schedule was set). Several slots missed during downtime collapse into this one.
 */
export function dueSlot(schedule: Schedule, after: Date, now: Date): Date | undefined {
  const slot = latestSlot(schedule, now);
  return slot && slot > after ? slot : undefined;
}
