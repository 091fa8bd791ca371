import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { createAccumulator } from '../../../lib/quota/measure';
import { BOOKING_HORIZON_MS, computeProgress, type EngineSettings, requiredRanges, requiredWindow } from '../../../lib/quota/progress';
import { defaultSettings, type Quota, Quota as QuotaSchema } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';

/** New York, Wednesday 2026-01-14 at noon; January has 22 working days (see progress.test.ts). */
const t = (iso: string) => Date.parse(iso);
const WED_NOON = t('2026-01-14T12:00:00-05:00');
const settings: EngineSettings = defaultSettings('America/New_York');

function aQuota(overrides: Partial<Quota> = {}): Quota {
  return { id: 'q', name: 'Q', kinds: ['call'], target: 100, period: 'month', measure: 'count', excludeInternal: false, ...overrides };
}

const call = (outcome: Activity['outcome'], at = t('2026-01-13T10:00:00-05:00')) =>
  aManualCall({
    occurredAt: at,
    ...(outcome ? { outcome } : {}),
    channel: 'aircall',
    detection: { method: 'api', source: 'aircall-calls' },
  });

const meeting = (occurredAt: number, bookedAt?: number) =>
  anActivity({
    kind: 'meeting',
    channel: 'calendly',
    occurredAt,
    ...(bookedAt !== undefined ? { bookedAt } : {}),
    recipients: [{ address: 'buyer@buyer.example', role: 'to' }],
    detection: { method: 'api', source: 'calendly-scheduled-events' },
  });

const doneOf = (quota: Quota, activities: Activity[], now = WED_NOON) =>
  computeProgress({ quotas: [quota], settings, now, activities }).quotas[0]!;

