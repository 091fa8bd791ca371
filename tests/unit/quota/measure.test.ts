import { describe, expect, it } from 'vitest';
import type { Activity, Recipient } from '../../../lib/activity';
import { countedRecipients, createAccumulator, isInternalRecipient } from '../../../lib/quota/measure';
import type { Quota } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';

const internal = { internalDomains: ['acme.example'], senderDomainIsInternal: true };
const to = (address: string): Recipient => ({ address, role: 'to' });

function aQuota(overrides: Partial<Quota> = {}): Quota {
  return {
    id: 'q',
    name: 'Emails',
    kinds: ['email'],
    target: 100,
    period: 'month',
    measure: 'count',
    excludeInternal: true,
    ...overrides,
  };
}

function total(quota: Quota, activities: Activity[], settings = internal): number[] {
  const accumulator = createAccumulator(quota, settings);
  return activities.map((a) => accumulator.add(a));
}

describe('isInternalRecipient', () => {
  it('a recipient in a configured internal domain is internal', () => {
    expect(isInternalRecipient(to('ally@acme.example'), 'rep@seller.example', internal)).toBe(true);
  });

  it("a recipient in the sender's own (non-webmail) domain is internal", () => {
    expect(isInternalRecipient(to('boss@seller.example'), 'rep@seller.example', internal)).toBe(true);
  });

  it("the sender's own domain is not internal when senderDomainIsInternal is off", () => {
    const settings = { internalDomains: [], senderDomainIsInternal: false };
    expect(isInternalRecipient(to('boss@seller.example'), 'rep@seller.example', settings)).toBe(false);
  });

  it("a webmail sender's domain is not internal: gmail.com to gmail.com is outreach", () => {
    expect(isInternalRecipient(to('friend@gmail.com'), 'rep@gmail.com', internal)).toBe(false);
    expect(isInternalRecipient(to('friend@outlook.com'), 'rep@outlook.com', internal)).toBe(false);
  });

  it('an outside domain is not internal; the sender domain compare ignores case', () => {
    expect(isInternalRecipient(to('buyer@buyer.example'), 'rep@seller.example', internal)).toBe(false);
    expect(isInternalRecipient(to('boss@seller.example'), 'Rep@Seller.Example', internal)).toBe(true);
  });

  it('a subdomain of an internal domain is not the internal domain itself', () => {
    expect(isInternalRecipient(to('x@eu.acme.example'), 'rep@seller.example', internal)).toBe(false);
  });

  it('a profile-only recipient (LinkedIn) or an account that is not an address ("me") is never internal by sender domain', () => {
    expect(isInternalRecipient({ profileId: 'ACoAAB1' }, 'rep@seller.example', internal)).toBe(false);
    expect(isInternalRecipient(to('boss@seller.example'), 'me', internal)).toBe(false);
    expect(isInternalRecipient(to('ally@acme.example'), 'me', internal)).toBe(true);
  });
});

describe('countedRecipients', () => {
  const email = anActivity({ recipients: [to('buyer@buyer.example'), to('boss@seller.example'), to('ally@acme.example')] });

  it('drops internal recipients when the quota excludes them', () => {
    expect(countedRecipients(email, aQuota(), internal).map((r) => r.address)).toEqual(['buyer@buyer.example']);
  });

  it('keeps everyone when the quota does not exclude internal', () => {
    expect(countedRecipients(email, aQuota({ excludeInternal: false }), internal)).toHaveLength(3);
  });
});

describe('createAccumulator', () => {
  it('count: 1 per activity of a counted kind, 0 for other kinds', () => {
    const activities = [anActivity(), anActivity({ kind: 'linkedin_message', channel: 'linkedin' }), anActivity()];
    expect(total(aQuota(), activities)).toEqual([1, 0, 1]);
  });

  it('count with internal exclusion: an email only to colleagues counts nothing, one with a prospect counts once', () => {
    const activities = [
      anActivity({ recipients: [to('boss@seller.example')] }),
      anActivity({ recipients: [to('ally@acme.example'), to('boss@seller.example')] }),
      anActivity({ recipients: [to('buyer@buyer.example'), to('boss@seller.example')] }),
      anActivity({ account: 'rep@gmail.com', recipients: [to('friend@gmail.com')] }),
    ];
    expect(total(aQuota(), activities)).toEqual([0, 0, 1, 1]);
    expect(total(aQuota({ excludeInternal: false }), activities)).toEqual([1, 1, 1, 1]);
  });

  it('a call logged without a person still counts under internal exclusion', () => {
    expect(total(aQuota({ kinds: ['call'] }), [aManualCall()])).toEqual([1]);
  });

  it('unique recipients: the same person twice counts once (addresses compare case-insensitively)', () => {
    const activities = [
      anActivity({ recipients: [to('ann@buyer.example')] }),
      anActivity({ recipients: [to('ANN@Buyer.example'), to('bob@buyer.example')] }),
      anActivity({ recipients: [to('bob@buyer.example')] }),
    ];
    // Ann (1), then Bob new and Ann again (1), then Bob again (0).
    expect(total(aQuota({ measure: 'unique_recipients' }), activities)).toEqual([1, 1, 0]);
  });

  it('unique recipients: profile-id recipients count by profile id; an address wins when both are known', () => {
    const activities = [
      anActivity({ kind: 'linkedin_message', channel: 'linkedin', recipients: [{ profileId: 'ACoAAB1' }] }),
      anActivity({ kind: 'linkedin_message', channel: 'linkedin', recipients: [{ profileId: 'ACoAAB1' }, { profileId: 'ACoAAB2' }] }),
      anActivity({ kind: 'linkedin_message', channel: 'linkedin', recipients: [{ profileId: 'ACoAAB3', address: 'carl@buyer.example' }] }),
      anActivity({ recipients: [to('carl@buyer.example')] }),
    ];
    const quota = aQuota({ measure: 'unique_recipients', kinds: ['email', 'linkedin_message'] });
    expect(total(quota, activities)).toEqual([1, 1, 1, 0]);
  });

  it('unique recipients with internal exclusion: colleagues are not people reached', () => {
    const activities = [anActivity({ recipients: [to('boss@seller.example'), to('ann@buyer.example'), to('ally@acme.example')] })];
    expect(total(aQuota({ measure: 'unique_recipients' }), activities)).toEqual([1]);
    expect(total(aQuota({ measure: 'unique_recipients', excludeInternal: false }), activities)).toEqual([3]);
  });

  it('sum: adds amounts; another currency adds nothing; an amount without currency is taken as the quota currency', () => {
    const deal = (amount: number | undefined, currency?: string) => aManualCall({ kind: 'deal', amount, currency });
    const deals = [deal(1000, 'USD'), deal(500, 'EUR'), deal(250), deal(undefined)];
    expect(total(aQuota({ kinds: ['deal'], measure: 'sum', currency: 'USD' }), deals)).toEqual([1000, 0, 250, 0]);
    // Without a quota currency every amount counts.
    expect(total(aQuota({ kinds: ['deal'], measure: 'sum' }), deals)).toEqual([1000, 500, 250, 0]);
  });
});
