/**
 * Builds the official-holiday table (official-table.json) from date-holidays: the public holidays
 * (days off, substitutes included, multi-day holidays expanded) of each shipped country for each year
 * of the range, with their English and Russian names. Run by scripts/holiday-table.ts; a unit test
 * builds it again from the installed date-holidays and compares, so the table cannot drift from it.
 *
 * Why a table and not date-holidays at run time: its parser pulls in moment-timezone and astronomia,
 * 1 038 984 bytes minified for one country (measured with esbuild), in a background and options
 * bundle of a few hundred kB; the table for five countries and 21 years is a few kB.
 */
import Holidays from 'date-holidays';

export const TABLE_COUNTRIES = ['RU', 'BY', 'KZ', 'US', 'GB'] as const;
export const TABLE_FIRST_YEAR = 2020;
export const TABLE_LAST_YEAR = 2040;

export interface HolidayTable {
  source: string;
  first: number;
  last: number;
  countries: Record<string, { names: { en: string; ru: string }[]; years: Record<string, [string, number][]> }>;
}

const DAY_MS = 86_400_000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function buildHolidayTable(version: string): HolidayTable {
  const countries: HolidayTable['countries'] = {};
  for (const country of TABLE_COUNTRIES) {
    const en = new Holidays(country, { languages: ['en'], types: ['public'] });
    const ru = new Holidays(country, { languages: ['ru'], types: ['public'] });
    const names: { en: string; ru: string }[] = [];
    const nameIndex = (pair: { en: string; ru: string }) => {
      const at = names.findIndex((n) => n.en === pair.en && n.ru === pair.ru);
      if (at !== -1) return at;
      names.push(pair);
      return names.length - 1;
    };
    const years: Record<string, [string, number][]> = {};
    for (let year = TABLE_FIRST_YEAR; year <= TABLE_LAST_YEAR; year++) {
      const inRussian = ru.getHolidays(year, 'ru');
      const days = new Map<string, number>();
      en.getHolidays(year, 'en').forEach((holiday, i) => {
        const ruName = inRussian[i]?.date === holiday.date ? inRussian[i]!.name : holiday.name;
        const name = nameIndex({ en: holiday.name, ru: ruName });
        // "01-02 P5D" is one holiday of five days: each of its days is off.
        const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
        const [y, m, d] = holiday.date.slice(0, 10).split('-').map(Number) as [number, number, number];
        for (let k = 0; k < length; k++) {
          const day = new Date(Date.UTC(y, m - 1, d + k));
          if (day.getUTCFullYear() !== year) continue;
          const key = `${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
          if (!days.has(key)) days.set(key, name);
        }
      });
      years[year] = [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
    }
    countries[country] = { names, years };
  }
  return { source: `date-holidays ${version}, type public`, first: TABLE_FIRST_YEAR, last: TABLE_LAST_YEAR, countries };
}
