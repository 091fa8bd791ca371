import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { computeProgress, type EngineSettings, requiredWindow } from '../../../lib/quota/progress';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { activitiesAt, anActivity } from '../../builders/activity';

/**
 * The reference scenario, worked by hand:
 * New York, Mon–Fri, 9–17. January 2026 has 22 working days (Jan 1–2, 5–9, 12–16, 19–23, 26–30).
 * Wednesday Jan 14 at 12:00: 9 full working days before today (Jan 1, 2, 5–9, 12, 13) plus 3/8 of today
 * = 9.375 elapsed, 12.625 remaining. With a target of 220 (10 a working day):
 *   expectedByNow        = 220 × 9.375 / 22 = 93.75
 *   expectedByEndOfToday = 220 × 10 / 22    = 100
 */
const t = (iso: string) => Date.parse(iso);
const WED_NOON = t('2026-01-14T12:00:00-05:00');

function engine(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return { ...defaultSettings('America/New_York'), ...overrides };
}

function aQuota(overrides: Partial<Quota> = {}): Quota {
  return {
    id: 'calls',
    name: 'Calls',
    kinds: ['call'],
    target: 220,
    period: 'month',
    measure: 'count',
    excludeInternal: false,
    ...overrides,
  };
}

const callOverrides: Partial<Activity> = {
  kind: 'call',
  channel: 'manual',
  account: 'me',
  recipients: [],
  detection: { method: 'manual' },
};
const calls = (count: number, iso: string, overrides: Partial<Activity> = {}) =>
  activitiesAt(count, t(iso), { ...callOverrides, ...overrides });
const invites = (count: number, iso: string, overrides: Partial<Activity> = {}) =>
  activitiesAt(count, t(iso), {
    kind: 'linkedin_invite',
    channel: 'linkedin',
    account: 'urn:li:fsd_profile:ME',
    recipients: [{ profileId: 'ACoAAB1' }],
    ...overrides,
  });

function progressOf(quota: Quota, activities: Activity[], now = WED_NOON, settings = engine()) {
  return computeProgress({ quotas: [quota], settings, now, activities }).quotas[0]!;
}

