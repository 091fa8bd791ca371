import { asObject, parseJson, strings, text } from '../parse';
import type { DetectorEvent, Observation } from '../types';
import { inviteRecord } from './invitations';
import { DEFAULT_ACCOUNT, hasInMailMarker, linkedinKeys, MAX_RECIPIENTS, recipientList, record } from './record';
import { invitationUrnIn } from './urn';

/** Sales Navigator: messages and InMails (`salesApiMessageActions`), connection requests (`salesApiConnection`). */

/**
 * `salesApiMessageActions?action=createMessage`. InMail when the request or response says so
 * (an INMAIL type/category marker), else when it starts a thread (no threadId) with a subject:
 * Sales Navigator asks for a subject only when composing an InMail (unverified for 1st-degree leads).
 */
export function detectSalesMessage(observation: Observation): DetectorEvent[] {
  const request = asObject(asObject(parseJson(observation.request.body))?.createMessageRequest);
  if (!request) return [];
  const response = asObject(parseJson(observation.response.body));
  const data = asObject(response?.data);
  const value = asObject(response?.value) ?? asObject(data?.value) ?? asObject(data?.values);
  const messageId = text(value?.messageId) ?? text(response?.value) ?? text(data?.value) ?? text(data?.['*value']);
  const threadId = text(request.threadId) ?? text(value?.threadId);
  const recipients = strings(request.recipients)
    .slice(0, MAX_RECIPIENTS)
    .map((profileId) => ({ profileId }));
  const subject = text(request.subject);
  const inMail = hasInMailMarker(request, value) || (text(request.threadId) === undefined && subject !== undefined);
  return [
    record({
      kind: inMail ? 'inmail' : 'linkedin_message',
      channel: 'sales_navigator',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      recipients,
      subject,
      dedupeKey: messageId
        ? linkedinKeys.salesMessage(messageId)
        : `linkedin:salesnav-message:${threadId ?? recipientList(recipients)}:${observation.startedAt}`,
      source: 'salesnav-createMessage',
      ids: { threadId, messageId },
    }),
  ];
}

/** `salesApiConnection?action=connectV2` with `{member, message}`. */
export function detectSalesInvitation(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const member = text(body?.member);
  if (!body || !member) return [];
  return [
    inviteRecord(observation, {
      channel: 'sales_navigator',
      invitee: { profileId: member },
      withNote: text(body.message) !== undefined,
      invitationUrn: invitationUrnIn(observation.response.body),
      source: 'salesnav-connectV2',
    }),
  ];
}
