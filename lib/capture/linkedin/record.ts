import type { ActivityKind, Channel, Recipient } from '../../activity';
import { definedIds, strings, text } from '../parse';
import { type Capture, DetectorEvent } from '../types';

/** How LinkedIn captures are built: dedupe keys, the record shape, and the InMail marker. */

/** Used when the user's own profile URN is not in the request. */
export const DEFAULT_ACCOUNT = 'linkedin';
export const MAX_RECIPIENTS = 500;

// --- dedupe keys (shared by records and retractions) ---

export const linkedinKeys = {
  message: (messageUrn: string) => `linkedin:message:${messageUrn}`,
  messageByOriginToken: (originToken: string) => `linkedin:message:origin:${originToken}`,
  salesMessage: (messageId: string) => `linkedin:salesnav-message:${messageId}`,
  invitation: (invitationUrn: string) => `linkedin:invite:${invitationUrn}`,
  /** Fallback when the response carries no invitation URN: one invitation per invitee per UTC day. */
  invitationByDay: (invitee: string, startedAt: number) => `linkedin:invite:${invitee}:${utcDay(startedAt)}`,
  reaction: (threadUrn: string) => `linkedin:reaction:${threadUrn}`,
  comment: (commentUrn: string) => `linkedin:comment:${commentUrn}`,
};

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The recipients' profile ids as a key part, for keys without a server id. */
export function recipientList(recipients: Recipient[]): string {
  return recipients.map((recipient) => recipient.profileId).join(',') || 'unknown';
}

export interface RecordFacts {
  kind: ActivityKind;
  channel: Channel;
  occurredAt: number;
  account: string;
  recipients: Recipient[];
  subject?: string | undefined;
  subtype?: string;
  dedupeKey: string;
  source: string;
  ids: Record<string, string | undefined>;
}

export function record(facts: RecordFacts): DetectorEvent {
  const capture: Capture = {
    kind: facts.kind,
    channel: facts.channel,
    occurredAt: facts.occurredAt,
    account: facts.account,
    recipients: facts.recipients.slice(0, MAX_RECIPIENTS),
    dedupeKey: facts.dedupeKey,
    detection: { method: 'page-request', source: facts.source, ids: definedIds(facts.ids) },
  };
  if (facts.subject) capture.subject = facts.subject.slice(0, 1000);
  if (facts.subtype) capture.subtype = facts.subtype;
  return { type: 'record', capture };
}

/**
 * Drops any event the contract would refuse (an over-long URN in a key and the like) instead of
 * losing the others of the same request: one odd participant must not cost the message record.
 */
export function onlyValid(events: DetectorEvent[]): DetectorEvent[] {
  const valid: DetectorEvent[] = [];
  for (const event of events) {
    const parsed = DetectorEvent.safeParse(event);
    if (parsed.success) valid.push(parsed.data);
  }
  return valid;
}

/**
 * An explicit InMail marker on the request or response objects given (shallow): a type/category field
 * whose value names INMAIL (e.g. legacy `subtype: "INMAIL"`). Unverified on the dash endpoints.
 */
export function hasInMailMarker(...objects: (Record<string, unknown> | undefined)[]): boolean {
  const keys = ['type', 'subtype', 'messageType', 'messageCategory', 'category', 'conversationType'];
  for (const object of objects) {
    if (!object) continue;
    for (const key of keys) if (/INMAIL/i.test(text(object[key]) ?? '')) return true;
    if (strings(object.categories).some((category) => /INMAIL/i.test(category))) return true;
  }
  return false;
}
