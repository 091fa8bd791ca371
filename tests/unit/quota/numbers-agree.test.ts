import { describe, expect, it } from 'vitest';
import { badgeFor } from '../../../lib/quota/badge';
import { countingOf } from '../../../lib/quota/counting';
import { computeProgress } from '../../../lib/quota/progress';
import { dailyByKind, periodReport, quotaHistory, reportInterval } from '../../../lib/quota/report';
import { targetOver } from '../../../lib/quota/targets';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';

/** Issue 14: every number a rep sees is right and agrees with the others. */

const settings = { ...defaultSettings('America/New_York'), internalDomains: ['seller.example'] };
const at = (iso: string) => Date.parse(iso);
const calls: Quota = {
  id: 'calls',
  name: 'Calls',
  kinds: ['call'],
  target: 120,
  period: 'month',
  measure: 'count',
  excludeInternal: false,
};
const emails: Quota = {
  id: 'emails',
  name: 'Emails',
  kinds: ['email'],
  target: 200,
  period: 'month',
  measure: 'count',
  excludeInternal: true,
};

describe('a target over other periods (item 9)', () => {
  // Wed 2026-05-13: Q2 2026 is April (22 working days), May (21), June (22).
  const now = at('2026-05-13T12:00:00-04:00');

  it('a quarter of 120 calls a month asks for 360, this quarter and last alike', () => {
    for (const period of ['this_quarter', 'last_quarter'] as const) {
      const interval = reportInterval(period, now, settings);
      expect(targetOver(calls, interval, settings)).toMatchObject({ target: 360, periods: 3, wholePeriods: true });
      const report = periodReport({ quotas: [calls], settings, now, interval, activities: [] });
      expect(report.quotas[0]).toMatchObject({ target: 360, mapping: { perPeriod: 120, period: 'month', periods: 3, wholePeriods: true } });
    }
  });

  it('the same calls give the same result in whichever quarter they fall', () => {
    const spread = (start: string) => Array.from({ length: 360 }, (_, i) => aManualCall({ occurredAt: at(start) + i * 60_000 }));
    const lastQuarter = periodReport({
      quotas: [calls],
      settings,
      now: at('2026-07-15T12:00:00-04:00'),
      interval: reportInterval('last_quarter', at('2026-07-15T12:00:00-04:00'), settings),
      activities: spread('2026-04-02T10:00:00-04:00'),
    });
    const thisQuarter = periodReport({
      quotas: [calls],
      settings,
      now: at('2026-06-30T23:00:00-04:00'),
      interval: reportInterval('this_quarter', at('2026-06-30T23:00:00-04:00'), settings),
      activities: spread('2026-04-02T10:00:00-04:00'),
    });
    expect(lastQuarter.quotas[0]).toMatchObject({ done: 360, target: 360, met: true });
    expect(thisQuarter.quotas[0]).toMatchObject({ done: 360, target: 360, met: true });
  });

  it("a week of a month is its working days' share, a whole number of calls", () => {
    const week = reportInterval('this_week', now, settings);
    const mapped = targetOver(calls, week, settings);
    // 5 of May's 21 working days: 120 × 5 / 21 = 28.57 → 29.
    expect(mapped).toMatchObject({ target: 29, wholePeriods: false });
    expect(mapped.periods).toBeCloseTo(5 / 21, 10);
  });
});

describe('tracking starts at install (item 6)', () => {
  // Installed Monday 2026-01-12 at 9:00 in New York; January has 22 working days, 15 of them from then on.
  const installed = at('2026-01-12T09:00:00-05:00');
  const now = at('2026-01-14T12:00:00-05:00');

  it('a fresh install mid-month is not at risk: the month is pro-rated from the install', () => {
    const before = computeProgress({ quotas: [calls], settings, now: installed + 60_000, activities: [], trackingStart: installed });
    expect(before.quotas[0]).toMatchObject({ target: 82, fullTarget: 120, trackedFrom: installed });
    expect(before.quotas[0]!.pace).toBe('on_track');
    expect(before.quotas[0]!.expectedByNow).toBeLessThan(1);

    // Two and three-eighths working days later, on pace: 82 × 2.375 / 15 ≈ 13.
    const activities = Array.from({ length: 13 }, (_, i) => aManualCall({ occurredAt: installed + 3_600_000 + i * 60_000 }));
    const report = computeProgress({ quotas: [calls], settings, now, activities, trackingStart: installed });
    expect(report.quotas[0]!.expectedByNow).toBeCloseTo((82 * 2.375) / 15, 6);
    expect(report.quotas[0]!.pace).toBe('on_track');
    // Without the install date the same day looks hopeless: the month's first seven working days count as missed.
    expect(computeProgress({ quotas: [calls], settings, now, activities }).quotas[0]!.pace).toBe('at_risk');
    // And the badge asks for what today needs from the install on, not for the missed first week.
    expect(Number(badgeFor(report, 'remaining_today').text)).toBeLessThanOrEqual(Math.ceil((82 * 3) / 15) - 13 + 1);
  });

  it('reports and history show no misses for periods before the install', () => {
    const lastMonth = periodReport({
      quotas: [calls],
      settings,
      now,
      interval: reportInterval('last_month', now, settings),
      activities: [],
      trackingStart: installed,
    });
    expect(lastMonth.quotas[0]).toMatchObject({ tracked: false, met: false, target: 0 });
    const history = quotaHistory({
      quota: calls,
      settings,
      now: at('2026-03-10T12:00:00-05:00'),
      activities: [],
      count: 6,
      trackingStart: installed,
    });
    // Only February and (pro-rated) January: nothing before the install.
    expect(history.periods.map((p) => [p.start, p.target, p.trackedFrom])).toEqual([
      [at('2026-01-01T00:00:00-05:00'), 82, installed],
      [at('2026-02-01T00:00:00-05:00'), 120, null],
    ]);
  });
});

