import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_COUNTRIES, holidayCountryOfZone, OFFICIAL_YEARS, officialYear } from '../../../lib/holidays/official';
import TABLE from '../../../lib/holidays/official-table.json';
import { buildHolidayTable, TABLE_COUNTRIES } from '../../../lib/holidays/table-build';
import { type CalendarSettings, daysOf } from '../../../lib/quota/calendar';
import { instantOf } from '../../../lib/quota/zone';
import datePackage from '../../../node_modules/date-holidays/package.json';

const MOSCOW: CalendarSettings = {
  timeZone: 'Europe/Moscow',
  weekStartsOn: 1,
  workingDays: [1, 2, 3, 4, 5],
  nonWorkingDates: [],
  workdayStartHour: 9,
  workdayEndHour: 18,
  holidayCountry: 'RU',
};

/** Working days of a month (month 0-based) as the calendar counts them. */
function workingDates(settings: CalendarSettings, year: number, month: number): string[] {
  const interval = {
    start: instantOf(settings.timeZone, { year, month, day: 1 }),
    end: instantOf(settings.timeZone, { year, month: month + 1, day: 1 }),
  };
  return daysOf(interval, settings)
    .filter((d) => d.working)
    .map((d) => d.key);
}

describe('the official calendar', () => {
  it('the shipped table is what the installed date-holidays gives (regenerate: npx vite-node scripts/holiday-table.ts)', () => {
    expect(TABLE).toEqual(buildHolidayTable(datePackage.version));
    expect([...HOLIDAY_COUNTRIES]).toEqual([...TABLE_COUNTRIES]);
  }, 60_000);

  it("Russia 2025: the decree's moves, and Saturday 1 November is a working day", () => {
    const november = workingDates(MOSCOW, 2025, 10);
    expect(november).toContain('2025-11-01');
    expect(november).not.toContain('2025-11-03');
    expect(november).not.toContain('2025-11-04');
    // The production calendar's figures for 2025: 19 working days in November, 18 in May, 19 in June.
    expect(november).toHaveLength(19);
    expect(workingDates(MOSCOW, 2025, 4)).toHaveLength(18);
    expect(workingDates(MOSCOW, 2025, 5)).toHaveLength(19);
    expect(officialYear('RU', 2025).transfers).toMatchObject({ decree: true });
  });

  it('Russia 2026: New Year holidays to 11 January, 9 March and 11 May off, 31 December off', () => {
    const january = workingDates(MOSCOW, 2026, 0);
    expect(january[0]).toBe('2026-01-12');
    expect(january).toHaveLength(15);
    expect(workingDates(MOSCOW, 2026, 2)).not.toContain('2026-03-09');
    expect(workingDates(MOSCOW, 2026, 4)).not.toContain('2026-05-11');
    expect(workingDates(MOSCOW, 2026, 11)).not.toContain('2026-12-31');
  });

  it("the production calendar's yearly totals: 247 working days in 2025 (decree No. 1335) and in 2026 (decree No. 1466)", () => {
    const yearTotal = (year: number) =>
      Array.from({ length: 12 }, (_, m) => workingDates(MOSCOW, year, m).length).reduce((a, b) => a + b, 0);
    expect(yearTotal(2025)).toBe(247);
    expect(yearTotal(2026)).toBe(247);
    expect(officialYear('RU', 2026).transfers?.source).toContain('№ 1466');
  });

  it('2027: no decree published, so no moved New Year days and no working Saturday; only art. 112 moves', () => {
    const year = officialYear('RU', 2027);
    expect(year.transfers).toBeUndefined();
    expect(year.working).toEqual([]);
    const moved = year.off.filter((d) => d.name.en === 'Day off (moved)').map((d) => d.date);
    // 1 May and 12 June are Saturdays, 9 May a Sunday; 2 and 3 January (a weekend) wait for the decree.
    expect(moved).toEqual(['2027-05-03', '2027-05-10', '2027-06-14']);
  });

  it('a year with no known decree moves weekend holidays by art. 112 (4 November 2028, a Saturday → Monday 6th)', () => {
    const year = officialYear('RU', 2028);
    expect(year.transfers).toBeUndefined();
    expect(year.off.map((d) => d.date)).toContain('2028-11-06');
  });

  it('outside the table: no official days, and it says so', () => {
    const year = officialYear('RU', OFFICIAL_YEARS.last + 1);
    expect(year).toMatchObject({ covered: false, off: [], working: [] });
    expect(officialYear('US', 2026).covered).toBe(true);
  });

  it('the rep edits it: their time off and the days they work win over the official calendar', () => {
    const edited = { ...MOSCOW, nonWorkingDates: ['2025-11-01'], workingDates: ['2025-11-04'] };
    const november = workingDates(edited, 2025, 10);
    expect(november).not.toContain('2025-11-01');
    expect(november).toContain('2025-11-04');
  });

  it('property: with no country the calendar is the working weekdays minus the rep’s dates, as before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2040 }), fc.integer({ min: 0, max: 11 }), (year, month) => {
        const plain = { ...MOSCOW };
        delete plain.holidayCountry;
        const days = workingDates(plain, year, month);
        expect(days.every((key) => [1, 2, 3, 4, 5].includes(new Date(`${key}T00:00:00Z`).getUTCDay()))).toBe(true);
        const all = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
        const weekdays = Array.from({ length: all }, (_, i) => new Date(Date.UTC(year, month, i + 1)).getUTCDay()).filter(
          (d) => d >= 1 && d <= 5,
        ).length;
        expect(days).toHaveLength(weekdays);
      }),
      { numRuns: 60 },
    );
  });

  it('property: an official day off is never working, a moved working day always is, unless the rep says otherwise', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOLIDAY_COUNTRIES), fc.integer({ min: 2020, max: 2040 }), (country, year) => {
        const settings = { ...MOSCOW, holidayCountry: country };
        const official = officialYear(country, year);
        const worked = new Set(Array.from({ length: 12 }, (_, m) => workingDates(settings, year, m)).flat());
        for (const day of official.off) if (!official.working.some((w) => w.date === day.date)) expect(worked.has(day.date)).toBe(false);
        for (const day of official.working) expect(worked.has(day.date)).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it('a first run in Moscow, Minsk or Almaty picks that country; New York and London are the rep’s choice', () => {
    expect(holidayCountryOfZone('Europe/Moscow')).toBe('RU');
    expect(holidayCountryOfZone('Asia/Novosibirsk')).toBe('RU');
    expect(holidayCountryOfZone('Europe/Minsk')).toBe('BY');
    expect(holidayCountryOfZone('Asia/Almaty')).toBe('KZ');
    expect(holidayCountryOfZone('America/New_York')).toBeUndefined();
    expect(holidayCountryOfZone('Europe/London')).toBeUndefined();
  });
});