describe('expected by now: pro-rated over working days and working hours', () => {
  it('Wednesday noon, 9–17, Mon–Fri January: 9 working days + 3/8 of today of 22', () => {
    const p = progressOf(aQuota(), []);
    expect(p.period).toEqual({ start: t('2026-01-01T00:00:00-05:00'), end: t('2026-02-01T00:00:00-05:00') });
    expect(p.workingDays).toEqual({ total: 22, elapsed: 9.375, remaining: 12.625 });
    expect(p.expectedByNow).toBe(93.75);
    expect(p.expectedByEndOfToday).toBe(100);
    expect(p.neededToday).toBe(100);
  });

  it('before work starts today counts none of today; after work ends counts all of it', () => {
    const early = progressOf(aQuota(), [], t('2026-01-14T08:00:00-05:00'));
    expect(early.workingDays.elapsed).toBe(9);
    expect(early.expectedByNow).toBe(90);
    const late = progressOf(aQuota(), [], t('2026-01-14T18:00:00-05:00'));
    expect(late.workingDays.elapsed).toBe(10);
    expect(late.expectedByNow).toBe(100);
    expect(late.expectedByEndOfToday).toBe(100);
  });

  it('on a Saturday nothing more is expected than by Friday night', () => {
    // Jan 1–2, 5–9, 12–16 = 12 working days.
    const p = progressOf(aQuota(), [], t('2026-01-17T12:00:00-05:00'));
    expect(p.workingDays.elapsed).toBe(12);
    expect(p.expectedByNow).toBe(120);
    expect(p.expectedByEndOfToday).toBe(120);
  });

  it('holidays are excluded: 20 working days, 8.375 elapsed on Wednesday noon', () => {
    // Without Jan 1 and Jan 19: before today Jan 2, 5–9, 12, 13 = 8, plus 3/8. 200 × 8.375 / 20 = 83.75.
    const settings = engine({ nonWorkingDates: ['2026-01-01', '2026-01-19'] });
    const p = progressOf(aQuota({ target: 200 }), [], WED_NOON, settings);
    expect(p.workingDays).toEqual({ total: 20, elapsed: 8.375, remaining: 11.625 });
    expect(p.expectedByNow).toBe(83.75);
    expect(p.expectedByEndOfToday).toBe(90);
  });

  it('on a holiday nothing is expected today, and nothing more is asked today (issue 21, point 5)', () => {
    // Jan 19 (holiday): Jan 2, 5–9, 12–16 = 11 working days done. 200 × 11 / 20 = 110.
    const settings = engine({ nonWorkingDates: ['2026-01-01', '2026-01-19'] });
    const p = progressOf(aQuota({ target: 200 }), calls(100, '2026-01-16T10:00:00-05:00'), t('2026-01-19T12:00:00-05:00'), settings);
    expect(p.workingDays.elapsed).toBe(11);
    expect(p.expectedByNow).toBe(110);
    expect(p.expectedByEndOfToday).toBe(110);
    // 10 behind, but a day off asks nothing today: the card and the badge (blank on a day off) agree.
    expect(p.neededToday).toBe(0);
    expect(p.pace).toBe('on_track');
  });

  it('DST spring-forward Sunday (23 h) is one working day when every day is worked', () => {
    // March 2026, all 31 days worked; Sun Mar 8 13:00 EDT: Mar 1–7 done + 4/8 = 7.5. 310 × 7.5 / 31 = 75.
    const settings = engine({ workingDays: [0, 1, 2, 3, 4, 5, 6] });
    const p = progressOf(aQuota({ target: 310 }), [], t('2026-03-08T13:00:00-04:00'), settings);
    expect(p.workingDays).toEqual({ total: 31, elapsed: 7.5, remaining: 23.5 });
    expect(p.expectedByNow).toBe(75);
    expect(p.expectedByEndOfToday).toBe(80);
  });

  it('DST fall-back Sunday (25 h): one working day, and both 01:30s land on it', () => {
    // November 2026, all 30 days worked; Sun Nov 1 13:00 EST = 4/8 of the first day. 300 × 0.5 / 30 = 5.
    const settings = engine({ workingDays: [0, 1, 2, 3, 4, 5, 6] });
    const activities = [
      ...calls(1, '2026-11-01T01:30:00-04:00'), // first 01:30 (EDT)
      ...calls(1, '2026-11-01T01:30:00-05:00'), // second 01:30 (EST)
      ...calls(1, '2026-10-31T23:30:00-04:00'), // the evening before: October
    ];
    const p = progressOf(aQuota({ target: 300 }), activities, t('2026-11-01T13:00:00-05:00'), settings);
    expect(p.workingDays).toEqual({ total: 30, elapsed: 0.5, remaining: 29.5 });
    expect(p.expectedByNow).toBe(5);
    expect(p.done).toBe(2);
    expect(p.doneToday).toBe(2);
    expect(p.neededToday).toBe(8);
  });

  it('after a midnight DST gap (Santiago), an activity at 00:30 counts for its own day', () => {
    // Sep 6 2026 00:00 -04:00 jumps to 01:00 -03:00. On Tue Sep 8 a call at 00:30 is today's.
    const settings = engine({ timeZone: 'America/Santiago' });
    const p = progressOf(aQuota(), calls(1, '2026-09-08T00:30:00-03:00'), t('2026-09-08T12:00:00-03:00'), settings);
    expect(p.done).toBe(1);
    expect(p.doneToday).toBe(1);
  });

  it('the machine zone does not matter: Tokyo settings give Tokyo days', () => {
    // Mon 2026-01-05 10:00 JST (= Sun Jan 4 01:00Z). Tokyo January: Jan 1–2, 5–9, 12–16, 19–23, 26–30 = 22.
    // Before today: Jan 1, 2 = 2; today 1/8 → 2.125. 220 × 2.125 / 22 = 21.25.
    const settings = engine({ timeZone: 'Asia/Tokyo' });
    const p = progressOf(aQuota(), calls(3, '2026-01-05T09:30:00+09:00'), t('2026-01-05T10:00:00+09:00'), settings);
    expect(p.period.start).toBe(t('2026-01-01T00:00:00+09:00'));
    expect(p.workingDays.elapsed).toBe(2.125);
    expect(p.expectedByNow).toBe(21.25);
    expect(p.doneToday).toBe(3);
  });
});

