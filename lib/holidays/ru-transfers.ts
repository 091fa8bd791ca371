/**
 * Russia's production calendar moves days: a holiday that falls on a weekend gives a day off on the
 * next working day (Labour Code art. 112), except the New Year holidays, whose weekend days the
 * Government moves by decree to other dates, sometimes making a Saturday a working day.
 * date-holidays has the holidays (and 8 March's Monday), not these moves: they are listed here by year.
 * `off`: extra days off (the decree's, and art. 112's); `working`: weekend days that are working days.
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
  2027: {
    // 2 Jan → 5 Nov, 3 Jan → 31 Dec, Saturday 20 Feb → 22 Feb; art. 112: 9 May (Sunday) → 10 May.
    source: 'public production-calendar data (github.com/darujo, RU_Days 2025–2027); the 2027 decree is not checked here',
    decree: false,
    off: ['2027-02-22', '2027-05-10', '2027-11-05', '2027-12-31'],
    working: ['2027-02-20'],
  },
};

/** Holidays art. 112 moves to the next working day when they fall on a weekend (the New Year ones are moved by decree). */
export const RU_MOVABLE_HOLIDAYS = ['02-23', '03-08', '05-01', '05-09', '06-12', '11-04'] as const;
