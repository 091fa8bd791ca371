import { describe, expect, it } from 'vitest';
import { dailyByKind, periodReport, quotaHistory, reportInterval } from '../../../lib/quota/report';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';

const settings = defaultSettings('America/New_York');
const calls: Quota = { id: 'calls', name: 'Calls', kinds: ['call'], target: 10, period: 'week', measure: 'count', excludeInternal: false };
const at = (iso: string) => Date.parse(iso);
// Wednesday 2026-01-14 noon in New York: 2 + 3/8 of the week's 5 working days (9–17) have passed.
const now = at('2026-01-14T12:00:00-05:00');

describe('report periods', () => {
  it('finds this and last week, month and quarter in the settings zone', () => {
    expect(reportInterval('this_week', now, settings)).toEqual({
      start: at('2026-01-12T00:00:00-05:00'),
      end: at('2026-01-19T00:00:00-05:00'),
    });
    expect(reportInterval('last_week', now, settings)).toEqual({
      start: at('2026-01-05T00:00:00-05:00'),
      end: at('2026-01-12T00:00:00-05:00'),
    });
    expect(reportInterval('last_month', now, settings).start).toBe(at('2025-12-01T00:00:00-05:00'));
    expect(reportInterval('this_quarter', now, settings)).toEqual({
      start: at('2026-01-01T00:00:00-05:00'),
      end: at('2026-04-01T00:00:00-04:00'),
    });
  });
});

describe('periodReport', () => {
  it('measures each quota, counts by kind and day, and converts activities per opportunity', () => {
    const interval = reportInterval('this_week', now, settings);
    const activities = [
      aManualCall({ occurredAt: at('2026-01-12T10:00:00-05:00') }),
      aManualCall({ occurredAt: at('2026-01-13T10:00:00-05:00') }),
      aManualCall({ occurredAt: at('2026-01-13T11:00:00-05:00'), status: 'retracted' }),
      anActivity({ occurredAt: at('2026-01-13T12:00:00-05:00') }),
      aManualCall({ kind: 'opportunity', occurredAt: at('2026-01-14T09:30:00-05:00') }),
      aManualCall({ occurredAt: at('2026-01-05T10:00:00-05:00') }), // last week
    ];
    const report = periodReport({ quotas: [calls], settings, now, interval, activities });
    // Pace by the popup's own rule: 8 left over 3 working days (2.625 rounded up) = 2.67 a day, not
    // above 1.5 × the planned 2 a day, so behind rather than at risk.
    expect(report.quotas).toEqual([
      {
        quotaId: 'calls',
        name: 'Calls',
        measure: 'count',
        done: 2,
        target: 10,
        expectedByNow: 4.75,
        pace: 'behind',
        met: false,
        mapping: { perPeriod: 10, period: 'week', periods: 1, wholePeriods: true, trackedFrom: null },
        tracked: true,
        asked: true,
      },
    ]);
    expect(report.byKind).toEqual({ call: 2, email: 1, opportunity: 1 });
    expect(report.byDay.map((d) => d.key)).toEqual([
      '2026-01-12',
      '2026-01-13',
      '2026-01-14',
      '2026-01-15',
      '2026-01-16',
      '2026-01-17',
      '2026-01-18',
    ]);
    expect(report.byDay[1]!.counts).toEqual({ call: 1, email: 1 });
    expect(report.conversion).toMatchObject({ activities: 3, opportunities: 1, perOpportunity: 3 });
  });

  it('pro-rates a monthly target to a week and says when there are no opportunities', () => {
    const monthly = { ...calls, period: 'month' as const, target: 110 };
    const report = periodReport({ quotas: [monthly], settings, now, interval: reportInterval('last_week', now, settings), activities: [] });
    // January 2026 has 22 working days; a week has 5.
    expect(report.quotas[0]!.target).toBe(25);
    expect(report.quotas[0]!.pace).toBe('at_risk');
    expect(report.conversion.perOpportunity).toBeNull();
  });
});

describe('quotaHistory', () => {
  it('says by how much each past period was met or missed, oldest first', () => {
    const activities = [
      ...Array.from({ length: 12 }, (_, i) => aManualCall({ occurredAt: at('2026-01-06T10:00:00-05:00') + i })),
      ...Array.from({ length: 7 }, (_, i) => aManualCall({ occurredAt: at('2025-12-30T10:00:00-05:00') + i })),
      aManualCall({ occurredAt: at('2026-01-13T10:00:00-05:00') }), // this week: not history
    ];
    const history = quotaHistory({ quota: calls, settings, now, activities, count: 3 });
    expect(history.periods.map((p) => [p.start, p.done, p.met, p.difference])).toEqual([
      [at('2025-12-22T00:00:00-05:00'), 0, false, -10],
      [at('2025-12-29T00:00:00-05:00'), 7, false, -3],
      [at('2026-01-05T00:00:00-05:00'), 12, true, 2],
    ]);
  });
});

describe('dailyByKind', () => {
  it('ignores pending captures not yet due', () => {
    const day = { start: at('2026-01-14T00:00:00-05:00'), end: at('2026-01-15T00:00:00-05:00') };
    const pending = anActivity({ occurredAt: now - 1000, status: 'pending', confirmAt: now + 5000 });
    const due = anActivity({ occurredAt: now - 2000, status: 'pending', confirmAt: now - 1 });
    expect(dailyByKind([pending, due], day, settings, now)).toEqual([{ key: '2026-01-14', start: day.start, counts: { email: 1 } }]);
  });
});
