import { describe, expect, it } from 'vitest';
import { badgeFor, PACE_COLORS, worstPace } from '../../../lib/quota/badge';
import { computeProgress, type ProgressReport, type QuotaProgress } from '../../../lib/quota/progress';
import { defaultSettings } from '../../../lib/settings';
import { activitiesAt } from '../../builders/activity';

function aProgress(overrides: Partial<QuotaProgress>): QuotaProgress {
  return {
    quotaId: 'q',
    name: 'Calls',
    measure: 'count',
    period: { start: 0, end: 1 },
    done: 0,
    pending: 0,
    target: 100,
    remaining: 100,
    percent: 0,
    expectedByNow: 0,
    expectedByEndOfToday: 0,
    pace: 'on_track',
    met: false,
    projection: null,
    neededPerRemainingWorkingDay: 0,
    neededToday: 0,
    doneToday: 0,
    workingDays: { total: 20, elapsed: 0, remaining: 20 },
    streak: 0,
    limitedByInviteCap: false,
    fullTarget: overrides.target ?? 100,
    asked: true,
    trackedFrom: null,
    ...overrides,
  };
}

function aReport(quotas: QuotaProgress[]): ProgressReport {
  return {
    at: 0,
    quotas,
    today: {},
    pending: [],
    streak: 0,
    inviteGuard: { sentThisWeek: 0, limit: 100, remainingThisWeek: 100, level: 'ok' },
    workingToday: true,
  };
}

describe('worstPace', () => {
  it('at_risk beats behind beats on_track beats ahead', () => {
    expect(worstPace(aReport([aProgress({ pace: 'ahead' }), aProgress({ pace: 'behind' }), aProgress({ pace: 'on_track' })]))).toBe(
      'behind',
    );
    expect(worstPace(aReport([aProgress({ pace: 'behind' }), aProgress({ pace: 'at_risk' })]))).toBe('at_risk');
    expect(worstPace(aReport([aProgress({ pace: 'ahead' })]))).toBe('ahead');
    expect(worstPace(aReport([]))).toBeUndefined();
  });
});

describe('badgeFor: remaining_today', () => {
  it("shows the most-behind counting quota's need for today (not a sum of several), named in the tooltip", () => {
    const report = aReport([
      aProgress({ name: 'Calls', neededToday: 2.5, pace: 'on_track', done: 7, expectedByNow: 7.5, target: 150 }),
      aProgress({
        name: 'People',
        measure: 'unique_recipients',
        neededToday: 3,
        pace: 'behind',
        done: 12.4,
        expectedByNow: 20,
        target: 50,
      }),
      aProgress({ name: 'Revenue', measure: 'sum', neededToday: 4000, pace: 'behind', done: 1000, expectedByNow: 30000, target: 90000 }),
      aProgress({ name: 'Emails', neededToday: 0, pace: 'ahead', done: 200, target: 200, met: true }),
    ]);
    // People is furthest behind among counting quotas (12.4 / 20); Revenue's need is an amount, not actions.
    expect(badgeFor(report, 'remaining_today')).toEqual({
      text: '3',
      color: PACE_COLORS.behind,
      title: 'People: 3 more today to stay on pace (12 of 50 this period)',
    });
  });

  it('is quiet on a day off, and says so', () => {
    const report = { ...aReport([aProgress({ neededToday: 12, pace: 'at_risk' })]), workingToday: false };
    expect(badgeFor(report, 'remaining_today')).toEqual({
      text: '',
      color: PACE_COLORS.on_track,
      title: 'Day off: nothing is asked today',
    });
    expect(badgeFor(report, 'percent_of_pace').text).toBe('');
  });

  it('does not round floating-point noise up to one more', () => {
    // 10 × 3 / 10 style arithmetic can give 3.0000000000000004.
    const report = aReport([aProgress({ neededToday: 3.0000000000000004 }), aProgress({ neededToday: 0.1 })]);
    expect(badgeFor(report, 'remaining_today').text).toBe('3');
  });

  it('caps the number at 999+', () => {
    expect(badgeFor(aReport([aProgress({ neededToday: 1000 })]), 'remaining_today').text).toBe('999+');
    expect(badgeFor(aReport([aProgress({ neededToday: 999 })]), 'remaining_today').text).toBe('999');
  });

  it('is coloured at_risk red when any quota is at risk', () => {
    const badge = badgeFor(aReport([aProgress({ pace: 'ahead' }), aProgress({ pace: 'at_risk', neededToday: 1 })]), 'remaining_today');
    expect(badge.color).toBe('#dc2626');
    expect(badge.text).toBe('1');
  });
});

describe('badgeFor: percent_of_pace', () => {
  it('shows the lowest done / expected-by-now ratio, rounded', () => {
    const report = aReport([
      aProgress({ done: 50, expectedByNow: 40, pace: 'ahead' }), // 125 %
      aProgress({ done: 30, expectedByNow: 45.5, pace: 'behind' }), // 65.9 % → 66 %
      aProgress({ done: 3, expectedByNow: 0, pace: 'on_track' }), // nothing expected yet: ignored
    ]);
    expect(badgeFor(report, 'percent_of_pace')).toMatchObject({ text: '66%', color: PACE_COLORS.behind });
  });

  it('is 100% when nothing is expected yet, and caps at 999%', () => {
    expect(badgeFor(aReport([aProgress({ done: 5, expectedByNow: 0 })]), 'percent_of_pace').text).toBe('100%');
    expect(badgeFor(aReport([aProgress({ done: 100, expectedByNow: 1, pace: 'ahead' })]), 'percent_of_pace').text).toBe('999%');
  });
});

describe('badgeFor: off and empty', () => {
  it('off shows nothing', () => {
    expect(badgeFor(aReport([aProgress({ neededToday: 5, pace: 'behind' })]), 'off')).toEqual({
      text: '',
      color: PACE_COLORS.on_track,
      title: '',
    });
  });

  it('no quotas shows nothing', () => {
    expect(badgeFor(aReport([]), 'remaining_today').text).toBe('');
  });
});

describe('badgeFor on a computed report', () => {
  it('Wednesday noon in New York with 55 of 220 calls: 45 to go today, behind', () => {
    const now = Date.parse('2026-01-14T12:00:00-05:00');
    const report = computeProgress({
      quotas: [{ id: 'calls', name: 'Calls', kinds: ['call'], target: 220, period: 'month', measure: 'count', excludeInternal: false }],
      settings: defaultSettings('America/New_York'),
      now,
      activities: activitiesAt(55, Date.parse('2026-01-05T10:00:00-05:00'), {
        kind: 'call',
        channel: 'manual',
        account: 'me',
        recipients: [],
      }),
    });
    expect(badgeFor(report, 'remaining_today')).toEqual({
      text: '45',
      color: PACE_COLORS.behind,
      title: 'Calls: 45 more today to stay on pace (55 of 220 this period)',
    });
    // 55 / 93.75 = 58.7 % → 59 %.
    expect(badgeFor(report, 'percent_of_pace').text).toBe('59%');
  });
});
