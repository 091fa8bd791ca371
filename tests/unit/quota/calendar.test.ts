import { describe, expect, it } from 'vitest';
import { type CalendarSettings, dayKey, daysOf, periodContaining, previousPeriod, workedFraction } from '../../../lib/quota/calendar';

/**
 * Every expected instant is written as an ISO string with its zone's offset, worked out by hand
 * (and checked against the tz database), so nothing here depends on the machine's zone.
 * Run also with TZ=UTC and TZ=Pacific/Auckland.
 */
const t = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

function cal(timeZone: string, overrides: Partial<CalendarSettings> = {}): CalendarSettings {
  return {
    timeZone,
    weekStartsOn: 1,
    workingDays: [1, 2, 3, 4, 5],
    nonWorkingDates: [],
    workdayStartHour: 9,
    workdayEndHour: 17,
    ...overrides,
  };
}

const NY = cal('America/New_York');
const TOKYO = cal('Asia/Tokyo');
const MOSCOW = cal('Europe/Moscow');
const LORD_HOWE = cal('Australia/Lord_Howe');

describe('periodContaining: period bounds in the settings zone', () => {
  it('day: 23:30 in New York is still that day there although it is the next day in UTC', () => {
    // 2026-01-15 23:30 EST = 2026-01-16 04:30Z.
    const period = periodContaining(t('2026-01-15T23:30:00-05:00'), 'day', NY);
    expect(period).toEqual({ start: t('2026-01-15T00:00:00-05:00'), end: t('2026-01-16T00:00:00-05:00') });
    expect(period.start).toBe(t('2026-01-15T05:00:00Z'));
  });

  it('week starting Monday in Tokyo: a Sunday belongs to the week that began the Monday before', () => {
    // Sun 2026-01-04 08:00 JST = Sat 2026-01-03 23:00Z.
    const period = periodContaining(t('2026-01-04T08:00:00+09:00'), 'week', { ...TOKYO, weekStartsOn: 1 });
    expect(period).toEqual({ start: t('2025-12-29T00:00:00+09:00'), end: t('2026-01-05T00:00:00+09:00') });
  });

  it('week starting Sunday in Tokyo: the same Sunday starts a new week', () => {
    const period = periodContaining(t('2026-01-04T08:00:00+09:00'), 'week', { ...TOKYO, weekStartsOn: 0 });
    expect(period).toEqual({ start: t('2026-01-04T00:00:00+09:00'), end: t('2026-01-11T00:00:00+09:00') });
  });

  it('week starting Saturday in Tokyo: the same Sunday belongs to the week from Saturday', () => {
    const period = periodContaining(t('2026-01-04T08:00:00+09:00'), 'week', { ...TOKYO, weekStartsOn: 6 });
    expect(period).toEqual({ start: t('2026-01-03T00:00:00+09:00'), end: t('2026-01-10T00:00:00+09:00') });
  });

  it('week starting Monday: a Monday at 00:00 starts its own week, Sunday 23:59 ends the previous one', () => {
    expect(periodContaining(t('2026-01-12T00:00:00-05:00'), 'week', NY).start).toBe(t('2026-01-12T00:00:00-05:00'));
    expect(periodContaining(t('2026-01-11T23:59:00-05:00'), 'week', NY)).toEqual({
      start: t('2026-01-05T00:00:00-05:00'),
      end: t('2026-01-12T00:00:00-05:00'),
    });
  });

  it('month end in Moscow: Jan 31 23:30 is January, Feb 1 00:10 is February (both still Jan 31 in UTC)', () => {
    // 2026-01-31 23:30 MSK = 20:30Z; 2026-02-01 00:10 MSK = 2026-01-31 21:10Z.
    expect(periodContaining(t('2026-01-31T23:30:00+03:00'), 'month', MOSCOW)).toEqual({
      start: t('2026-01-01T00:00:00+03:00'),
      end: t('2026-02-01T00:00:00+03:00'),
    });
    expect(periodContaining(t('2026-02-01T00:10:00+03:00'), 'month', MOSCOW)).toEqual({
      start: t('2026-02-01T00:00:00+03:00'),
      end: t('2026-03-01T00:00:00+03:00'),
    });
  });

  it('month: Jan 31 plus one month is the whole of February (28 days in 2026), not a clamped or overflowed date', () => {
    const feb = periodContaining(t('2026-02-15T12:00:00+03:00'), 'month', MOSCOW);
    expect((feb.end - feb.start) / (24 * HOUR)).toBe(28);
  });

  it('quarter in Lord Howe: Q2 starts in DST (+11:00) and ends in standard time (+10:30)', () => {
    expect(periodContaining(t('2026-04-05T12:00:00+10:30'), 'quarter', LORD_HOWE)).toEqual({
      start: t('2026-04-01T00:00:00+11:00'),
      end: t('2026-07-01T00:00:00+10:30'),
    });
    // The last minute of Q1.
    expect(periodContaining(t('2026-03-31T23:59:00+11:00'), 'quarter', LORD_HOWE)).toEqual({
      start: t('2026-01-01T00:00:00+11:00'),
      end: t('2026-04-01T00:00:00+11:00'),
    });
  });

  it('year end in New York: Dec 31 23:59 is 2026 there (already 2027 in UTC); Jan 1 00:00 is 2027', () => {
    // 2026-12-31 23:59 EST = 2027-01-01 04:59Z.
    expect(periodContaining(t('2026-12-31T23:59:00-05:00'), 'year', NY)).toEqual({
      start: t('2026-01-01T00:00:00-05:00'),
      end: t('2027-01-01T00:00:00-05:00'),
    });
    expect(periodContaining(t('2027-01-01T00:00:00-05:00'), 'year', NY)).toEqual({
      start: t('2027-01-01T00:00:00-05:00'),
      end: t('2028-01-01T00:00:00-05:00'),
    });
  });

  it('year end in Tokyo: Jan 1 00:30 JST is 2027 although it is still Dec 31 in UTC', () => {
    expect(periodContaining(t('2027-01-01T00:30:00+09:00'), 'year', TOKYO).start).toBe(t('2027-01-01T00:00:00+09:00'));
  });

  it('leap day 2028-02-29 in Tokyo: its own day, and the last day of a 29-day February', () => {
    expect(periodContaining(t('2028-02-29T23:59:00+09:00'), 'day', TOKYO)).toEqual({
      start: t('2028-02-29T00:00:00+09:00'),
      end: t('2028-03-01T00:00:00+09:00'),
    });
    const feb = periodContaining(t('2028-02-29T23:59:00+09:00'), 'month', TOKYO);
    expect(feb).toEqual({ start: t('2028-02-01T00:00:00+09:00'), end: t('2028-03-01T00:00:00+09:00') });
    expect((feb.end - feb.start) / (24 * HOUR)).toBe(29);
  });

  it('DST spring-forward day in New York is one 23-hour day', () => {
    // 2026-03-08: 02:00 EST -> 03:00 EDT.
    const day = periodContaining(t('2026-03-08T12:00:00-04:00'), 'day', NY);
    expect(day).toEqual({ start: t('2026-03-08T00:00:00-05:00'), end: t('2026-03-09T00:00:00-04:00') });
    expect(day.end - day.start).toBe(23 * HOUR);
  });

  it('DST fall-back day in New York is one 25-hour day', () => {
    // 2026-11-01: 02:00 EDT -> 01:00 EST.
    const day = periodContaining(t('2026-11-01T12:00:00-05:00'), 'day', NY);
    expect(day).toEqual({ start: t('2026-11-01T00:00:00-04:00'), end: t('2026-11-02T00:00:00-05:00') });
    expect(day.end - day.start).toBe(25 * HOUR);
  });

  it('Lord Howe half-hour DST: 24.5-hour fall-back day and 23.5-hour spring-forward day', () => {
    const back = periodContaining(t('2026-04-05T12:00:00+10:30'), 'day', LORD_HOWE);
    expect(back).toEqual({ start: t('2026-04-05T00:00:00+11:00'), end: t('2026-04-06T00:00:00+10:30') });
    expect(back.end - back.start).toBe(24.5 * HOUR);
    const forward = periodContaining(t('2026-10-04T12:00:00+11:00'), 'day', LORD_HOWE);
    expect(forward).toEqual({ start: t('2026-10-04T00:00:00+10:30'), end: t('2026-10-05T00:00:00+11:00') });
    expect(forward.end - forward.start).toBe(23.5 * HOUR);
  });

  it('DST at midnight (Santiago): the day whose 00:00 does not exist starts at 01:00 -03:00', () => {
    // 2026-09-06 00:00 -04:00 jumps to 01:00 -03:00 (= 04:00Z); the day lasts 23 hours.
    const day = periodContaining(t('2026-09-06T12:00:00-03:00'), 'day', cal('America/Santiago'));
    expect(day).toEqual({ start: t('2026-09-06T01:00:00-03:00'), end: t('2026-09-07T00:00:00-03:00') });
    expect(day.end - day.start).toBe(23 * HOUR);
  });

  it('DST at midnight (Santiago): the day after the gap starts at 00:00 again', () => {
    const day = periodContaining(t('2026-09-07T12:00:00-03:00'), 'day', cal('America/Santiago'));
    expect(day).toEqual({ start: t('2026-09-07T00:00:00-03:00'), end: t('2026-09-08T00:00:00-03:00') });
  });
});

