import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import {
  computeTeamBoard,
  credentialsFromForm,
  crmCredentialFields,
  engineActivityOf,
  maskedCredentials,
  uniqueRecords,
} from '../../../lib/crm/team-board';
import type { CrmTeamActivity, CrmUser } from '../../../lib/crm/types';
import { computeProgress, neededPerWorkingDay, paceOf } from '../../../lib/quota/progress';
import { periodReport, reportInterval } from '../../../lib/quota/report';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { anActivity } from '../../builders/activity';

const at = (iso: string) => Date.parse(iso);
/** Wed 2026-01-14 12:00 in New York: 9.375 of January's 22 working days have passed. */
const NOW = at('2026-01-14T12:00:00-05:00');
const settings = { ...defaultSettings('America/New_York'), internalDomains: ['seller.example'] };

const connectedCalls: Quota = {
  id: 'calls',
  name: 'Connected calls',
  kinds: ['call'],
  target: 40,
  period: 'month',
  measure: 'count',
  excludeInternal: false,
  callsCount: 'connected',
};
const emails: Quota = {
  id: 'emails',
  name: 'Emails',
  kinds: ['email'],
  target: 100,
  period: 'month',
  measure: 'count',
  excludeInternal: true,
};
const people: Quota = {
  id: 'people',
  name: 'People reached',
  kinds: ['email', 'call'],
  target: 60,
  period: 'month',
  measure: 'unique_recipients',
  excludeInternal: true,
};
const revenue: Quota = {
  id: 'revenue',
  name: 'Won',
  kinds: ['deal'],
  target: 10_000,
  period: 'month',
  measure: 'sum',
  excludeInternal: false,
  currency: 'USD',
};
const QUOTAS = [connectedCalls, emails, people, revenue];

const ann: CrmUser = { id: 'u1', name: 'Ann Lee', email: 'ann@seller.example' };
const bob: CrmUser = { id: 'u2', name: 'Bob Roy', email: 'bob@seller.example' };
const carl: CrmUser = { id: 'u3', name: 'Carl Max' };

let next = 0;
function record(ownerId: string, kind: CrmTeamActivity['kind'], iso: string, extra: Partial<CrmTeamActivity> = {}): CrmTeamActivity {
  next += 1;
  return { id: `r${next}`, ownerId, kind, occurredAt: at(iso), ...extra };
}

/** Ann: two connected calls and one unanswered, four emails (one to a colleague, one prospect twice), two deals. */
const annRecords = [
  record('u1', 'call', '2026-01-12T10:00:00-05:00', { outcome: 'connected', people: [{ phone: '+14155550101' }] }),
  record('u1', 'call', '2026-01-13T10:00:00-05:00', { outcome: 'connected', people: [{ phone: '+14155550102' }] }),
  record('u1', 'call', '2026-01-13T11:00:00-05:00', { outcome: 'no_answer', people: [{ phone: '+14155550103' }] }),
  record('u1', 'email', '2026-01-05T09:30:00-05:00', { people: [{ email: 'Kim@Buyer.example' }] }),
  record('u1', 'email', '2026-01-13T09:30:00-05:00', { people: [{ email: 'kim@buyer.example' }] }),
  record('u1', 'email', '2026-01-13T09:40:00-05:00', { people: [{ email: 'boss@seller.example' }] }),
  record('u1', 'email', '2026-01-14T09:00:00-05:00', { people: [{ email: 'joe@buyer.example' }] }),
  record('u1', 'deal', '2026-01-09T15:00:00-05:00', { amount: 2500, currency: 'USD' }),
  record('u1', 'deal', '2026-01-09T16:00:00-05:00', { amount: 900, currency: 'EUR' }),
  // Last month, and a meeting booked for later today: neither is this month's work done.
  record('u1', 'call', '2025-12-30T10:00:00-05:00', { outcome: 'connected' }),
  record('u1', 'call', '2026-01-14T15:00:00-05:00', { outcome: 'connected' }),
];
/** Bob: one connected call to Joe, two emails to the same prospect. */
const bobRecords = [
  record('u2', 'call', '2026-01-14T09:15:00-05:00', {
    outcome: 'connected',
    people: [{ phone: '+14155550199', email: 'joe@buyer.example' }],
  }),
  record('u2', 'email', '2026-01-06T10:00:00-05:00', { people: [{ email: 'joe@buyer.example' }] }),
  record('u2', 'email', '2026-01-07T10:00:00-05:00', { people: [{ email: 'joe@buyer.example' }] }),
];

function board(overrides: Partial<Parameters<typeof computeTeamBoard>[0]> = {}) {
  return computeTeamBoard({
    users: [bob, carl, ann],
    pages: [annRecords, bobRecords],
    quotas: QUOTAS,
    settings,
    now: NOW,
    period: 'this_month',
    ...overrides,
  });
}

