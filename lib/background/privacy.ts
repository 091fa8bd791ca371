import type { Activity, Recipient } from '../activity';
import type { Capture } from '../capture/types';
import type { Settings } from '../settings';

/**
 * The privacy rule, in one place: what is kept of the people a rep reached and of what was written
 * to them. Applied to captured activities, manual entries and their edits, and to what the
 * background learns from pages (LinkedIn conversation participants) before anything is stored.
 */
export type Privacy = Settings['privacy'];

/** A person as kept: without a name unless names are stored. */
export function keptRecipient(recipient: Recipient, privacy: Privacy): Recipient {
  if (privacy.storeRecipientNames || recipient.name === undefined) return recipient;
  const { name: _name, ...rest } = recipient;
  return rest;
}

export function keptRecipients(recipients: readonly Recipient[], privacy: Privacy): Recipient[] {
  return recipients.map((recipient) => keptRecipient(recipient, privacy));
}

/** A subject as kept: none unless subjects are stored. */
export function keptSubject(subject: string | undefined, privacy: Privacy): string | undefined {
  return privacy.storeSubjects ? subject : undefined;
}

/**
 * An activity as kept: without the subject and names the settings no longer keep (the same object
 * when nothing is dropped). Applied to stored activities when a privacy setting is turned off: what
 * the rep no longer allows is removed, not only no longer collected. The CRM outbox holds no copy:
 * a record not yet written is built from the stored activity when it is sent.
 */
export function keptActivity(activity: Activity, privacy: Privacy): Activity {
  const dropSubject = !privacy.storeSubjects && activity.subject !== undefined;
  const dropNames = !privacy.storeRecipientNames && activity.recipients.some((r) => r.name !== undefined);
  if (!dropSubject && !dropNames) return activity;
  const { subject: _subject, ...rest } = activity;
  return {
    ...(dropSubject ? rest : activity),
    ...(dropNames ? { recipients: keptRecipients(activity.recipients, privacy) } : {}),
  };
}

/**
 * The private-chat rule (issue 12): messengers mix work and private conversations, so of a
 * messenger message (VK, Telegram) only work chats count and are stored. A one-to-one chat with a
 * person counts unless the rep excluded it; a group chat, a community or a channel counts only when
 * the rep marked it as work. The channel itself must be on first (opt-in, channelIsOn). Public acts
 * (VK likes and comments) are not chats: only the channel switch applies to them. Applied before
 * anything is stored, so an excluded chat leaves no activity, recipient or account behind.
 */
export function chatCounts(capture: Pick<Capture, 'kind' | 'recipients' | 'subtype'>, chats: Settings['messengerChats']): boolean {
  if (capture.kind !== 'messenger_message') return true;
  const peers = capture.recipients.flatMap((recipient) => (recipient.profileId ? [recipient.profileId] : []));
  if (peers.length === 0) return false;
  if (peers.some((peer) => chats.excluded.includes(peer))) return false;
  // The detectors name the peer's kind as the subtype: user, or chat / group (VK community) / channel (Telegram).
  return capture.subtype === 'user' || peers.every((peer) => chats.work.includes(peer));
}
