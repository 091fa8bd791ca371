import type { Activity, Recipient } from '@/lib/activity';
import { formatPhone, vkProfileUrl } from '@/lib/format/contact';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { NotCountedReason } from '@/lib/quota/counting';
import type { Quota } from '@/lib/settings';
import { formatAmount } from './amount';
import { kindLabel } from './kindLabels';

/**
 * Activities in words, the same on every surface: who it went to (a person, never a raw
 * `urn:li:fsd_profile:` id), what variant it was (words, not internal codes), and its state.
 */

const LINKEDIN_URN = /^urn:li:(?:fsd_profile|fs_miniProfile|member):(.+)$/;

/** A person as shown: their name, their address, a phone number grouped (+7 903 111-22-33), or a LinkedIn or VK profile link. */
export function personOf(recipient: Pick<Recipient, 'name' | 'address' | 'profileId'> & Partial<Pick<Recipient, 'phone'>>): {
  text: string;
  href?: string;
} {
  if (recipient.name) return { text: recipient.name, ...profileLink(recipient.profileId) };
  if (recipient.address) return { text: recipient.address };
  if (recipient.phone) return { text: formatPhone(recipient.phone), href: `tel:${recipient.phone}` };
  const link = profileLink(recipient.profileId);
  if (link.href) return { text: t(recipient.profileId?.startsWith('vk:') ? 'vkProfile' : 'linkedinProfile'), href: link.href };
  return { text: recipient.profileId ?? '' };
}

function profileLink(profileId: string | undefined): { href?: string } {
  const vk = vkProfileUrl(profileId);
  if (vk) return { href: vk };
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

/** The name of a detection id (messageId, ownerId…) in words; one the messages do not name is "Identifier", never the raw key. */
export function idLabel(key: string): string {
  const word = t(`whyId_${key}`);
  return word === `whyId_${key}` || !word ? t('whyId') : word;
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

/** "Undone in Yandex Mail": a whole phrase per mail provider, since Russian declines the provider's name (в Яндекс Почте). */
function undoneIn(channel: Activity['channel']): string {
  const key = `status_undone_in_${channel}`;
  const phrase = t(key);
  return phrase && phrase !== key ? phrase : t('status_undone_on_page', t(`channel_${channel}`));
}

/**
 * The state of an activity in words: counts, pending, undone on the page, deleted here, or why it does
 * not count. `leftOutOf`: names of the quotas whose signal filter leaves it out (it still counts as activity).
 */
export function statusText(
  activity: Pick<Activity, 'status' | 'channel'>,
  reason: NotCountedReason | null,
  undoneOnPage: boolean,
  leftOutOf: readonly string[] = [],
): string {
  if (activity.status === 'retracted') return undoneOnPage ? undoneIn(activity.channel) : t('status_retracted');
  if (reason === 'pending') return t('status_pending');
  if (reason === 'internal') return t('status_internal');
  if (leftOutOf.length > 0) return t('status_counted_left_out', leftOutOf.map((name) => t('quotedName', name)).join(', '));
  return t('status_counted');
}

/** The names of quotas given by id, in the quotas' order (for "left out of “Social touches”"). */
export function quotaNames(ids: readonly string[], quotas: readonly Pick<Quota, 'id' | 'name'>[]): string[] {
  return quotas.filter((q) => ids.includes(q.id)).map((q) => q.name);
}