/** The same activities as a rep's own browser records them: the oracle is the engine over those. */
function asCaptured(records: readonly CrmTeamActivity[], account: string): Activity[] {
  return records.map((r) =>
    anActivity({
      kind: r.kind,
      channel: r.kind === 'call' ? 'phone' : r.kind === 'deal' ? 'manual' : 'gmail',
      occurredAt: r.occurredAt,
      account,
      recipients: (r.people ?? []).map((p) => ({
        ...(p.email ? { address: p.email.toLowerCase() } : {}),
        ...(p.phone ? { phone: p.phone } : {}),
      })),
      ...(r.outcome ? { outcome: r.outcome } : {}),
      ...(r.amount !== undefined ? { amount: r.amount, currency: r.currency } : {}),
    }),
  );
}

const cell = (b: ReturnType<typeof board>, userId: string, quotaId: string) =>
  b.reps.find((r) => r.user.id === userId)!.cells.find((c) => c.quotaId === quotaId)!;

describe('team board', () => {
  it('counts each rep by the engine: connected calls only, internal email left out, unique people, revenue in its currency', () => {
    const b = board();
    expect(b.reps.map((r) => r.user.name)).toEqual(['Ann Lee', 'Bob Roy', 'Carl Max']);
    expect(b.reps[0]!.cells.map((c) => [c.quotaId, c.done, c.target])).toEqual([
      ['calls', 2, 40],
      ['emails', 3, 100],
      // kim (twice, any case), joe, and three numbers called; the colleague is internal.
      ['people', 5, 60],
      ['revenue', 2500, 10_000],
    ]);
    expect(b.reps[1]!.cells.map((c) => c.done)).toEqual([1, 2, 1, 0]);
    expect(b.reps[2]!.cells.map((c) => c.done)).toEqual([0, 0, 0, 0]);
  });

  it('agrees with the rep’s own progress over the same activities', () => {
    const b = board();
    for (const [user, records] of [
      [ann, annRecords],
      [bob, bobRecords],
    ] as const) {
      const own = computeProgress({
        quotas: QUOTAS,
        settings,
        now: NOW,
        activities: asCaptured(
          records.filter((r) => r.occurredAt <= NOW),
          user.email!,
        ),
      });
      for (const progress of own.quotas) {
        const c = cell(b, user.id, progress.quotaId);
        expect({ done: c.done, target: c.target, pace: c.pace, expected: c.expectedByNow, projection: c.projection }).toEqual({
          done: progress.done,
          target: progress.target,
          pace: progress.pace,
          expected: progress.expectedByNow,
          projection: progress.projection,
        });
      }
    }
    // Ann's 2 connected calls at 9.375 of 22 days: 40 × 9.375/22 = 17 expected, projection 2 + 2/9.375 × 12.625.
    const calls = cell(b, 'u1', 'calls');
    expect(calls.expectedByNow).toBeCloseTo(17.045, 3);
    expect(calls.projection).toBeCloseTo(2 + (2 / 9.375) * 12.625, 9);
    expect(calls.pace).toBe('at_risk');
  });

  it('pro-rates a monthly target over a week and paces it as the report does', () => {
    const b = board({ period: 'this_week' });
    const interval = reportInterval('this_week', NOW, settings);
    expect(b.interval).toEqual(interval);
    // 40 a month × 5 of January's 22 working days = 9; Wednesday noon is 2.375 of the week's 5 days.
    expect(b.quotas.find((q) => q.quotaId === 'calls')).toMatchObject({
      target: 9,
      mapping: { perPeriod: 40, period: 'month', wholePeriods: false },
    });
    // The report counts a call later today too; the board counts what has happened.
    const done = asCaptured(
      annRecords.filter((r) => r.occurredAt <= NOW),
      ann.email!,
    );
    const report = periodReport({ quotas: QUOTAS, settings, now: NOW, interval, activities: done });
    for (const q of report.quotas) {
      const c = cell(b, 'u1', q.quotaId);
      expect([q.quotaId, c.done, c.target, c.expectedByNow, c.pace]).toEqual([q.quotaId, q.done, q.target, q.expectedByNow, q.pace]);
    }
    expect(cell(b, 'u1', 'calls')).toMatchObject({ done: 2, target: 9 });
    expect(cell(b, 'u1', 'calls').expectedByNow).toBeCloseTo((9 * 2.375) / 5, 9);
  });

  it('adds the team: sum of done against sum of targets, paced by the engine over the same working days', () => {
    const b = board({ repIds: ['u1', 'u2'] });
    const calls = b.total.find((c) => c.quotaId === 'calls')!;
    expect([calls.done, calls.target]).toEqual([3, 80]);
    expect(calls.expectedByNow).toBeCloseTo((80 * 9.375) / 22, 9);
    expect(b.workingDays).toEqual({ total: 22, elapsed: 9.375, remaining: 12.625 });
    const needed = neededPerWorkingDay(77, 12.625);
    expect(calls.pace).toBe(paceOf(3, 80, (80 * 9.375) / 22, needed, 80 / 22, 12.625));
    // The projection is linear in what was done: the team's is the sum of the reps'.
    expect(calls.projection).toBeCloseTo(cell(b, 'u1', 'calls').projection! + cell(b, 'u2', 'calls').projection!, 9);
    expect(b.total.find((c) => c.quotaId === 'revenue')).toMatchObject({ done: 2500, target: 20_000, met: false });
    expect(b.total.find((c) => c.quotaId === 'emails')).toMatchObject({ done: 5, target: 200 });
  });

  it('shows the chosen reps only; the others’ records are counted as not on the board', () => {
    const b = board({ repIds: ['u2'] });
    expect(b.chosen).toBe(true);
    expect(b.reps.map((r) => r.user.id)).toEqual(['u2']);
    expect(b.users.map((u) => u.id)).toEqual(['u1', 'u2', 'u3']);
    // Ann's 9 records of this month up to now.
    expect(b.records.notOnBoard).toBe(9);
    expect(b.total.map((c) => c.done)).toEqual(b.reps[0]!.cells.map((c) => c.done));
  });

  it('reads a record repeated across pages once', () => {
    const repeated = { ...annRecords[0]! };
    const b = board({ pages: [annRecords.slice(0, 2), [repeated, ...annRecords.slice(2)], bobRecords, [repeated]] });
    expect(b.records.repeated).toBe(2);
    expect(cell(b, 'u1', 'calls').done).toBe(2);
    expect(b.records.distinct).toBe(annRecords.length + bobRecords.length);
    expect(uniqueRecords([[repeated], [repeated]]).records).toHaveLength(1);
  });

  it('closes a past period: counted at its last moment, projection equal to done, a miss at risk', () => {
    const b = board({ period: 'last_month' });
    expect(b.at).toBe(at('2026-01-01T00:00:00-05:00') - 1);
    const calls = cell(b, 'u1', 'calls');
    expect(calls).toMatchObject({ done: 1, target: 40, pace: 'at_risk', met: false });
    expect(calls.projection).toBe(1);
    expect(b.workingDays.remaining).toBe(0);
  });

  it('is empty but whole with no reps', () => {
    const b = board({ users: [], pages: [] });
    expect(b.reps).toEqual([]);
    expect(b.total.map((c) => [c.done, c.target, c.met, c.projection])).toEqual(QUOTAS.map(() => [0, 0, false, null]));
  });
});

