/**
 * Russia's production calendar moves days: a holiday that falls on a weekend gives a day off on the
 * next working day (Labour Code art. 112), except the New Year holidays, whose weekend days the
 * Government moves by decree to other dates, sometimes making a Saturday a working day.
 * date-holidays has the holidays (and 8 March's Monday), not these moves: they are listed here by year.
 * `off`: extra days off (the decree's, and art. 112's); `working`: weekend days that are working days.
 *
 * Only years whose decree is signed are listed, each checked against the decree's text as published:
 * - 2025: government.ru, Постановление от 04.10.2024 № 1335; 247 working days (5-day week).
 * - 2026: Постановление от 24.09.2025 № 1466 (publication.pravo.gov.ru; reported by RIA Novosti 24.09.2025,
 *   ria.ru/20250924/mishustin--2044066128.html): 3 Jan → 9 Jan, 4 Jan → 31 Dec; rest 31 Dec 2025–11 Jan,
 *   21–23 Feb, 7–9 Mar, 1–3 May, 9–11 May, 12–14 Jun, 4 Nov, 31 Dec; 247 working days, 118 days off
 *   (a unit test counts both years' working days from this table).
 */
export interface TransferYear {
  source: string;
  /** Whether the source is the decree itself (false: public production-calendar data, decree not checked here). */
  decree: boolean;
  off: readonly string[];
  working: readonly string[];
}

export const RU_TRANSFERS: Readonly<Record<number, TransferYear>> = {
  2025: {
    // 4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb → 8 May, 8 Mar → 13 Jun, Saturday 1 Nov → 3 Nov.
    source: 'Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»',
    decree: true,
    off: ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31'],
    working: ['2025-11-01'],
  },
  2026: {
    // 3 Jan → 9 Jan, 4 Jan → 31 Dec; art. 112: 8 Mar (Sunday) → 9 Mar, 9 May (Saturday) → 11 May.
    source: 'Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»; ТК РФ ст. 112',
    decree: true,
    off: ['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31'],
    working: [],
  },
  // 2027: no decree yet. Searched (7 Dec 2026) for «О переносе выходных дней в 2027 году»: found only a deputy's
  // forecast (news.mail.ru/society/69263681, 28 Dec 2025: 4–7 Nov off, Saturday 13 Nov working, "the calendar will be
  // approved at the end of 2026") and third-party calendars that disagree with it. None is the decree, so 2027 has no
  // entry: officialYear() applies art. 112 only (1 May → 3 May, 9 May → 10 May, 12 June → 14 June) and the Calendar
  // section says the year's decree is not yet published. Add 2027 here, with the decree's number, once it is signed.
};

/** Holidays art. 112 moves to the next working day when they fall on a weekend (the New Year ones are moved by decree). */
export const RU_MOVABLE_HOLIDAYS = ['02-23', '03-08', '05-01', '05-09', '06-12', '11-04'] as const;