describe('one rule of what counts (item 7)', () => {
  const now = at('2026-01-14T12:00:00-05:00');
  const toColleague = anActivity({
    occurredAt: now - 3_600_000,
    account: 'rep@seller.example',
    recipients: [{ address: 'boss@seller.example', role: 'to' }],
  });
  const toProspect = anActivity({ occurredAt: now - 3_600_000 });

  it('an email only to a colleague is counted nowhere, and says why', () => {
    expect(countingOf(toColleague, [calls, emails], settings, now)).toEqual({ quotaIds: [], reason: 'internal', leftOutBySignal: [] });
    expect(countingOf(toProspect, [calls, emails], settings, now)).toEqual({ quotaIds: ['emails'], reason: null, leftOutBySignal: [] });
    expect(countingOf({ ...toProspect, status: 'retracted' }, [emails], settings, now).reason).toBe('retracted');
    expect(countingOf({ ...toProspect, status: 'pending', confirmAt: now + 5000 }, [emails], settings, now).reason).toBe('pending');

    const progress = computeProgress({ quotas: [calls, emails], settings, now, activities: [toColleague, toProspect] });
    expect(progress.today).toEqual({ email: 1 });
    expect(progress.quotas[1]!.done).toBe(1);

    const interval = reportInterval('this_week', now, settings);
    const report = periodReport({ quotas: [calls, emails], settings, now, interval, activities: [toColleague, toProspect] });
    expect(report.byKind).toEqual({ email: 1 });
    expect(dailyByKind([toColleague, toProspect], interval, settings, now, [emails]).reduce((n, d) => n + (d.counts.email ?? 0), 0)).toBe(
      1,
    );
  });

  it('an internal email still counts where no quota leaves colleagues out', () => {
    expect(countingOf(toColleague, [{ ...emails, excludeInternal: false }], settings, now).reason).toBeNull();
  });

  it('the pending list holds exactly what the cards count as pending', () => {
    const pendingInternal = { ...toColleague, id: 'p1', dedupeKey: 'p1', status: 'pending' as const, confirmAt: now + 5000 };
    const pendingProspect = { ...toProspect, id: 'p2', dedupeKey: 'p2', status: 'pending' as const, confirmAt: now + 5000 };
    const report = computeProgress({ quotas: [emails], settings, now, activities: [pendingInternal, pendingProspect] });
    expect(report.quotas[0]!.pending).toBe(1);
    expect(report.pending.map((p) => p.id)).toEqual(['p2']);
  });
});

describe('the badge agrees with the popup (item 5)', () => {
  it('is quiet on a Saturday', () => {
    const saturday = at('2026-01-17T12:00:00-05:00');
    const report = computeProgress({ quotas: [calls], settings, now: saturday, activities: [] });
    expect(report.workingToday).toBe(false);
    expect(badgeFor(report, 'remaining_today').text).toBe('');
  });

  it("shows a number the popup shows: the most-behind quota's needed today", () => {
    const now = at('2026-01-14T12:00:00-05:00');
    const report = computeProgress({
      quotas: [calls, emails],
      settings,
      now,
      activities: [],
      trackingStart: at('2025-01-01T00:00:00-05:00'),
    });
    const badge = badgeFor(report, 'remaining_today');
    const shown = report.quotas.map((q) => Math.ceil(q.neededToday - 1e-9));
    expect(shown).toContain(Number(badge.text));
    expect(Number(badge.text)).toBeLessThan(shown.reduce((a, b) => a + b, 0));
  });
});
