import type { Channel, Recipient } from '../../activity';
import { asObject, findObject, numberText, parseJson, text } from '../parse';
import type { DetectorEvent, Observation } from '../types';
import { DEFAULT_ACCOUNT, linkedinKeys, record } from './record';
import { actionValue, nameFromIncluded } from './restli';
import { invitationUrnIn, toProfileUrn } from './urn';

/** Connection requests: Voyager's verifyQuotaAndCreate and the server-driven "Connect" button (Sales Navigator's is in sales-navigator.ts). */

/** `voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreate[V2]`. */
export function detectInvitation(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const invitee = asObject(body?.invitee);
  if (!body || !invitee) return [];
  const inviteeUrn = text(asObject(invitee.inviteeUnion)?.memberProfile);
  const response = parseJson(observation.response.body);
  const value = actionValue(response);
  const invitationUrn =
    invitationUrnIn(text(value?.invitationUrn)) ??
    invitationUrnIn(text(value?.['*invitation'])) ??
    invitationUrnIn(observation.response.body);
  const name = inviteeUrn ? nameFromIncluded(response, inviteeUrn) : undefined;
  return [
    inviteRecord(observation, {
      channel: 'linkedin',
      invitee: inviteeUrn ? { profileId: inviteeUrn, ...(name ? { name } : {}) } : undefined,
      // Only whether a note was written is kept, never the note.
      withNote: text(body.customMessage) !== undefined,
      invitationUrn,
      source: 'voyager-verifyQuotaAndCreate',
    }),
  ];
}

/**
 * Server-driven "Connect" (`flagship-web/rsc-action/actions/server-request?sduiid=…AddConnection`). Its response
 * is a React Server Components stream, not JSON: the invitee comes from the request, success is the 2xx.
 */
export function detectServerDrivenInvitation(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  if (!body) return [];
  const payload =
    asObject(asObject(body.requestedArguments)?.payload) ??
    asObject(asObject(asObject(body.serverRequest)?.requestedArguments)?.payload) ??
    findObject(body, (node) => 'inviteeUrn' in node || 'nonIterableProfileId' in node);
  if (!payload) return [];
  const inviteeUrn = payload.inviteeUrn;
  const memberId = text(asObject(inviteeUrn)?.memberId) ?? numberText(asObject(inviteeUrn)?.memberId);
  const profileId =
    toProfileUrn(text(payload.nonIterableProfileId)) ??
    text(inviteeUrn) ??
    (memberId ? `urn:li:member:${memberId}` : undefined) ??
    text(payload.profileCanonicalUrl);
  const name = [text(payload.firstName), text(payload.lastName)].filter(Boolean).join(' ');
  return [
    inviteRecord(observation, {
      channel: 'linkedin',
      invitee: profileId ? { profileId, ...(name ? { name: name.slice(0, 300) } : {}) } : undefined,
      withNote: text(payload.customMessage) !== undefined,
      // Unverified: whether the stream ever names the invitation; use it when it does.
      invitationUrn: invitationUrnIn(observation.response.body),
      source: 'sdui-addConnection',
      ids: { memberId, profileUrl: text(payload.profileCanonicalUrl) },
    }),
  ];
}

export interface InvitationFacts {
  channel: Channel;
  invitee: Recipient | undefined;
  withNote: boolean;
  invitationUrn: string | undefined;
  source: string;
  ids?: Record<string, string | undefined>;
}

/** One invitation, keyed by its URN when the answer names it, else by invitee and UTC day. */
export function inviteRecord(observation: Observation, facts: InvitationFacts): DetectorEvent {
  const inviteeId = facts.invitee?.profileId;
  return record({
    kind: 'linkedin_invite',
    channel: facts.channel,
    occurredAt: observation.startedAt,
    account: DEFAULT_ACCOUNT,
    recipients: facts.invitee ? [facts.invitee] : [],
    subtype: facts.withNote ? 'with_note' : 'no_note',
    dedupeKey: facts.invitationUrn
      ? linkedinKeys.invitation(facts.invitationUrn)
      : linkedinKeys.invitationByDay(inviteeId ?? `unknown-${observation.startedAt}`, observation.startedAt),
    source: facts.source,
    ids: { invitationUrn: facts.invitationUrn, invitee: inviteeId, ...facts.ids },
  });
}
