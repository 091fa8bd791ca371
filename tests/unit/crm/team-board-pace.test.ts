import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTeamBoard, engineActivityOf } from '../../../lib/crm/team-board';
import type { CrmTeamActivity, CrmUser } from '../../../lib/crm/types';
import { periodContaining } from '../../../lib/quota/calendar';
import { computeProgress } from '../../../lib/quota/progress';
import { defaultSettings, type Quota } from '../../../lib/settings';

/**
 * Issue 27, point 5: the popup said "Звонки 7 / 123 ● С опережением", the board "7 / 150 ● Отставание,
 * прогноз 39" for the same rep: the board did not pro-rate from the rep's start of tracking. One rule
 * for both: given the rep's tracking start, the board's cell is the rep's popup card, number for number.
 */

const settings = defaultSettings('Europe/Moscow');
const DAY = 86_400_000;
const rep: CrmUser = { id: 'u1', name: 'Анна', email: 'anna@seller.example' };
const calls: Quota = {
  id: 'calls',
  name: 'Звонки',
  kinds: ['call'],
  target: 150,
  period: 'month',
  measure: 'count',
  excludeInternal: false,
};

const scenario: fc.Arbitrary<Scenario> = fc.record({
  /** Days into 2026 of the board's moment, a working hour or not. */
  nowDay: fc.integer({ min: 0, max: 364 }),
  nowMinute: fc.integer({ min: 0, max: 1439 }),
  /** How far into the month tracking started (0–1 of the month so far). */
  startShare: fc.double({ min: 0, max: 1, noNaN: true }),
  callShares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
});

interface Scenario {
  nowDay: number;
  nowMinute: number;
  startShare: number;
  callShares: number[];
}

function check({ nowDay, nowMinute, startShare, callShares }: Scenario) {
  const now = Date.UTC(2026, 0, 1) + nowDay * DAY + nowMinute * 60_000;
  const month = periodContaining(now, 'month', settings);
  const trackingStart = Math.floor(month.start + startShare * (now - month.start));
  const records: CrmTeamActivity[] = callShares.map((share, i) => ({
    id: `r${i}`,
    ownerId: rep.id,
    kind: 'call',
    occurredAt: Math.floor(trackingStart + share * (now - trackingStart)),
  }));
  const board = computeTeamBoard({
    users: [rep],
    pages: [records],
    quotas: [calls],
    settings,
    now,
    period: 'this_month',
    trackingStarts: { [rep.id]: trackingStart },
  });
  const popup = computeProgress({
    quotas: [calls],
    settings,
    now,
    activities: records.map((r) => engineActivityOf(r, rep)),
    trackingStart,
  }).quotas[0]!;
  const cell = board.reps[0]!.cells[0]!;
  expect({ done: cell.done, target: cell.target, pace: cell.pace, met: cell.met, projection: cell.projection }).toEqual({
    done: popup.done,
    target: popup.target,
    pace: popup.pace,
    met: popup.met,
    projection: popup.projection,
  });
  expect(board.reps[0]!.trackingStart).toBe(trackingStart);
}

describe('the board and the popup: one pace rule (issue 27, point 5)', () => {
  it('given the rep’s tracking start, the board’s cell is the popup’s numbers (target, pace, projection)', () => {
    fc.assert(fc.property(scenario, check), { numRuns: 150 });
  });

  it('the issue’s case: tracking began mid-month, 7 calls; the board asks what the popup asks', () => {
    // Mon 2026-12-07 15:00 in Moscow, counting since Thu 2026-12-03 09:00.
    check({ nowDay: 340, nowMinute: 12 * 60, startShare: 0.4, callShares: [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] });
  });

  it('without a known start the board asks for the whole period and says the start is not known', () => {
    const now = Date.parse('2026-12-07T15:00:00+03:00');
    const board = computeTeamBoard({ users: [rep], pages: [[]], quotas: [calls], settings, now, period: 'this_month' });
    expect(board.reps[0]!.trackingStart).toBeNull();
    expect(board.reps[0]!.cells[0]!.target).toBe(150);
    // A user id that names an Object prototype key is not a tracking start.
    const odd: CrmUser = { id: 'constructor', name: 'Odd' };
    const other = computeTeamBoard({ users: [odd], pages: [[]], quotas: [calls], settings, now, period: 'this_month', trackingStarts: {} });
    expect(other.reps[0]!.trackingStart).toBeNull();
  });
});