describe('previousPeriod', () => {
  it('the month before February 1 00:10 in Moscow is January in Moscow', () => {
    expect(previousPeriod(t('2026-02-01T00:10:00+03:00'), 'month', MOSCOW)).toEqual({
      start: t('2026-01-01T00:00:00+03:00'),
      end: t('2026-02-01T00:00:00+03:00'),
    });
  });

  it('the week before a Sunday with Saturday week start is the previous Saturday-to-Friday', () => {
    expect(previousPeriod(t('2026-01-04T08:00:00+09:00'), 'week', { ...TOKYO, weekStartsOn: 6 })).toEqual({
      start: t('2025-12-27T00:00:00+09:00'),
      end: t('2026-01-03T00:00:00+09:00'),
    });
  });

  it('the day before the DST fall-back day ends where the 25-hour day starts', () => {
    expect(previousPeriod(t('2026-11-01T12:00:00-05:00'), 'day', NY)).toEqual({
      start: t('2026-10-31T00:00:00-04:00'),
      end: t('2026-11-01T00:00:00-04:00'),
    });
  });

  it('the quarter before Q1 2026 is Q4 2025', () => {
    expect(previousPeriod(t('2026-02-10T12:00:00-05:00'), 'quarter', NY)).toEqual({
      start: t('2025-10-01T00:00:00-04:00'),
      end: t('2026-01-01T00:00:00-05:00'),
    });
  });
});