describe('calls: attempts or connected', () => {
  const mixed = [
    call('connected'),
    call('no_answer'),
    call('voicemail'),
    call(undefined),
    call('connected'),
    call('busy'),
    call('wrong_number'),
    call('failed'),
  ];

  it('by default (and with callsCount attempts) every call counts', () => {
    expect(doneOf(aQuota(), mixed).done).toBe(8);
    expect(doneOf(aQuota({ callsCount: 'attempts' }), mixed).done).toBe(8);
  });

  it('a connected-calls quota counts only calls whose outcome is connected', () => {
    expect(doneOf(aQuota({ callsCount: 'connected' }), mixed).done).toBe(2);
    const accumulator = createAccumulator(aQuota({ callsCount: 'connected' }), { internalDomains: [], senderDomainIsInternal: false });
    expect(mixed.map((a) => accumulator.add(a))).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('the connected rule touches calls only: other kinds of the same quota count as before', () => {
    const quota = aQuota({ kinds: ['call', 'email'], callsCount: 'connected' });
    expect(doneOf(quota, [...mixed, anActivity({ occurredAt: t('2026-01-13T10:00:00-05:00') })]).done).toBe(3);
  });

  it('a pending connected-calls count ignores attempts too', () => {
    const pending = { ...call('no_answer', t('2026-01-14T11:00:00-05:00')), status: 'pending' as const, confirmAt: WED_NOON + 60_000 };
    const connected = { ...call('connected', t('2026-01-14T11:00:00-05:00')), status: 'pending' as const, confirmAt: WED_NOON + 60_000 };
    expect(doneOf(aQuota({ callsCount: 'connected' }), [pending, connected]).pending).toBe(1);
  });
});

describe('meetings: held or booked', () => {
  const quota = aQuota({ kinds: ['meeting'] });
  // Booked in December for January: held this month.
  const bookedEarlier = meeting(t('2026-01-13T15:00:00-05:00'), t('2025-12-20T10:00:00-05:00'));
  // Booked today for February: booked this month.
  const bookedNowForLater = meeting(t('2026-02-10T15:00:00-05:00'), t('2026-01-14T09:30:00-05:00'));
  // Booked and held this month.
  const thisMonth = meeting(t('2026-01-12T15:00:00-05:00'), t('2026-01-05T10:00:00-05:00'));
  // No booking time known (a manual entry): counts when it takes place either way.
  const unknownBooking = meeting(t('2026-01-09T15:00:00-05:00'));
  const all = [bookedEarlier, bookedNowForLater, thisMonth, unknownBooking];

  it('by default a meeting counts in the period it takes place', () => {
    expect(doneOf(quota, all).done).toBe(3);
    expect(doneOf(aQuota({ kinds: ['meeting'], meetingsBy: 'held' }), all).done).toBe(3);
  });

  it('counted by booking, a meeting counts in the period it was booked, and today when booked today', () => {
    const p = doneOf(aQuota({ kinds: ['meeting'], meetingsBy: 'booked' }), all);
    expect(p.done).toBe(3);
    expect(p.doneToday).toBe(1);
    expect(doneOf(quota, all).doneToday).toBe(0);
    // The same set, with the December booking moved into January, shows the difference.
    expect(doneOf(aQuota({ kinds: ['meeting'], meetingsBy: 'booked' }), [bookedEarlier]).done).toBe(0);
    expect(doneOf(quota, [bookedEarlier]).done).toBe(1);
    expect(doneOf(aQuota({ kinds: ['meeting'], meetingsBy: 'booked' }), [bookedNowForLater]).done).toBe(1);
    expect(doneOf(quota, [bookedNowForLater]).done).toBe(0);
  });

  it('booking time moves meetings only: the calls of a mixed quota stay where they happened', () => {
    const mixed = aQuota({ kinds: ['meeting', 'call'], meetingsBy: 'booked' });
    expect(doneOf(mixed, [bookedNowForLater, call('connected', t('2026-01-14T08:00:00-05:00'))]).doneToday).toBe(2);
  });

  it('several quotas at once each keep their own rule', () => {
    const report = computeProgress({
      quotas: [
        aQuota({ id: 'held', kinds: ['meeting'] }),
        aQuota({ id: 'booked', kinds: ['meeting'], meetingsBy: 'booked' }),
        aQuota({ id: 'calls', callsCount: 'connected' }),
      ],
      settings,
      now: WED_NOON,
      activities: [bookedEarlier, bookedNowForLater, call('connected'), call('no_answer')],
    });
    expect(report.quotas.map((q) => [q.quotaId, q.done])).toEqual([
      ['held', 1],
      ['booked', 1],
      ['calls', 1],
    ]);
  });

  it('the store is asked for meetings taking place up to a year after the window of a booked quota', () => {
    const held = requiredRanges([quota], settings, WED_NOON).find((r) => r.kind === 'meeting')!;
    const booked = requiredRanges([aQuota({ kinds: ['meeting'], meetingsBy: 'booked' })], settings, WED_NOON).find(
      (r) => r.kind === 'meeting',
    )!;
    expect(booked.start).toBe(held.start);
    expect(booked.end).toBe(held.end + BOOKING_HORIZON_MS);
    expect(requiredWindow([aQuota({ kinds: ['meeting'], meetingsBy: 'booked' })], settings, WED_NOON).end).toBe(
      held.end + BOOKING_HORIZON_MS,
    );
    // A booked rule on a quota without meetings widens nothing.
    expect(requiredRanges([aQuota({ meetingsBy: 'booked' })], settings, WED_NOON)).toEqual(requiredRanges([aQuota()], settings, WED_NOON));
  });
});

describe('Quota schema', () => {
  it('accepts the new options and leaves old quotas as they were', () => {
    expect(QuotaSchema.parse(aQuota({ callsCount: 'connected', meetingsBy: 'booked' }))).toMatchObject({
      callsCount: 'connected',
      meetingsBy: 'booked',
    });
    expect(QuotaSchema.parse(aQuota())).not.toHaveProperty('callsCount');
    expect(QuotaSchema.safeParse({ ...aQuota(), callsCount: 'answered' }).success).toBe(false);
    expect(QuotaSchema.safeParse({ ...aQuota(), meetingsBy: 'scheduled' }).success).toBe(false);
  });
});
