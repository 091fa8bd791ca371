import { type Activity, domainOf, type Recipient, recipientKey } from '../activity';

/** What the engine reads of an activity (the service may hand it compact facts instead of records). */
export type EngineActivity = Pick<
  Activity,
  'id' | 'kind' | 'channel' | 'occurredAt' | 'status' | 'confirmAt' | 'account' | 'amount' | 'currency'
> &
  Partial<Pick<Activity, 'outcome' | 'bookedAt' | 'units' | 'signals'>> & { recipients: readonly EngineRecipient[] };
export type EngineRecipient = Pick<Recipient, 'address' | 'profileId' | 'name'> & Partial<Pick<Recipient, 'phone'>>;

import type { Quota, Settings } from '../settings';
import { WEBMAIL_DOMAINS } from '../webmail-domains';
import { matchingSignals, recipientsWhoEngaged } from './signals';

export { isWebmailDomain, WEBMAIL_DOMAINS } from '../webmail-domains';

export type InternalSettings = Pick<Settings, 'internalDomains' | 'senderDomainIsInternal'>;

export function isInternalRecipient(recipient: EngineRecipient, account: string, settings: InternalSettings): boolean {
  if (!recipient.address) return false;
  const domain = domainOf(recipient.address);
  if (settings.internalDomains.includes(domain)) return true;
  if (!settings.senderDomainIsInternal || !account.includes('@')) return false;
  const own = domainOf(account);
  return own === domain && !WEBMAIL_DOMAINS.has(own);
}

/** The recipients a quota counts for an activity: not colleagues (when it says so), and for a signal quota only who engaged first. */
export function countedRecipients<R extends EngineRecipient>(
  activity: Pick<EngineActivity, 'account' | 'signals'> & { recipients: readonly R[] },
  quota: Quota,
  settings: InternalSettings,
): readonly R[] {
  const outside = quota.excludeInternal
    ? activity.recipients.filter((r) => !isInternalRecipient(r, activity.account, settings))
    : activity.recipients;
  return quota.signal ? recipientsWhoEngaged(outside, matchingSignals(activity, quota.signal)) : outside;
}

/**
 * Why a quota of the activity's kind does not count it; null when it does (before unique-recipient
 * de-duplication). no_signal: the quota counts people who engaged first, and this one's person had not.
 */
export type QuotaExclusion = 'internal' | 'other_currency' | 'no_amount' | 'no_units' | 'not_connected' | 'no_signal';

export function quotaExclusion(activity: EngineActivity, quota: Quota, settings: InternalSettings): QuotaExclusion | null {
  // A connected-calls quota counts a call once it is known to have connected; an attempt does not.
  if (activity.kind === 'call' && quota.callsCount === 'connected' && activity.outcome !== 'connected') return 'not_connected';
  // An email only to colleagues is not outreach; a call logged without a person still is.
  if (
    quota.excludeInternal &&
    activity.recipients.length > 0 &&
    activity.recipients.every((r) => isInternalRecipient(r, activity.account, settings))
  )
    return 'internal';
  if (quota.signal && matchingSignals(activity, quota.signal).length === 0) return 'no_signal';
  if (quota.measure === 'sum') {
    if (activity.amount === undefined) return 'no_amount';
    if (quota.currency && activity.currency && activity.currency !== quota.currency) return 'other_currency';
  }
  if (quota.measure === 'units' && activity.units === undefined) return 'no_units';
  return null;
}

/**
 * Adds activities (in time order) to a running measure. Unique-recipient quotas need to remember
 * who was reached already, hence a stateful accumulator rather than a per-activity value.
 */
export function createAccumulator(quota: Quota, settings: InternalSettings) {
  const seen = new Set<string>();
  const kinds = new Set(quota.kinds);
  return {
    /** How much this activity adds to the measure. */
    add(activity: EngineActivity): number {
      if (!kinds.has(activity.kind)) return 0;
      if (quotaExclusion(activity, quota, settings) !== null) return 0;
      switch (quota.measure) {
        case 'count':
          return 1;
        case 'sum':
          return activity.amount ?? 0;
        case 'units':
          return activity.units ?? 0;
        case 'unique_recipients': {
          const recipients = countedRecipients(activity, quota, settings);
          let added = 0;
          for (const recipient of recipients) {
            const key = recipientKey(recipient);
            if (!seen.has(key)) {
              seen.add(key);
              added += 1;
            }
          }
          return added;
        }
      }
    },
    /** Who a unique-recipient quota has counted so far (their recipient keys). */
    reached(): ReadonlySet<string> {
      return seen;
    },
  };
}