describe('dayKey', () => {
  it('01:30 on the fall-back day (both of them) is 2026-11-01 in New York', () => {
    // 01:30 EDT = 05:30Z (first pass), 01:30 EST = 06:30Z (second pass).
    expect(dayKey(t('2026-11-01T01:30:00-04:00'), NY)).toBe('2026-11-01');
    expect(dayKey(t('2026-11-01T01:30:00-05:00'), NY)).toBe('2026-11-01');
    // 23:30 EST on Nov 1 is Nov 2 in UTC.
    expect(dayKey(t('2026-11-01T23:30:00-05:00'), NY)).toBe('2026-11-01');
    expect(dayKey(t('2026-11-02T00:00:00-05:00'), NY)).toBe('2026-11-02');
  });

  it('uses the settings zone: the same instant is a different date in Tokyo and New York', () => {
    const instant = t('2026-01-15T20:00:00Z');
    expect(dayKey(instant, NY)).toBe('2026-01-15');
    expect(dayKey(instant, TOKYO)).toBe('2026-01-16');
  });
});

describe('daysOf', () => {
  it('March 2026 in New York: 31 days, the 23-hour DST day is one working day when every day is worked', () => {
    const allWeek = { ...NY, workingDays: [0, 1, 2, 3, 4, 5, 6] };
    const days = daysOf(periodContaining(t('2026-03-15T12:00:00-04:00'), 'month', NY), allWeek);
    expect(days).toHaveLength(31);
    expect(days.filter((d) => d.working)).toHaveLength(31);
    const dst = days.find((d) => d.key === '2026-03-08')!;
    expect(dst.end - dst.start).toBe(23 * HOUR);
    // Work hours on the DST day are in EDT (after the 02:00 jump).
    expect(dst.workStart).toBe(t('2026-03-08T09:00:00-04:00'));
    expect(dst.workEnd).toBe(t('2026-03-08T17:00:00-04:00'));
    // Contiguous: each day starts where the one before ended.
    for (let i = 1; i < days.length; i += 1) expect(days[i]!.start).toBe(days[i - 1]!.end);
  });

  it('March 2026 Mon–Fri in New York has 22 working days; the DST Sunday is not one', () => {
    // Mar 2–6, 9–13, 16–20, 23–27, 30–31 = 5+5+5+5+2.
    const days = daysOf(periodContaining(t('2026-03-15T12:00:00-04:00'), 'month', NY), NY);
    expect(days.filter((d) => d.working)).toHaveLength(22);
    expect(days.find((d) => d.key === '2026-03-08')!.working).toBe(false);
  });

  it('November 2026 in New York: 30 days, the 25-hour fall-back day counted once', () => {
    const allWeek = { ...NY, workingDays: [0, 1, 2, 3, 4, 5, 6] };
    const days = daysOf(periodContaining(t('2026-11-15T12:00:00-05:00'), 'month', NY), allWeek);
    expect(days).toHaveLength(30);
    expect(days.map((d) => d.key).filter((k) => k === '2026-11-01')).toHaveLength(1);
    const back = days[0]!;
    expect(back.key).toBe('2026-11-01');
    expect(back.end - back.start).toBe(25 * HOUR);
    // 09:00 on the fall-back day is after the change: EST.
    expect(back.workStart).toBe(t('2026-11-01T09:00:00-05:00'));
  });

  it('September 2026 in Santiago: days after the midnight DST gap still start at 00:00', () => {
    const santiago = cal('America/Santiago', { workingDays: [0, 1, 2, 3, 4, 5, 6] });
    const days = daysOf(periodContaining(t('2026-09-15T12:00:00-03:00'), 'month', santiago), santiago);
    expect(days).toHaveLength(30);
    // Sep 6 starts at 01:00 (00:00 does not exist) and lasts 23 hours; every later day begins at local
    // midnight, so 00:30 belongs to its own date.
    expect(days.slice(4, 8).map((d) => ({ key: d.key, start: d.start, end: d.end }))).toEqual([
      { key: '2026-09-05', start: t('2026-09-05T00:00:00-04:00'), end: t('2026-09-06T01:00:00-03:00') },
      { key: '2026-09-06', start: t('2026-09-06T01:00:00-03:00'), end: t('2026-09-07T00:00:00-03:00') },
      { key: '2026-09-07', start: t('2026-09-07T00:00:00-03:00'), end: t('2026-09-08T00:00:00-03:00') },
      { key: '2026-09-08', start: t('2026-09-08T00:00:00-03:00'), end: t('2026-09-09T00:00:00-03:00') },
    ]);
    expect(days.at(-1)!.end).toBe(t('2026-10-01T00:00:00-03:00'));
  });

  it('Lord Howe April 2026: the 24.5-hour day is one day', () => {
    const allWeek = { ...LORD_HOWE, workingDays: [0, 1, 2, 3, 4, 5, 6] };
    const days = daysOf(periodContaining(t('2026-04-15T12:00:00+10:30'), 'month', LORD_HOWE), allWeek);
    expect(days).toHaveLength(30);
    expect(days.filter((d) => d.working)).toHaveLength(30);
    expect(days[4]!.key).toBe('2026-04-05');
    expect(days[4]!.end - days[4]!.start).toBe(24.5 * HOUR);
  });

  it('leap February 2028 in Tokyo: 29 days, 21 Mon–Fri working days, last key 2028-02-29', () => {
    // Feb 1–4 (Tue–Fri), 7–11, 14–18, 21–25, 28–29 = 4+5+5+5+2.
    const days = daysOf(periodContaining(t('2028-02-10T12:00:00+09:00'), 'month', TOKYO), TOKYO);
    expect(days).toHaveLength(29);
    expect(days.at(-1)!.key).toBe('2028-02-29');
    expect(days.at(-1)!.working).toBe(true);
    expect(days.filter((d) => d.working)).toHaveLength(21);
  });

  it('holidays (nonWorkingDates) are not working days', () => {
    // January 2026 Mon–Fri: Jan 1–2, 5–9, 12–16, 19–23, 26–30 = 22; minus New Year and MLK day = 20.
    const settings = { ...NY, nonWorkingDates: ['2026-01-01', '2026-01-19'] };
    const days = daysOf(periodContaining(t('2026-01-14T12:00:00-05:00'), 'month', NY), settings);
    expect(days.filter((d) => d.working)).toHaveLength(20);
    expect(days.find((d) => d.key === '2026-01-01')!.working).toBe(false);
    expect(days.find((d) => d.key === '2026-01-19')!.working).toBe(false);
    expect(days.find((d) => d.key === '2026-01-20')!.working).toBe(true);
  });

  it('working weekdays are those of the settings zone (Monday in Tokyo is Sunday in UTC)', () => {
    // Mon 2026-01-05 in Tokyo runs from 2026-01-04 15:00Z, a Sunday in UTC.
    const week = periodContaining(t('2026-01-05T08:00:00+09:00'), 'week', TOKYO);
    const days = daysOf(week, TOKYO);
    expect(days.map((d) => `${d.key}:${d.working ? 'w' : '-'}`)).toEqual([
      '2026-01-05:w',
      '2026-01-06:w',
      '2026-01-07:w',
      '2026-01-08:w',
      '2026-01-09:w',
      '2026-01-10:-',
      '2026-01-11:-',
    ]);
  });

  it('a Sunday–Thursday working week (Saturday week start) marks Friday and Saturday off', () => {
    const settings = { ...MOSCOW, weekStartsOn: 6, workingDays: [0, 1, 2, 3, 4] };
    const week = periodContaining(t('2026-01-07T12:00:00+03:00'), 'week', settings);
    expect(week.start).toBe(t('2026-01-03T00:00:00+03:00'));
    expect(daysOf(week, settings).map((d) => d.working)).toEqual([false, true, true, true, true, true, false]);
  });
});

