import type { Recipient } from '../../activity';
import { asArray, asObject, parseJson, text, walkObjects } from '../parse';
import type { DetectorEvent } from '../types';
import { MAX_RECIPIENTS } from './record';
import { textOf } from './restli';
import { CONVERSATION_PREFIX, PARTICIPANT_PREFIX, selfFromCompositeUrn } from './urn';

/**
 * Conversation lists and threads: every conversation object (entityUrn `urn:li:msg_conversation:…`)
 * that carries a participant list, inline (`conversationParticipants`) or normalised
 * (`*conversationParticipants` pointing into `included`). The user is left out: the profile in the
 * conversation URN's first part, or a participant whose distance is SELF.
 */
export function learnParticipants(responseBody: string | null): DetectorEvent[] {
  const root = parseJson(responseBody);
  if (root === undefined) return [];
  const byUrn = new Map<string, Record<string, unknown>>();
  const conversations: Record<string, unknown>[] = [];
  walkObjects(root, (node) => {
    const urn = text(node.entityUrn);
    if (!urn) return;
    if (!byUrn.has(urn)) byUrn.set(urn, node);
    if (urn.startsWith(CONVERSATION_PREFIX)) conversations.push(node);
  });

  const learned = new Map<string, Map<string, Recipient>>();
  for (const conversation of conversations) {
    const inline = conversation.conversationParticipants;
    const normalised = conversation['*conversationParticipants'];
    // A bare reference ({entityUrn} only, as in thread responses) says nothing about participants.
    if (!Array.isArray(inline) && !Array.isArray(normalised)) continue;
    const conversationId = text(conversation.entityUrn) as string;
    const me = selfFromCompositeUrn(conversationId);
    const people = learned.get(conversationId) ?? new Map<string, Recipient>();
    for (const entry of [...asArray(inline), ...asArray(normalised)]) {
      const participant = typeof entry === 'string' ? (byUrn.get(entry) ?? entry) : asObject(entry);
      const recipient = participant ? participantRecipient(participant) : undefined;
      if (!recipient || recipient.profileId === me) continue;
      const known = people.get(recipient.profileId as string);
      if (!known || (!known.name && recipient.name)) people.set(recipient.profileId as string, recipient);
    }
    learned.set(conversationId, people);
  }
  const events: DetectorEvent[] = [];
  for (const [conversationId, people] of learned) {
    if (people.size === 0) continue;
    events.push({ type: 'participants', conversationId, participants: [...people.values()].slice(0, MAX_RECIPIENTS) });
  }
  return events;
}

/** A MessagingParticipant object (or an unresolved participant URN) as a recipient; undefined for the user. */
function participantRecipient(participant: Record<string, unknown> | string): Recipient | undefined {
  if (typeof participant === 'string') {
    const profileId = participant.startsWith(PARTICIPANT_PREFIX) ? participant.slice(PARTICIPANT_PREFIX.length) : undefined;
    return profileId?.startsWith('urn:li:') ? { profileId } : undefined;
  }
  const hostIdentity = text(participant.hostIdentityUrn);
  const entityUrn = text(participant.entityUrn);
  const profileId =
    hostIdentity?.startsWith('urn:li:') === true
      ? hostIdentity
      : entityUrn?.startsWith(PARTICIPANT_PREFIX) === true
        ? entityUrn.slice(PARTICIPANT_PREFIX.length)
        : undefined;
  if (!profileId) return undefined;
  const participantType = asObject(participant.participantType);
  const member = asObject(participantType?.member);
  if (member?.distance === 'SELF') return undefined;
  const fullName = [textOf(member?.firstName), textOf(member?.lastName)].filter(Boolean).join(' ');
  const name = fullName || textOf(asObject(participantType?.organization)?.name) || textOf(participant.name);
  return name ? { profileId, name: name.slice(0, 300) } : { profileId };
}