describe('pace', () => {
  // Wednesday noon: expected 93.75, planned 10 a day. 12.625 working days are left; today's unfinished
  // part counts as a day, so "needed" divides by 13. At risk means needing more than 1.5 × 10 = 15 a day.
  it.each([
    [104, 'ahead'], // 104 / 93.75 = 1.109 ≥ 1.1
    [103, 'on_track'], // 1.099
    [85, 'on_track'], // 0.907 ≥ 0.9
    [84, 'behind'], // 0.896
    [25, 'behind'], // needs 195 / 13 = 15 a day: not above 15
    [24, 'at_risk'], // needs 196 / 13 = 15.08 a day
    [0, 'at_risk'],
  ] as const)('%i done by Wednesday noon is %s', (done, pace) => {
    const p = progressOf(aQuota(), calls(done, '2026-01-05T10:00:00-05:00'));
    expect(p.done).toBe(done);
    expect(p.pace).toBe(pace);
    expect(p.met).toBe(false);
  });

  it('a met quota is met, ahead, with nothing remaining or needed', () => {
    const p = progressOf(aQuota(), calls(220, '2026-01-05T10:00:00-05:00'));
    expect(p).toMatchObject({
      met: true,
      pace: 'ahead',
      remaining: 0,
      percent: 100,
      neededPerRemainingWorkingDay: 0,
      neededToday: 0,
    });
  });

  it('percent is not capped at 100', () => {
    // 231 / 220 × 100 = 105.
    expect(progressOf(aQuota(), calls(231, '2026-01-05T10:00:00-05:00')).percent).toBe(105);
  });

  it('after the last working day of the period ends, an unmet quota is at risk', () => {
    // Fri Jan 30 18:00: 0 working days left, 20 still missing.
    const p = progressOf(aQuota(), calls(200, '2026-01-05T10:00:00-05:00'), t('2026-01-30T18:00:00-05:00'));
    expect(p.workingDays).toEqual({ total: 22, elapsed: 22, remaining: 0 });
    expect(p.pace).toBe('at_risk');
    expect(p.neededPerRemainingWorkingDay).toBe(20);
  });

  it('before any work time has passed nothing is expected and the pace is on track', () => {
    const p = progressOf(aQuota(), [], t('2026-01-01T08:00:00-05:00'));
    expect(p.expectedByNow).toBe(0);
    expect(p.pace).toBe('on_track');
  });
});

