import { describe, expect, it } from 'vitest';
import type { Activity, ActivityKind } from '../../../lib/activity';
import { computeProgress, type EngineSettings, progressAt, progressValidUntil } from '../../../lib/quota/progress';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { anActivity } from '../../builders/activity';

/**
 * progressAt brings a report computed at T to a later `now` without reading activities. Oracle: a
 * fresh computation from all activities at `now`, on randomized data (pending with and without due
 * times, retractions, internal recipients, amounts in two currencies) and moments that include DST
 * days, the last working hours of a day and weekends.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const QUOTAS: Quota[] = [
  { id: 'calls', name: 'Calls', kinds: ['call'], target: 120, period: 'month', measure: 'count', excludeInternal: false },
  { id: 'emails', name: 'Emails', kinds: ['email'], target: 200, period: 'week', measure: 'count', excludeInternal: true },
  {
    id: 'people',
    name: 'People',
    kinds: ['email', 'call'],
    target: 60,
    period: 'week',
    measure: 'unique_recipients',
    excludeInternal: true,
  },
  { id: 'invites', name: 'Invites', kinds: ['linkedin_invite'], target: 400, period: 'month', measure: 'count', excludeInternal: false },
  {
    id: 'revenue',
    name: 'Revenue',
    kinds: ['deal'],
    target: 50_000,
    period: 'quarter',
    measure: 'sum',
    excludeInternal: false,
    currency: 'USD',
  },
  { id: 'daily', name: 'Daily', kinds: ['meeting', 'call'], target: 4, period: 'day', measure: 'count', excludeInternal: false },
];

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const KINDS: ActivityKind[] = ['email', 'email', 'call', 'linkedin_invite', 'deal', 'meeting'];

function activitiesAround(now: number, count: number, rand: () => number): Activity[] {
  return Array.from({ length: count }, () => {
    const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
    const occurredAt = Math.floor(now - rand() * 120 * DAY + rand() * 2 * HOUR);
    const roll = rand();
    const status: Activity['status'] = roll < 0.08 ? 'pending' : roll < 0.15 ? 'retracted' : 'counted';
    const internal = rand() < 0.2;
    const overrides: Partial<Activity> = {
      kind,
      occurredAt,
      status,
      recipients: [
        {
          address: internal
            ? `colleague${Math.floor(rand() * 5)}@seller.example`
            : `p${Math.floor(rand() * 40)}@buyer${Math.floor(rand() * 3)}.example`,
        },
      ],
    };
    // Pending: most fall due within hours of now (some already due), some are scheduled without a due time.
    if (status === 'pending' && rand() < 0.8) overrides.confirmAt = Math.floor(now + (rand() - 0.3) * 6 * HOUR);
    if (kind === 'deal') {
      overrides.amount = Math.round(rand() * 5000);
      overrides.currency = rand() < 0.8 ? 'USD' : 'EUR';
    }
    return anActivity(overrides);
  });
}

const MOMENTS = [
  '2026-01-14T12:00:00-05:00',
  '2026-03-08T01:30:00-05:00', // New York springs forward at 02:00: a 23-hour day
  '2026-11-01T00:30:00-04:00', // and falls back: a 25-hour day
  '2026-03-31T16:45:00-04:00', // the last hours of a month and quarter
  '2026-06-13T10:00:00-04:00', // a Saturday
  '2026-12-31T23:10:00-05:00',
];

function settingsFor(seed: number): EngineSettings {
  const base = defaultSettings(seed % 2 ? 'America/New_York' : 'Asia/Kolkata');
  return { ...base, internalDomains: ['seller.example'], weekStartsOn: seed % 3 === 0 ? 0 : 1, linkedinWeeklyInviteLimit: 100 };
}

describe('progressAt equals a fresh computation while nothing is written', () => {
  it('on randomized data, at later moments up to the end of its validity', () => {
    let checked = 0;
    for (const [m, iso] of MOMENTS.entries()) {
      for (let seed = 1; seed <= 4; seed += 1) {
        const rand = random(seed * 97 + m);
        const computedAt = Date.parse(iso);
        const settings = settingsFor(seed + m);
        const activities = activitiesAround(computedAt, 400, rand);
        const report = computeProgress({ quotas: QUOTAS, settings, now: computedAt, activities });
        const until = progressValidUntil(report, settings);
        expect(until).toBeGreaterThan(computedAt);
        const laters = [1, 60_000, until - computedAt - 1, Math.floor(rand() * (until - computedAt))];
        for (const delta of laters) {
          const now = computedAt + delta;
          if (now >= until) continue;
          expect(progressAt(report, QUOTAS, settings, now)).toEqual(computeProgress({ quotas: QUOTAS, settings, now, activities }));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('is refused from the end of its day, when a pending capture falls due, for other quotas or an earlier time', () => {
    const settings = settingsFor(1);
    const computedAt = Date.parse('2026-01-14T12:00:00-05:00');
    const due = computedAt + 5 * 60_000;
    const activities = [
      anActivity({ kind: 'email', occurredAt: computedAt - HOUR }),
      anActivity({ kind: 'email', occurredAt: computedAt - 60_000, status: 'pending', confirmAt: due }),
    ];
    const report = computeProgress({ quotas: QUOTAS, settings, now: computedAt, activities });
    expect(progressValidUntil(report, settings)).toBe(due);
    expect(progressAt(report, QUOTAS, settings, due - 1)).toBeDefined();
    // From the due time the pending email counts: the kept report no longer says what is done.
    expect(progressAt(report, QUOTAS, settings, due)).toBeUndefined();
    expect(computeProgress({ quotas: QUOTAS, settings, now: due, activities }).quotas[1]!.done).toBe(report.quotas[1]!.done + 1);

    const noPending = computeProgress({ quotas: QUOTAS, settings, now: computedAt, activities: activities.slice(0, 1) });
    const midnight = Date.parse('2026-01-15T00:00:00-05:00');
    expect(progressValidUntil(noPending, settings)).toBe(midnight);
    expect(progressAt(noPending, QUOTAS, settings, midnight - 1)).toBeDefined();
    expect(progressAt(noPending, QUOTAS, settings, midnight)).toBeUndefined();
    expect(progressAt(noPending, QUOTAS, settings, computedAt - 1)).toBeUndefined();
    expect(progressAt(noPending, QUOTAS.slice(1), settings, computedAt + 1)).toBeUndefined();
    expect(progressAt(noPending, [...QUOTAS].reverse(), settings, computedAt + 1)).toBeUndefined();
  });
});