describe('workedFraction', () => {
  const [wednesday] = daysOf(periodContaining(t('2026-01-14T12:00:00-05:00'), 'day', NY), NY);
  const [saturday] = daysOf(periodContaining(t('2026-01-17T12:00:00-05:00'), 'day', NY), NY);

  it('is 0 before work starts, 1 after it ends, and pro-rated by the hour in between', () => {
    expect(workedFraction(wednesday!, t('2026-01-14T08:59:00-05:00'))).toBe(0);
    expect(workedFraction(wednesday!, t('2026-01-14T09:00:00-05:00'))).toBe(0);
    // 12:00 is 3 of 8 hours.
    expect(workedFraction(wednesday!, t('2026-01-14T12:00:00-05:00'))).toBe(3 / 8);
    expect(workedFraction(wednesday!, t('2026-01-14T13:00:00-05:00'))).toBe(0.5);
    expect(workedFraction(wednesday!, t('2026-01-14T17:00:00-05:00'))).toBe(1);
    expect(workedFraction(wednesday!, t('2026-01-14T23:00:00-05:00'))).toBe(1);
  });

  it('is 0 on a non-working day at any hour', () => {
    expect(workedFraction(saturday!, t('2026-01-17T12:00:00-05:00'))).toBe(0);
    expect(workedFraction(saturday!, t('2026-01-17T20:00:00-05:00'))).toBe(0);
  });

  it('a working day ending at 24 ends at the next midnight', () => {
    const [day] = daysOf(periodContaining(t('2026-01-14T12:00:00-05:00'), 'day', NY), { ...NY, workdayEndHour: 24 });
    expect(day!.workEnd).toBe(t('2026-01-15T00:00:00-05:00'));
    // 12:00 is 3 of 15 hours.
    expect(workedFraction(day!, t('2026-01-14T12:00:00-05:00'))).toBe(3 / 15);
  });
});