describe('projection and what is needed', () => {
  it('55 done by Wednesday noon: 25 %, projection, needed per remaining day and today', () => {
    const p = progressOf(aQuota(), calls(55, '2026-01-05T10:00:00-05:00'));
    expect(p.percent).toBe(25);
    expect(p.remaining).toBe(165);
    // 55 + 55 / 9.375 × 12.625 = 55 × 22 / 9.375 = 9680 / 75 ≈ 129.07.
    expect(p.projection).toBeCloseTo(9680 / 75, 10);
    // 165 over the 13 working days left, today included: 165 / 13 ≈ 12.69.
    expect(p.neededPerRemainingWorkingDay).toBeCloseTo(165 / 13, 10);
    // On pace tonight means 100: 45 more today.
    expect(p.neededToday).toBe(45);
    expect(p.pace).toBe('behind');
  });

  it('needed per remaining working day counts today while any of it is left', () => {
    // 100 done. At 08:00 Wednesday 13 working days are left (today whole): 120 / 13.
    expect(
      progressOf(aQuota(), calls(100, '2026-01-05T10:00:00-05:00'), t('2026-01-14T08:00:00-05:00')).neededPerRemainingWorkingDay,
    ).toBeCloseTo(120 / 13, 10);
    // At 18:00 today is over: 12 left, 120 / 12 = 10.
    expect(progressOf(aQuota(), calls(100, '2026-01-05T10:00:00-05:00'), t('2026-01-14T18:00:00-05:00')).neededPerRemainingWorkingDay).toBe(
      10,
    );
  });

  it('no projection until half a working day has passed', () => {
    // Thu Jan 1 10:00: 1/8 of a day.
    expect(progressOf(aQuota(), calls(5, '2026-01-01T09:30:00-05:00'), t('2026-01-01T10:00:00-05:00')).projection).toBeNull();
    // 13:00: half a day; 5 + 5 / 0.5 × 21.5 = 220.
    expect(progressOf(aQuota(), calls(5, '2026-01-01T09:30:00-05:00'), t('2026-01-01T13:00:00-05:00')).projection).toBe(220);
  });

  it('neededToday is 0 once tonight’s pace is reached', () => {
    expect(progressOf(aQuota(), calls(100, '2026-01-05T10:00:00-05:00')).neededToday).toBe(0);
    expect(progressOf(aQuota(), calls(99, '2026-01-05T10:00:00-05:00')).neededToday).toBe(1);
  });
});

describe('counted, pending and retracted', () => {
  it('counted and due-pending count; retracted and not-yet-due pending do not (but are reported as pending)', () => {
    const due = anActivity({ ...callOverrides, occurredAt: t('2026-01-14T11:00:00-05:00'), status: 'pending', confirmAt: WED_NOON - 1000 });
    const waiting = anActivity({
      kind: 'email',
      occurredAt: t('2026-01-14T11:59:58-05:00'),
      status: 'pending',
      confirmAt: WED_NOON + 5000,
    });
    const scheduled = anActivity({
      kind: 'email',
      occurredAt: t('2026-01-14T15:00:00-05:00'),
      status: 'pending',
    });
    const activities = [
      ...calls(1, '2026-01-14T10:00:00-05:00'),
      ...calls(1, '2026-01-14T10:30:00-05:00', { status: 'retracted' }),
      due,
      waiting,
      scheduled,
      anActivity({ kind: 'email', occurredAt: t('2026-01-14T09:15:00-05:00') }),
    ];
    const report = computeProgress({
      quotas: [aQuota(), aQuota({ id: 'emails', name: 'Emails', kinds: ['email'], target: 200 })],
      settings: engine(),
      now: WED_NOON,
      activities,
    });
    const [callsProgress, emailsProgress] = report.quotas;
    expect(callsProgress!.done).toBe(2);
    expect(callsProgress!.doneToday).toBe(2);
    expect(callsProgress!.pending).toBe(0);
    expect(emailsProgress!.done).toBe(1);
    expect(emailsProgress!.pending).toBe(2);
    expect(report.today).toEqual({ call: 2, email: 1 });
    expect(report.pending).toEqual([
      {
        id: waiting.id,
        kind: 'email',
        channel: 'gmail',
        confirmAt: WED_NOON + 5000,
        occurredAt: waiting.occurredAt,
        to: waiting.recipients[0]!.address,
      },
      {
        id: scheduled.id,
        kind: 'email',
        channel: 'gmail',
        confirmAt: null,
        occurredAt: scheduled.occurredAt,
        to: scheduled.recipients[0]!.address,
      },
    ]);
  });

  it('a pending email only to colleagues is not reported as pending for a quota that excludes internal', () => {
    // Once confirmed it will count nothing for this quota, so "1 pending" would promise what never comes.
    const settings = engine({ internalDomains: ['seller.example'] });
    const toColleague = anActivity({
      occurredAt: WED_NOON - 1000,
      status: 'pending',
      confirmAt: WED_NOON + 4000,
      recipients: [{ address: 'boss@seller.example' }],
    });
    const quota = aQuota({ id: 'emails', name: 'Emails', kinds: ['email'], excludeInternal: true });
    expect(progressOf(quota, [toColleague], WED_NOON, settings).pending).toBe(0);
    expect(progressOf(quota, [toColleague], WED_NOON + 4000, settings).done).toBe(0);
  });

  it('the same pending activity counts once its confirmAt is reached, without any write', () => {
    const pending = anActivity({ ...callOverrides, occurredAt: WED_NOON, status: 'pending', confirmAt: WED_NOON + 5000 });
    expect(progressOf(aQuota(), [pending], WED_NOON + 4999).done).toBe(0);
    expect(progressOf(aQuota(), [pending], WED_NOON + 5000).done).toBe(1);
  });

  it('activities outside the period are ignored (Dec 31 23:59 and Feb 1 00:00 in New York)', () => {
    const activities = [
      ...calls(1, '2025-12-31T23:59:00-05:00'),
      ...calls(1, '2026-02-01T00:00:00-05:00'),
      ...calls(1, '2026-01-01T00:00:00-05:00'),
    ];
    expect(progressOf(aQuota(), activities).done).toBe(1);
  });

  it('today counts every kind, also kinds no quota counts', () => {
    const activities = [
      ...calls(2, '2026-01-14T09:00:00-05:00'),
      anActivity({ kind: 'social_touch', channel: 'linkedin', occurredAt: t('2026-01-14T00:00:00-05:00') }),
      anActivity({ kind: 'social_touch', channel: 'linkedin', occurredAt: t('2026-01-13T23:59:59-05:00') }),
    ];
    expect(computeProgress({ quotas: [], settings: engine(), now: WED_NOON, activities }).today).toEqual({ call: 2, social_touch: 1 });
  });
});

