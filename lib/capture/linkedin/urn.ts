import type { Recipient } from '../../activity';
import { text } from '../parse';

/**
 * LinkedIn's URN grammar, as far as capture reads it: which prefixes name profiles,
 * conversations, messages, participants, invitations and comments, and how a composite URN
 * carries the user's own profile.
 */

export const PROFILE_PREFIX = 'urn:li:fsd_profile:';
export const CONVERSATION_PREFIX = 'urn:li:msg_conversation:';
export const MESSAGE_PREFIX = 'urn:li:msg_message:';
export const PARTICIPANT_PREFIX = 'urn:li:msg_messagingParticipant:';

/** A message URN inside free text (a recall's path, query or body). */
export const MESSAGE_URN_IN_TEXT = /urn:li:msg_message:\([^()\s"\\]+\)/g;

/** The value when it is a URN with that prefix. */
export function urnWithPrefix(value: unknown, prefix: string): string | undefined {
  const urn = text(value);
  return urn?.startsWith(prefix) ? urn : undefined;
}

/** The user's profile URN from the first part of `urn:li:msg_conversation:(urn:li:fsd_profile:<me>,…)` (or a message URN). */
export function selfFromCompositeUrn(urn: string | undefined): string | undefined {
  return urn?.match(/^urn:li:msg_(conversation|message):\((urn:li:fsd_profile:[^,()]+),/)?.[2];
}

/** Bare profile ids and older profile URN forms as the fsd_profile URN the messaging APIs use. */
export function toProfileUrn(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const older = id.match(/^urn:li:(fs_miniProfile|fs_profile|fsd_profile):([^,()\s]+)$/);
  if (older) return `${PROFILE_PREFIX}${older[2]}`;
  if (id.startsWith('urn:')) return id;
  return /^[A-Za-z0-9_-]+$/.test(id) ? `${PROFILE_PREFIX}${id}` : undefined;
}

/** The first invitation URN in a text (a response body, JSON or not). */
export function invitationUrnIn(haystack: string | null | undefined): string | undefined {
  return haystack?.match(/urn:li:(fsd_)?invitation:\d+/)?.[0];
}

/** The value when it is a comment URN. */
export function commentUrn(value: unknown): string | undefined {
  const urn = text(value);
  return urn && /^urn:li:(fsd_comment|comment):/.test(urn) ? urn : undefined;
}

export function withoutSelf(recipients: Recipient[], me: string | undefined): Recipient[] {
  return me ? recipients.filter((recipient) => recipient.profileId !== me) : recipients;
}
