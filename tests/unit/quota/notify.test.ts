import { describe, expect, it } from 'vitest';
import { dueNotifications } from '../../../lib/quota/notify';
import { computeProgress } from '../../../lib/quota/progress';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { aManualCall } from '../../builders/activity';

const base = defaultSettings('America/New_York');
const settings = { ...base, notifications: { endOfDayNudge: true, quotaMet: true } };
const calls: Quota = { id: 'calls', name: 'Calls', kinds: ['call'], target: 10, period: 'week', measure: 'count', excludeInternal: false };
const at = (iso: string) => Date.parse(iso);
const reportAt = (iso: string, done: number) =>
  computeProgress({
    quotas: [calls],
    settings,
    now: at(iso),
    activities: Array.from({ length: done }, (_, i) => aManualCall({ occurredAt: at('2026-01-12T10:00:00-05:00') + i })),
  });

describe('dueNotifications', () => {
  it('nudges once, from an hour before work ends, when behind pace', () => {
    expect(dueNotifications(reportAt('2026-01-14T15:30:00-05:00', 2), settings, [])).toEqual([]);
    const due = dueNotifications(reportAt('2026-01-14T16:10:00-05:00', 2), settings, []);
    expect(due).toEqual([{ type: 'nudge', key: 'nudge:2026-01-14', needed: [{ name: 'Calls', count: '4' }] }]);
    expect(dueNotifications(reportAt('2026-01-14T16:40:00-05:00', 2), settings, ['nudge:2026-01-14'])).toEqual([]);
  });

  it('does not nudge when on pace, off, or on a day off', () => {
    expect(dueNotifications(reportAt('2026-01-14T16:10:00-05:00', 6), settings, [])).toEqual([]);
    const off = { ...settings, notifications: { endOfDayNudge: false, quotaMet: true } };
    expect(dueNotifications(reportAt('2026-01-14T16:10:00-05:00', 2), off, [])).toEqual([]);
    expect(dueNotifications(reportAt('2026-01-17T16:10:00-05:00', 2), settings, [])).toEqual([]);
  });

  it('notes a met quota once per period', () => {
    const report = reportAt('2026-01-14T10:00:00-05:00', 10);
    const key = `met:calls:${at('2026-01-12T00:00:00-05:00')}`;
    expect(dueNotifications(report, settings, [])).toEqual([{ type: 'met', key, name: 'Calls', done: '10', target: '10' }]);
    expect(dueNotifications(report, settings, [key])).toEqual([]);
  });

  it('writes a revenue quota met as money in the UI language, a count as a whole number', () => {
    const revenue: Quota = {
      id: 'rev',
      name: 'Revenue',
      kinds: ['deal'],
      target: 10_000,
      period: 'month',
      measure: 'sum',
      currency: 'USD',
      excludeInternal: false,
    };
    const report = computeProgress({
      quotas: [revenue, calls],
      settings,
      now: at('2026-01-14T10:00:00-05:00'),
      activities: [
        aManualCall({
          id: 'd1',
          dedupeKey: 'manual:d1',
          kind: 'deal',
          amount: 12_500,
          currency: 'USD',
          occurredAt: at('2026-01-12T10:00:00-05:00'),
        }),
        ...Array.from({ length: 1234 }, (_, i) =>
          aManualCall({ id: `c${i}`, dedupeKey: `manual:c${i}`, occurredAt: at('2026-01-12T10:00:00-05:00') + i }),
        ),
      ],
    });
    const met = dueNotifications(report, settings, [], 'en-US').filter((n) => n.type === 'met');
    expect(met).toMatchObject([
      { name: 'Revenue', done: '$12,500', target: '$10,000' },
      { name: 'Calls', done: '1,234', target: '10' },
    ]);
    const ru = dueNotifications(report, settings, [], 'ru').find((n) => n.type === 'met' && n.name === 'Revenue');
    expect(ru).toMatchObject({ done: '12\u00a0500\u00a0$', target: '10\u00a0000\u00a0$' });
  });
});