describe('measures in progress', () => {
  it('unique recipients: the same person on two days is reached once, on the first day', () => {
    const emails = (iso: string, ...addresses: string[]) =>
      anActivity({ occurredAt: t(iso), recipients: addresses.map((address) => ({ address })) });
    const quota = aQuota({ id: 'people', name: 'People', kinds: ['email'], measure: 'unique_recipients', target: 100 });
    const p = progressOf(quota, [
      emails('2026-01-13T10:00:00-05:00', 'ann@buyer.example', 'bob@buyer.example'),
      emails('2026-01-14T10:00:00-05:00', 'ann@buyer.example'),
      emails('2026-01-14T11:00:00-05:00', 'Carl@Buyer.example', 'bob@buyer.example'),
    ]);
    // Ann, Bob on Tuesday; Carl new today.
    expect(p.done).toBe(3);
    expect(p.doneToday).toBe(1);
  });

  it('sum: only deals in the quota currency (and those without one) add up', () => {
    const deals = [
      ...calls(1, '2026-01-05T10:00:00-05:00', { kind: 'deal', amount: 1000, currency: 'USD' }),
      ...calls(1, '2026-01-06T10:00:00-05:00', { kind: 'deal', amount: 500, currency: 'EUR' }),
      ...calls(1, '2026-01-14T10:00:00-05:00', { kind: 'deal', amount: 250.5 }),
    ];
    const quota = aQuota({ id: 'revenue', name: 'Revenue', kinds: ['deal'], measure: 'sum', currency: 'USD', target: 50_000 });
    const p = progressOf(quota, deals);
    expect(p.done).toBe(1250.5);
    expect(p.doneToday).toBe(250.5);
  });

  it('internal exclusion: colleague-only emails count nothing, a call without recipients still counts', () => {
    const settings = engine({ internalDomains: ['acme.example'], senderDomainIsInternal: true });
    const activities = [
      anActivity({ recipients: [{ address: 'boss@seller.example' }] }), // own domain: internal
      anActivity({ recipients: [{ address: 'ally@acme.example' }] }), // internal domain
      anActivity({ recipients: [{ address: 'ann@buyer.example' }, { address: 'boss@seller.example', role: 'cc' }] }),
      anActivity({ account: 'rep@gmail.com', recipients: [{ address: 'friend@gmail.com' }] }), // webmail: outreach
      ...calls(1, '2026-01-14T10:00:00-05:00'),
    ];
    const quota = aQuota({ id: 'touches', name: 'Touches', kinds: ['email', 'call'], excludeInternal: true });
    expect(progressOf(quota, activities, WED_NOON, settings).done).toBe(3);
    expect(progressOf({ ...quota, excludeInternal: false }, activities, WED_NOON, settings).done).toBe(5);
    // Without the sender-domain rule only acme.example is internal.
    expect(progressOf(quota, activities, WED_NOON, { ...settings, senderDomainIsInternal: false }).done).toBe(4);
  });
});

