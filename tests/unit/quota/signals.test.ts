import { describe, expect, it } from 'vitest';
import { Activity, isPlainActivity } from '../../../lib/activity';
import { countingOf } from '../../../lib/quota/counting';
import { createAccumulator, quotaExclusion } from '../../../lib/quota/measure';
import { matchingSignals, recipientsWhoEngaged } from '../../../lib/quota/signals';
import { defaultQuotas, type Quota, Quotas } from '../../../lib/settings';
import { factOf } from '../../../lib/store/packs';
import { anActivity } from '../../builders/activity';

/** Signals to act on (issue 15, point 4): the engine's part, one counting rule for every surface. */

const settings = { internalDomains: ['seller.example'], senderDomainIsInternal: true };
const NOW = Date.parse('2026-01-14T12:00:00-05:00');
const ANN = 'urn:li:fsd_profile:ACoAAann';
const BOB = 'urn:li:fsd_profile:ACoAAbob';

const message = (overrides: Partial<Activity> = {}) =>
  anActivity({
    kind: 'linkedin_message',
    channel: 'linkedin',
    account: 'urn:li:fsd_profile:ME',
    recipients: [{ profileId: ANN }],
    ...overrides,
  });
const commented = (person = ANN, topics?: string[]) => ({
  kind: 'commented' as const,
  engagedAt: NOW - 86_400_000,
  person,
  ...(topics ? { topics } : {}),
});

const engagedQuota = (signal: Quota['signal'], measure: Quota['measure'] = 'unique_recipients'): Quota => ({
  id: 'engaged',
  name: 'Commenters reached',
  kinds: ['linkedin_message'],
  target: 50,
  period: 'month',
  measure,
  excludeInternal: false,
  signal,
});

describe('matchingSignals', () => {
  it('matches a kind, and a topic case-insensitively when the quota names one', () => {
    const activity = { signals: [commented(ANN, ['Retirement planning'])] };
    expect(matchingSignals(activity, { kinds: ['commented'] })).toHaveLength(1);
    expect(matchingSignals(activity, { kinds: ['commented'], topic: 'retirement planning' })).toHaveLength(1);
    expect(matchingSignals(activity, { kinds: ['commented'], topic: 'Taxes' })).toEqual([]);
    expect(matchingSignals(activity, { kinds: ['reacted'] })).toEqual([]);
    expect(matchingSignals({}, { kinds: ['commented'] })).toEqual([]);
    // A signal without topics satisfies only a quota without a topic.
    expect(matchingSignals({ signals: [commented()] }, { kinds: ['commented'], topic: 'Taxes' })).toEqual([]);
  });
});

describe('a signal quota', () => {
  it('counts people who engaged first, not the others of a group message', () => {
    const group = message({ recipients: [{ profileId: ANN }, { profileId: BOB }], signals: [commented(ANN)] });
    const accumulator = createAccumulator(engagedQuota({ kinds: ['commented'] }), settings);
    expect(accumulator.add(group)).toBe(1);
    expect(accumulator.add(message({ signals: [commented(ANN)] }))).toBe(0);
    expect(recipientsWhoEngaged(group.recipients, group.signals!)).toEqual([{ profileId: ANN }]);
  });

  it('a manual tag (no person) counts the entry’s person', () => {
    const tagged = message({ channel: 'manual', signals: [{ kind: 'reacted', engagedAt: NOW }] });
    expect(createAccumulator(engagedQuota({ kinds: ['reacted'] }), settings).add(tagged)).toBe(1);
  });

  it('count measure: only activities with a matching signal', () => {
    const accumulator = createAccumulator(engagedQuota({ kinds: ['commented'] }, 'count'), settings);
    expect(accumulator.add(message({ signals: [commented()] }))).toBe(1);
    expect(accumulator.add(message())).toBe(0);
    expect(quotaExclusion(message(), engagedQuota({ kinds: ['commented'] }, 'count'), settings)).toBe('no_signal');
  });

  it('the packs’ facts keep the signals (cold progress counts the same)', () => {
    const tagged = message({ signals: [commented(ANN, ['Taxes'])] });
    expect(createAccumulator(engagedQuota({ kinds: ['commented'], topic: 'Taxes' }), settings).add(factOf(tagged))).toBe(1);
  });
});

describe('why it did not count (History)', () => {
  it('a signal filter leaves a message out of its own quota only: it still counts as activity (issue 27, point 4)', () => {
    // Before: "no_signal" (not counted anywhere) when the only quota of its kind had a filter.
    expect(countingOf(message(), [engagedQuota({ kinds: ['commented'] })], settings, NOW)).toEqual({
      quotaIds: [],
      reason: null,
      leftOutBySignal: ['engaged'],
    });
    expect(countingOf(message({ signals: [commented()] }), [engagedQuota({ kinds: ['commented'] })], settings, NOW)).toEqual({
      quotaIds: ['engaged'],
      reason: null,
      leftOutBySignal: [],
    });
  });

  it('counts as before where another quota of its kind has no signal filter (the default social quota)', () => {
    expect(countingOf(message(), [...defaultQuotas(), engagedQuota({ kinds: ['commented'] })], settings, NOW)).toEqual({
      quotaIds: ['social'],
      reason: null,
      leftOutBySignal: ['engaged'],
    });
  });
});

describe('the model', () => {
  it('a signal filter needs at least one way of engaging', () => {
    expect(Quotas.safeParse([engagedQuota({ kinds: [] })]).success).toBe(false);
    expect(Quotas.safeParse([engagedQuota({ kinds: ['commented', 'reacted'], topic: 'Taxes' })]).success).toBe(true);
  });

  it('the fast read path accepts exactly what the schema accepts', () => {
    const tagged = message({ signals: [commented(ANN, ['Taxes'])] });
    expect(isPlainActivity(tagged)).toBe(true);
    expect(Activity.safeParse(tagged).success).toBe(true);
    for (const bad of [
      { kind: 'liked', engagedAt: 1 },
      { kind: 'commented', engagedAt: -1 },
      { kind: 'commented', engagedAt: 1, topics: [''] },
    ]) {
      const candidate = { ...tagged, signals: [bad] };
      expect(isPlainActivity(candidate), JSON.stringify(bad)).toBe(false);
      expect(Activity.safeParse(candidate).success).toBe(false);
    }
    // Text never rides along: the schema drops it, so the fast path must leave it to the full parse.
    const withText = { ...tagged, signals: [{ kind: 'commented', engagedAt: 1, text: 'the comment' }] };
    expect(isPlainActivity(withText)).toBe(false);
    expect(Activity.parse(withText).signals).toEqual([{ kind: 'commented', engagedAt: 1 }]);
  });
});