describe('machine zone independence', () => {
  /** Runs `fn` as if the machine were in `zone` (Node re-reads TZ when it changes). */
  function onMachineIn<T>(zone: string, fn: () => T): T {
    const saved = process.env.TZ;
    process.env.TZ = zone;
    try {
      return fn();
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  }

  it('New York’s spring-forward day is the same on a machine in Havana (whose own midnight is skipped that day)', () => {
    const expected = { start: t('2026-03-08T00:00:00-05:00'), end: t('2026-03-09T00:00:00-04:00') };
    expect(periodContaining(t('2026-03-08T12:00:00-04:00'), 'day', NY)).toEqual(expected);
    expect(onMachineIn('America/Havana', () => periodContaining(t('2026-03-08T12:00:00-04:00'), 'day', NY))).toEqual(expected);
  });

  it('Lord Howe’s fall-back day is the same on a machine in Santiago', () => {
    const expected = { start: t('2026-04-05T00:00:00+11:00'), end: t('2026-04-06T00:00:00+10:30') };
    expect(onMachineIn('America/Santiago', () => periodContaining(t('2026-04-05T12:00:00+10:30'), 'day', LORD_HOWE))).toEqual(expected);
  });

  it('a whole month of days is the same on machines in UTC, Auckland and Tokyo', () => {
    const month = (zone: string) => onMachineIn(zone, () => daysOf(periodContaining(t('2026-11-15T12:00:00-05:00'), 'month', NY), NY));
    const utc = month('UTC');
    expect(month('Pacific/Auckland')).toEqual(utc);
    expect(month('Asia/Tokyo')).toEqual(utc);
  });
});