describe('a CRM record in the engine’s shape', () => {
  it('keeps the people the engine counts by, and drops what is not an address or number', () => {
    const a = engineActivityOf(
      record('u1', 'email', '2026-01-13T09:30:00-05:00', {
        people: [
          { email: ' Kim@Buyer.Example ' },
          { email: 'not an address' },
          { phone: '4155550101' },
          { linkedin: 'urn:li:fsd_profile:1' },
          { vkId: '42' },
        ],
      }),
      ann,
    );
    expect(a.recipients).toEqual([{ address: 'kim@buyer.example' }, { profileId: 'urn:li:fsd_profile:1' }, { profileId: 'vk:42' }]);
    expect(a.account).toBe('ann@seller.example');
    expect(engineActivityOf(record('u3', 'call', '2026-01-13T09:30:00-05:00'), carl).account).toBe('crm-user:u3');
  });
});

describe('the manager’s connect form', () => {
  it('is the CRM section’s form (same fields, secrets marked), read into credentials', () => {
    expect(crmCredentialFields('amocrm').map((f) => [f.name, f.secret])).toEqual([
      ['domain', false],
      ['token', true],
    ]);
    expect(crmCredentialFields('pipedrive').find((f) => f.name === 'companyDomain')).toMatchObject({ secret: false, optional: true });
    const parsed = credentialsFromForm('pipedrive', { token: '0123456789abcdef', companyDomain: '', stray: 'x' });
    expect(parsed.success && parsed.data).toEqual({ crm: 'pipedrive', token: '0123456789abcdef' });
    expect(credentialsFromForm('amocrm', { token: '0123456789abcdef', domain: 'acme.example.com' }).success).toBe(false);
  });

  it('shows a secret masked, a webhook URL down to its portal', () => {
    expect(maskedCredentials({ crm: 'pipedrive', token: 'pd-0123456789abcdef' })).toEqual([
      { name: 'token', value: 'pd-0…', secret: true },
    ]);
    expect(maskedCredentials({ crm: 'bitrix24', webhookUrl: 'https://acme.bitrix24.ru/rest/1/abcdef123456/' })).toEqual([
      { name: 'webhookUrl', value: 'https://acme.bitrix24.ru/…', secret: true },
    ]);
    expect(maskedCredentials({ crm: 'amocrm', token: 'eyJ0eXAiOiJKV1QiLCJhbGciOi', domain: 'acme.amocrm.ru' })).toEqual([
      { name: 'domain', value: 'acme.amocrm.ru', secret: false },
      { name: 'token', value: 'eyJ0…', secret: true },
    ]);
  });
});