describe('streak', () => {
  // A weekly quota of 50, Mon–Fri: on pace means 10, 20, 30, 40, 50 by the end of Mon…Fri.
  const weekly = aQuota({ id: 'weekly', name: 'Weekly calls', period: 'week', target: 50 });
  const day = (date: string) => `${date}T10:00:00-05:00`;
  const steady = (dates: string[], count = 10) => dates.flatMap((date) => calls(count, day(date)));
  const lastWeek = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'];

  it('on pace every working day: the weekend does not break it; today is not counted before it is on pace', () => {
    // Mon 12, Tue 13 this week (2) + Mon–Fri last week (5); today 0 of 30 is not on pace yet.
    const p = progressOf(weekly, steady([...lastWeek, '2026-01-12', '2026-01-13']));
    expect(p.streak).toBe(7);
  });

  it('today counts once it is on pace, not one activity earlier', () => {
    const before = steady([...lastWeek, '2026-01-12', '2026-01-13']);
    expect(progressOf(weekly, [...before, ...calls(9, '2026-01-14T11:00:00-05:00')]).streak).toBe(7);
    expect(progressOf(weekly, [...before, ...calls(10, '2026-01-14T11:00:00-05:00')]).streak).toBe(8);
  });

  it('a working day that ended short is a miss even when the weekend made it up', () => {
    // Friday ends at 45 < 50 (miss); Saturday's 5 make 50, but Saturday is not a working day to judge.
    const activities = [
      ...steady(lastWeek.slice(0, 4)),
      ...calls(5, day('2026-01-09')),
      ...calls(5, day('2026-01-10')),
      ...steady(['2026-01-12', '2026-01-13']),
    ];
    expect(progressOf(weekly, activities).streak).toBe(2);
  });

  it('a miss last week stops the streak there', () => {
    // Thu Jan 8 ends at 35 < 40 (miss); Fri ends at 50 (on pace again).
    const activities = [
      ...steady(lastWeek.slice(0, 3)),
      ...calls(5, day('2026-01-08')),
      ...calls(15, day('2026-01-09')),
      ...steady(['2026-01-12', '2026-01-13']),
    ];
    // Tue, Mon this week, Fri last week.
    expect(progressOf(weekly, activities).streak).toBe(3);
  });

  it('a miss this week stops the streak before last week is looked at', () => {
    // Mon 12 ends at 5 < 10 (miss), Tue at 20 (on pace).
    const activities = [...steady(lastWeek), ...calls(5, day('2026-01-12')), ...calls(15, day('2026-01-13'))];
    expect(progressOf(weekly, activities).streak).toBe(1);
  });

  it('on a Saturday the streak is that of the week so far (the weekend day itself is not judged)', () => {
    const activities = steady([...lastWeek, '2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16']);
    expect(progressOf(weekly, activities, t('2026-01-17T12:00:00-05:00')).streak).toBe(10);
  });

  it('a holiday does not break the streak', () => {
    // Tue Jan 13 is a holiday: this week has 4 working days (10 a day for 40); last week 5 (8 a day).
    const settings = engine({ nonWorkingDates: ['2026-01-13'] });
    const quota = { ...weekly, target: 40 };
    const activities = [...steady(lastWeek, 8), ...calls(10, day('2026-01-12'))];
    // Mon this week + 5 last week; today (0 of 20 by tonight) not yet.
    expect(progressOf(quota, activities, WED_NOON, settings).streak).toBe(6);
  });

  it('nothing done: no streak', () => {
    expect(progressOf(weekly, []).streak).toBe(0);
  });

  it("the report's streak is the shortest of its quotas' streaks", () => {
    const activities = steady([...lastWeek, '2026-01-12', '2026-01-13']);
    const report = computeProgress({
      quotas: [weekly, aQuota({ id: 'emails', name: 'Emails', kinds: ['email'], period: 'week', target: 50 })],
      settings: engine(),
      now: WED_NOON,
      activities,
    });
    expect(report.quotas.map((q) => q.streak)).toEqual([7, 0]);
    expect(report.streak).toBe(0);
  });

  it('a daily quota: the streak runs back over every on-pace working day, not only today and yesterday', () => {
    // Target 10 a day, 10 calls every working day from Mon Jan 5; Wed Jan 14 after work:
    // Jan 14, 13, 12, 9, 8, 7, 6, 5 = 8 working days in a row (the weekend does not break it).
    const daily = aQuota({ id: 'daily', name: 'Daily calls', period: 'day', target: 10 });
    const activities = steady([...lastWeek, '2026-01-12', '2026-01-13', '2026-01-14']);
    expect(progressOf(daily, activities, t('2026-01-14T18:00:00-05:00')).streak).toBe(8);
  });

  it('a daily quota on Monday: the weekend does not break the streak', () => {
    // Mon Jan 12 on pace, and Mon–Fri last week: 6.
    const daily = aQuota({ id: 'daily', name: 'Daily calls', period: 'day', target: 10 });
    const activities = steady([...lastWeek, '2026-01-12']);
    expect(progressOf(daily, activities, t('2026-01-12T18:00:00-05:00')).streak).toBe(6);
  });
});

