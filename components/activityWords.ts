import type { Activity, Recipient } from '@/lib/activity';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { NotCountedReason } from '@/lib/quota/counting';
import { formatAmount } from './amount';
import { kindLabel } from './kindLabels';

/**
 * Activities in words, the same on every surface: who it went to (a person, never a raw
 * `urn:li:fsd_profile:` id), what variant it was (words, not internal codes), and its state.
 */

const LINKEDIN_URN = /^urn:li:(?:fsd_profile|fs_miniProfile|member):(.+)$/;

/** A person as shown: their name, their address, or a LinkedIn profile link. */
export function personOf(recipient: Pick<Recipient, 'name' | 'address' | 'profileId'>): { text: string; href?: string } {
  if (recipient.name) return { text: recipient.name, ...profileLink(recipient.profileId) };
  if (recipient.address) return { text: recipient.address };
  const link = profileLink(recipient.profileId);
  if (link.href) return { text: t('linkedinProfile'), href: link.href };
  return { text: recipient.profileId ?? '' };
}

function profileLink(profileId: string | undefined): { href?: string } {
  const id = profileId && LINKEDIN_URN.exec(profileId)?.[1];
  // linkedin.com/in/<profile id> opens that member's profile.
  return id ? { href: `https://www.linkedin.com/in/${encodeURIComponent(id)}` } : {};
}

/** Who an activity went to, for a list row: "Ann Smith, bob@acme.com", "LinkedIn profile". */
export function recipientsText(activity: Pick<Activity, 'recipients'>): string {
  return activity.recipients
    .map((r) => personOf(r).text)
    .filter(Boolean)
    .join(', ');
}

/** A variant code (reply, with_note, new, …) in words; an unknown code as it is. */
export function subtypeText(subtype: string): string {
  const key = `subtype_${subtype.toLowerCase()}`;
  const word = t(key);
  return word === key ? subtype : word;
}

/** "Deal — $12,500", "Deal — $12,500, 3 units", "Email to Ann Smith", "Call": what an activity was, for a status line. */
export function describeActivity(
  activity: Pick<Activity, 'kind' | 'recipients' | 'amount' | 'currency'> & Partial<Pick<Activity, 'units'>>,
  customKinds: readonly CustomKind[] = [],
): string {
  const kind = kindLabel(activity.kind, customKinds);
  const units = activity.units === undefined ? undefined : tCount('unitsCount', activity.units, formatNumber(activity.units));
  if (activity.amount !== undefined) {
    const amount = formatAmount(activity.amount, activity.currency, uiLocale());
    return t('kindAmount', [kind, units ? `${amount}, ${units}` : amount]);
  }
  if (units) return t('kindAmount', [kind, units]);
  const who = recipientsText(activity);
  return who ? t('kindTo', [kind, who]) : kind;
}

/** How the person had engaged first, in words: "Commented on my post (Retirement planning)"; empty when they had not. */
export function signalsText(activity: Pick<Activity, 'signals'>): string {
  const seen = new Set<string>();
  for (const signal of activity.signals ?? []) {
    const way = t(`signal_${signal.kind}`);
    seen.add(signal.topics?.length ? t('signalOnTopic', [way, signal.topics.join(', ')]) : way);
  }
  return [...seen].join('; ');
}

/** The state of an activity in words: counts, pending, undone on the page, deleted here, or why it does not count. */
export function statusText(activity: Pick<Activity, 'status' | 'channel'>, reason: NotCountedReason | null, undoneOnPage: boolean): string {
  if (activity.status === 'retracted')
    return undoneOnPage ? t('status_undone_on_page', t(`channel_${activity.channel}`)) : t('status_retracted');
  if (reason === 'pending') return t('status_pending');
  if (reason === 'internal') return t('status_internal');
  if (reason === 'no_signal') return t('status_no_signal');
  return t('status_counted');
}
