// @vitest-environment jsdom
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { QuotaCard } from '../../../components/QuotaCard';
import { badgeFor } from '../../../lib/quota/badge';
import { dayKey, daysOf, periodContaining } from '../../../lib/quota/calendar';
import { computeProgress, type ProgressReport } from '../../../lib/quota/progress';
import { periodReport } from '../../../lib/quota/report';
import { wholeUp } from '../../../lib/quota/targets';
import { defaultSettings, type PeriodUnit, type Quota, type Settings } from '../../../lib/settings';
import { aManualCall } from '../../builders/activity';

/**
 * Issue 21, points 4–6, as properties: for any calendar, period (day to year), install day, working
 * days and holidays, what the popup's card shows, what the badge shows and what Reports show agree,
 * and come from one rounding. The card is rendered: the numbers checked are the ones on screen.
 */

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

interface Scenario {
  timeZone: string;
  weekStartsOn: number;
  workingDays: number[];
  startHour: number;
  hours: number;
  nowDay: number;
  nowMinute: number;
  holidayOffsets: number[];
  period: PeriodUnit;
  installDaysBack: number | null;
  installMinute: number;
  target: number;
  doneCount: number;
}

const scenarios: fc.Arbitrary<Scenario> = fc.record({
  timeZone: fc.constantFrom('UTC', 'America/New_York', 'Europe/Moscow', 'Asia/Tokyo', 'Australia/Sydney'),
  weekStartsOn: fc.integer({ min: 0, max: 6 }),
  workingDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
  startHour: fc.integer({ min: 0, max: 14 }),
  hours: fc.integer({ min: 1, max: 10 }),
  nowDay: fc.integer({ min: 0, max: 3 * 365 }),
  nowMinute: fc.integer({ min: 0, max: 1439 }),
  holidayOffsets: fc.uniqueArray(fc.integer({ min: -40, max: 40 }), { maxLength: 12 }),
  period: fc.constantFrom<PeriodUnit>('day', 'week', 'month', 'quarter', 'year'),
  installDaysBack: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  installMinute: fc.integer({ min: 0, max: 1439 }),
  target: fc.integer({ min: 1, max: 1000 }),
  doneCount: fc.integer({ min: 0, max: 40 }),
});

function setUp(s: Scenario) {
  const now = BASE + s.nowDay * DAY + s.nowMinute * 60_000;
  const base = defaultSettings(s.timeZone);
  const settings: Settings = {
    ...base,
    weekStartsOn: s.weekStartsOn,
    workingDays: s.workingDays,
    workdayStartHour: s.startHour,
    workdayEndHour: s.startHour + s.hours,
    nonWorkingDates: s.holidayOffsets.map((d) => dayKey(now + d * DAY, base)),
  };
  const trackingStart =
    s.installDaysBack === null
      ? undefined
      : Math.min(now, periodContaining(now - s.installDaysBack * DAY, 'day', settings).start + s.installMinute * 60_000);
  const quota: Quota = {
    id: 'calls',
    name: 'Calls',
    kinds: ['call'],
    target: s.target,
    period: s.period,
    measure: 'count',
    excludeInternal: false,
  };
  const period = periodContaining(now, s.period, settings);
  const from = Math.max(period.start, trackingStart ?? period.start);
  const activities = Array.from({ length: s.doneCount }, (_, i) =>
    aManualCall({ occurredAt: Math.floor(from + ((i + 1) * (now - from)) / (s.doneCount + 1)) }),
  );
  const report = computeProgress({ quotas: [quota], settings, now, activities, trackingStart });
  return { now, settings, quota, trackingStart, activities, report, progress: report.quotas[0]! };
}

