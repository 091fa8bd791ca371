import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity, ActivityKind } from '../../../lib/activity';
import { countingOf } from '../../../lib/quota/counting';
import { periodReport, reportInterval } from '../../../lib/quota/report';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { anActivity } from '../../builders/activity';

/**
 * Issue 27, point 4: a signal filter on one quota ("only people who engaged first") is that quota's
 * choice. It must not un-count an activity elsewhere: not in History's status, not in Reports' activity
 * by kind, not in any other quota's number.
 */

const settings = { ...defaultSettings('Europe/Moscow'), internalDomains: ['seller.example'] };
const NOW = Date.parse('2026-12-04T15:00:00+03:00');
const KINDS: ActivityKind[] = ['linkedin_message', 'messenger_message', 'call'];
const PEOPLE = ['vk:101', 'vk:102', 'urn:li:fsd_profile:ACoAAann', 'urn:li:fsd_profile:ACoAAbob'];

const quotaArb = (i: number) =>
  fc
    .record({
      kinds: fc.subarray(KINDS, { minLength: 1 }),
      measure: fc.constantFrom<Quota['measure']>('count', 'unique_recipients'),
      excludeInternal: fc.boolean(),
    })
    .map((q): Quota => ({ id: `q${i}`, name: `Quota ${i}`, target: 40, period: 'month', ...q }));

const activityArb = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    person: fc.constantFrom(...PEOPLE),
    engaged: fc.constantFrom<'no' | 'this person' | 'someone else'>('no', 'this person', 'someone else'),
    minutesAgo: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  })
  .map(({ kind, person, engaged, minutesAgo }): Activity => {
    const occurredAt = NOW - minutesAgo * 60_000;
    return anActivity({
      kind,
      channel: kind === 'call' ? 'manual' : kind === 'messenger_message' ? 'vk' : 'linkedin',
      account: 'me',
      occurredAt,
      createdAt: occurredAt,
      updatedAt: occurredAt,
      recipients: [{ profileId: person }],
      ...(engaged === 'no'
        ? {}
        : {
            signals: [
              { kind: 'commented' as const, engagedAt: occurredAt - 3_600_000, person: engaged === 'this person' ? person : 'vk:999' },
            ],
          }),
    });
  });

const world = fc.record({
  quotas: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => quotaArb(i)))),
  activities: fc.array(activityArb, { minLength: 1, maxLength: 12 }),
  filtered: fc.nat(),
});

/** Everything but the filtered quota's own number: each activity's status, activity by kind, the other quotas. */
function elsewhere(quotas: readonly Quota[], activities: readonly Activity[], filteredId: string) {
  const report = periodReport({ quotas, settings, now: NOW, interval: reportInterval('this_month', NOW, settings), activities });
  return {
    statuses: activities.map((a) => countingOf(a, quotas, settings, NOW).reason),
    byKind: report.byKind,
    others: report.quotas.filter((q) => q.quotaId !== filteredId).map((q) => [q.quotaId, q.done]),
  };
}

function check({ quotas, activities, filtered }: { quotas: Quota[]; activities: Activity[]; filtered: number }) {
  const target = quotas[filtered % quotas.length]!;
  const withFilter = quotas.map((q) => (q === target ? { ...q, signal: { kinds: ['commented' as const] } } : q));
  expect(elsewhere(withFilter, activities, target.id)).toEqual(elsewhere(quotas, activities, target.id));
}

describe('a signal filter of one quota (issue 27, point 4)', () => {
  it('never un-counts an activity elsewhere: its status, Reports by kind and the other quotas stay as they were', () => {
    fc.assert(fc.property(world, check), { numRuns: 200 });
  });

  it('the counterexample fast-check printed on the old code: a filter on the calls quota un-counted a call everywhere', () => {
    // {quotas: [calls q0, messenger messages q1], activities: [a call and a LinkedIn message, no signal], filtered: 0}:
    // the call became "not counted" in History and left Reports' activity by kind.
    const quota = (id: string, kinds: ActivityKind[]): Quota => ({
      id,
      name: id,
      target: 40,
      period: 'month',
      kinds,
      measure: 'count',
      excludeInternal: false,
    });
    const of = (kind: ActivityKind) =>
      anActivity({
        kind,
        channel: kind === 'call' ? 'manual' : 'linkedin',
        account: 'me',
        occurredAt: NOW,
        recipients: [{ profileId: 'vk:101' }],
      });
    check({
      quotas: [quota('q0', ['call']), quota('q1', ['messenger_message'])],
      activities: [of('call'), of('linkedin_message')],
      filtered: 0,
    });
  });
});