describe('LinkedIn invitation guard', () => {
  // Week of Mon Jan 12 – Sun Jan 18; default limit 100 a week.
  it.each([
    [79, 'ok', 21],
    [80, 'near', 20], // 80 % of 100
    [99, 'near', 1],
    [100, 'reached', 0],
    [105, 'reached', 0],
  ] as const)('%i invitations this week: %s with %i left', (sent, level, left) => {
    const report = computeProgress({
      quotas: [],
      settings: engine(),
      now: WED_NOON,
      activities: invites(sent, '2026-01-13T10:00:00-05:00'),
    });
    expect(report.inviteGuard).toEqual({ sentThisWeek: sent, limit: 100, remainingThisWeek: left, level });
  });

  it('counts pending invitations, not retracted ones nor last week’s', () => {
    const activities = [
      ...invites(3, '2026-01-12T00:00:00-05:00'),
      ...invites(2, '2026-01-13T10:00:00-05:00', { status: 'pending', confirmAt: WED_NOON + 60_000 }),
      ...invites(4, '2026-01-13T10:00:00-05:00', { status: 'retracted' }),
      ...invites(6, '2026-01-11T23:59:59-05:00'),
    ];
    const report = computeProgress({ quotas: [], settings: engine({ linkedinWeeklyInviteLimit: 10 }), now: WED_NOON, activities });
    expect(report.inviteGuard).toEqual({ sentThisWeek: 5, limit: 10, remainingThisWeek: 5, level: 'ok' });
  });

  it('an invite-only quota above what the weekly limit allows is capped', () => {
    // 100 a week over 5 working days = 20 a day; 22 working days → at most 440 this month.
    const quota = aQuota({ id: 'invites', name: 'Invites', kinds: ['linkedin_invite'], target: 500 });
    const p = progressOf(quota, []);
    expect(p.limitedByInviteCap).toBe(true);
    // 440 × 9.375 / 22 = 187.5; by tonight 440 × 10 / 22 = 200.
    expect(p.expectedByNow).toBe(187.5);
    expect(p.expectedByEndOfToday).toBe(200);
    // 500 / 13 = 38.5 a day, but never more than 20 a day.
    expect(p.neededPerRemainingWorkingDay).toBe(20);
    expect(p.remaining).toBe(500);
    expect(p.target).toBe(500);
  });

  it('the capped need is also bounded by the invitations left this week', () => {
    // 90 sent Mon–Tue this week: 10 left; the remaining month would need min(410 / 13, 20, 10) = 10.
    const quota = aQuota({ id: 'invites', name: 'Invites', kinds: ['linkedin_invite'], target: 500 });
    const p = progressOf(quota, invites(90, '2026-01-13T10:00:00-05:00'));
    expect(p.done).toBe(90);
    expect(p.neededPerRemainingWorkingDay).toBe(10);
    // 90 / 187.5 = 0.48; needing 10 a day is not above 1.5 × 20 planned: behind, not at risk.
    expect(p.pace).toBe('behind');
  });

  it('an invite-only quota within the limit, or one that counts other kinds too, is not capped', () => {
    const within = progressOf(aQuota({ id: 'invites', name: 'Invites', kinds: ['linkedin_invite'], target: 440 }), []);
    expect(within.limitedByInviteCap).toBe(false);
    expect(within.expectedByNow).toBe(187.5);
    const mixed = progressOf(aQuota({ id: 'social', name: 'Social', kinds: ['linkedin_invite', 'linkedin_message'], target: 500 }), []);
    expect(mixed.limitedByInviteCap).toBe(false);
    // 500 × 9.375 / 22 ≈ 213.07.
    expect(mixed.expectedByNow).toBeCloseTo(4687.5 / 22, 10);
    expect(mixed.neededPerRemainingWorkingDay).toBeCloseTo(500 / 13, 10);
  });
});