/** What the rendered card says: its numbers as the rep reads them (the fake i18n shows "key|value"). */
function cardOf(report: ProgressReport) {
  // Static markup in a template: the same elements the popup renders, without a live React root per case.
  const template = document.createElement('template');
  template.innerHTML = renderToStaticMarkup(<QuotaCard progress={report.quotas[0]!} />);
  const root = template.content;
  const read = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
  const numberIn = (text: string | null, key: string) => {
    const part = text?.split(';').find((p) => p.trim().startsWith(`${key}|`));
    return part === undefined ? null : Number(part.trim().split('|')[1]!.replace(/,/g, ''));
  };
  const aria = root.querySelector('[role="progressbar"]')!.getAttribute('aria-valuetext');
  return {
    doneTarget: read('done-target'),
    pace: read('pace'),
    expectedByNow: numberIn(aria, 'expectedByNow'),
    moreToday: numberIn(read('needed-today'), 'neededTodayLine'),
    remaining: read('remaining'),
  };
}

/** The badge's number: blank (a day off) and "0" both ask nothing; four digits do not fit, "999+". */
const badgeNumber = (report: ProgressReport) => {
  const text = badgeFor(report, 'remaining_today').text;
  return text === '' ? 0 : text === '999+' ? Number.POSITIVE_INFINITY : Number(text);
};
/** The card's number as the badge can show it. */
const asBadgeShows = (n: number) => (n > 999 ? Number.POSITIVE_INFINITY : n);

/** Whether today's work is over (or today is a day off): "expected by now" is then "expected by tonight". */
function todayIsOver(now: number, settings: Settings): boolean {
  const today = daysOf(periodContaining(now, 'day', settings), settings)[0]!;
  return !today.working || now >= today.workEnd;
}

beforeEach(() => {
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) =>
    key === 'locale' ? 'en' : [key, ...([] as string[]).concat(subs ?? [])].join('|')) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
});

const RUNS = { numRuns: 100 };

/** Each property's check of one scenario (shared by the properties and the counterexamples kept below). */
const checks = {
  targetNeverZero(s: Scenario) {
    const { progress } = setUp(s);
    if (progress.workingDays.remaining > 1e-9) expect(progress.target).toBeGreaterThanOrEqual(1);
  },
  metIsAsked(s: Scenario) {
    const { report, progress } = setUp(s);
    const card = cardOf(report);
    if (card.pace?.includes('paceMet')) expect(progress.target).toBeGreaterThanOrEqual(1);
    expect(card.doneTarget).not.toMatch(/\/ 0$/);
  },
  noDaysLeftAsksNothing(s: Scenario) {
    const { report, progress } = setUp(s);
    if (progress.workingDays.remaining > 1e-9) return;
    expect(cardOf(report).moreToday).toBeNull();
    expect(badgeNumber(report)).toBe(0);
  },
  badgeIsCard(s: Scenario) {
    const { report } = setUp(s);
    const card = cardOf(report);
    expect(badgeNumber(report)).toBe(asBadgeShows(card.moreToday ?? 0));
    // Rounding up 0 once gave -0, shown as "Expected by now: -0" (found by the end-to-end test).
    expect(Object.is(card.expectedByNow, -0)).toBe(false);
  },
  oneRounding(s: Scenario) {
    const { report, settings, now, progress } = setUp(s);
    if (!todayIsOver(now, settings) || progress.met) return;
    const card = cardOf(report);
    if (card.moreToday !== null) expect(card.moreToday).toBe(card.expectedByNow! - progress.done);
  },
  reportsArePopup(s: Scenario) {
    const { progress, quota, settings, now, activities, trackingStart } = setUp(s);
    const reported = periodReport({ quotas: [quota], settings, now, interval: progress.period, activities, trackingStart }).quotas[0]!;
    expect(reported.target).toBe(progress.target);
    expect(reported.met).toBe(progress.met);
    expect(reported.asked).toBe(progress.asked);
    expect(wholeUp(reported.expectedByNow)).toBe(wholeUp(progress.expectedByNow));
  },
};

