import type { ActivityKind, EngagementSignal } from '../activity';
import type { QuotaSignal } from '../settings';

/**
 * Signals to act on (issue 15, point 4): which of an activity's engagement signals a quota's signal
 * filter accepts, and so which of its recipients it counts. Pure, like the rest of the engine.
 */

/**
 * The kinds an engagement signal can ride on: outreach to a person the page names by a profile the
 * engagement names too (LinkedIn messages, InMails, invitations; VK messages), and manual entries the
 * rep tags. Email and social touches cannot carry one: the editor offers the filter only beside these.
 */
export const SIGNAL_CARRYING_KINDS: readonly ActivityKind[] = [
  'linkedin_message',
  'inmail',
  'linkedin_invite',
  'messenger_message',
  'call',
  'meeting',
  'opportunity',
  'deal',
];

/** Topic labels compare as the rep reads them: "Retirement planning" is "retirement planning". */
const sameTopic = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The signals that satisfy the filter: one of its kinds and, when it names a topic, that topic. */
export function matchingSignals(
  activity: { readonly signals?: readonly EngagementSignal[] | undefined },
  filter: QuotaSignal,
): EngagementSignal[] {
  return (activity.signals ?? []).filter(
    (signal) =>
      filter.kinds.includes(signal.kind) && (filter.topic === undefined || (signal.topics ?? []).some((t) => sameTopic(t, filter.topic!))),
  );
}

/**
 * The recipients a signal quota counts: those a matching signal names as the person who engaged; all
 * of them when a matching signal names no one (the rep tagged a manual entry). A group message to one
 * commenter and two strangers reaches one person who engaged, not three.
 */
export function recipientsWhoEngaged<
  R extends { profileId?: string | undefined; address?: string | undefined; phone?: string | undefined },
>(recipients: readonly R[], signals: readonly EngagementSignal[]): readonly R[] {
  if (signals.some((signal) => signal.person === undefined)) return recipients;
  const people = new Set(signals.map((signal) => signal.person));
  return recipients.filter((r) => [r.profileId, r.address, r.phone].some((id) => id !== undefined && people.has(id)));
}