describe('requiredWindow', () => {
  const settings = engine();

  it('a month quota needs last month and this month', () => {
    expect(requiredWindow([aQuota()], settings, WED_NOON)).toEqual({
      start: t('2025-12-01T00:00:00-05:00'),
      end: t('2026-02-01T00:00:00-05:00'),
    });
  });

  it('a day quota reaches a month back, for its streak (and so covers the week for the invitation guard)', () => {
    // Wed Jan 14 − 31 days = Sat Dec 14 2025: the earliest whole day period the streak looks at.
    expect(requiredWindow([aQuota({ period: 'day' })], settings, WED_NOON)).toEqual({
      start: t('2025-12-14T00:00:00-05:00'),
      end: t('2026-01-19T00:00:00-05:00'),
    });
  });

  it('a week quota reaches back over the whole weeks that began within the last month', () => {
    // Weeks start Monday: Jan 5 (previous), Dec 29, Dec 22, Dec 15 all start on/after Dec 14.
    expect(requiredWindow([aQuota({ period: 'week' })], settings, WED_NOON)).toEqual({
      start: t('2025-12-15T00:00:00-05:00'),
      end: t('2026-01-19T00:00:00-05:00'),
    });
  });

  it('on the 1st of a month the week that began last month is covered', () => {
    // Sun Mar 1 2026: week Mon Feb 23 – Sun Mar 1; month quota: Feb 1 – Apr 1 (EDT by then).
    expect(requiredWindow([aQuota()], settings, t('2026-03-01T10:00:00-05:00'))).toEqual({
      start: t('2026-02-01T00:00:00-05:00'),
      end: t('2026-04-01T00:00:00-04:00'),
    });
    // A day quota reaches back 31 days, to Thu Jan 29.
    expect(requiredWindow([aQuota({ period: 'day' })], settings, t('2026-03-01T10:00:00-05:00'))).toEqual({
      start: t('2026-01-29T00:00:00-05:00'),
      end: t('2026-03-02T00:00:00-05:00'),
    });
  });

  it('the widest quota wins: a year quota with a week quota', () => {
    expect(requiredWindow([aQuota({ period: 'week' }), aQuota({ id: 'y', period: 'year' })], settings, WED_NOON)).toEqual({
      start: t('2025-01-01T00:00:00-05:00'),
      end: t('2027-01-01T00:00:00-05:00'),
    });
  });

  it('no quotas: just the current week', () => {
    expect(requiredWindow([], settings, WED_NOON)).toEqual({
      start: t('2026-01-12T00:00:00-05:00'),
      end: t('2026-01-19T00:00:00-05:00'),
    });
  });
});