describe('pace properties (issue 21, points 4–6)', { timeout: 60_000 }, () => {
  it('a target with working time left in the period is never 0', () => {
    fc.assert(fc.property(scenarios, checks.targetNeverZero), RUNS);
  });

  it('the card never says "0 / 0 ✓ Target met": a target met is a target asked', () => {
    fc.assert(fc.property(scenarios, checks.metIsAsked), RUNS);
  });

  it('a period without working days left never asks for more today, on the card or the badge', () => {
    fc.assert(fc.property(scenarios, checks.noDaysLeftAsksNothing), RUNS);
  });

  it('the badge and the card ask for the same number today (a day off: both nothing)', () => {
    fc.assert(fc.property(scenarios, checks.badgeIsCard), RUNS);
  });

  it('one rounding: once today is over, "more today" is "expected by now" less what was done', () => {
    fc.assert(fc.property(scenarios, checks.oneRounding), RUNS);
  });

  it('Reports show the popup period with the same target, the same "met" and the same expected by now', () => {
    fc.assert(fc.property(scenarios, checks.reportsArePopup), RUNS);
  });
});

/** What fast-check found on the code before the fix, one per property (all: UTC, Sundays 00:00–01:00 the only working hour). */
const SUNDAYS_ONLY = {
  timeZone: 'UTC',
  weekStartsOn: 0,
  workingDays: [0],
  startHour: 0,
  hours: 1,
  nowMinute: 0,
  holidayOffsets: [],
  target: 1,
  doneCount: 0,
};
describe('counterexamples fast-check printed', () => {
  // The test's own defect (2026-12-07, seed -1748826806): a whole target of 1000 asked today reads
  // "999+" on the badge, which Number() made NaN.
  it('badgeIsCard: 1000 more today is "999+" on the badge', () => {
    checks.badgeIsCard({
      ...SUNDAYS_ONLY,
      workingDays: [4],
      target: 1000,
      installDaysBack: null,
      installMinute: 0,
      nowDay: 0,
      period: 'day',
    });
  });
});
describe('counterexamples fast-check printed on the old code', () => {
  it.each<[keyof typeof checks, string, Partial<Scenario>]>([
    // Mon 2026-08-17, installed at midnight: 6 of the quarter's 13 working Sundays left, yet a target of 0.
    [
      'targetNeverZero',
      'a quarter with 6 of 13 working days left asked for 0',
      { nowDay: 228, period: 'quarter', installDaysBack: 0, installMinute: 0 },
    ],
    // Mon 2027-04-19, installed at midnight: "0 / 0 ✓ Target met".
    ['metIsAsked', '"0 / 0 ✓ Target met" for a month', { nowDay: 473, period: 'month', installDaysBack: 0, installMinute: 0 }],
    // Sun 2026-01-11 01:00, the day's only working hour over: "1 more today" though no working time is left.
    [
      'noDaysLeftAsksNothing',
      'a day quota after its working hour asked 1 more today',
      { nowDay: 10, nowMinute: 60, period: 'day', installDaysBack: null },
    ],
    // Mon 2026-03-02, a day off: the badge blank, the card "1 more today".
    ['badgeIsCard', 'badge blank, card "1 more today" on a day off', { nowDay: 60, period: 'quarter', installDaysBack: null }],
    // Mon 2026-01-05: "Expected by now: 0" (0.077 rounded) beside "1 more today" (rounded up).
    ['oneRounding', '"Expected by now: 0" beside "1 more today"', { nowDay: 4, period: 'quarter', installDaysBack: null }],
    // Thu 2026-01-01, a day off for a daily quota: the popup asked 1, Reports 0.
    ['reportsArePopup', 'popup 1, Reports 0 for a day without working time', { nowDay: 0, period: 'day', installDaysBack: null }],
  ])('%s: %s', (check, _what, scenario) => {
    checks[check]({ ...SUNDAYS_ONLY, installDaysBack: null, installMinute: 0, nowDay: 0, period: 'day', ...scenario } as Scenario);
  });
});
