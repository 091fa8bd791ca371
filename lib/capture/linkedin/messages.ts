import type { ActivityKind } from '../../activity';
import { asObject, parseJson, safeDecode, strings, text } from '../parse';
import type { DetectContext, DetectorEvent, Observation } from '../types';
import { DEFAULT_ACCOUNT, hasInMailMarker, linkedinKeys, recipientList, record } from './record';
import { actionValue, firstObject } from './restli';
import {
  CONVERSATION_PREFIX,
  MESSAGE_PREFIX,
  MESSAGE_URN_IN_TEXT,
  PROFILE_PREFIX,
  selfFromCompositeUrn,
  toProfileUrn,
  urnWithPrefix,
  withoutSelf,
} from './urn';

/** LinkedIn messages and InMails: the messenger's createMessage and recall, and the older conversation create. */

/** `voyagerMessagingDashMessengerMessages?action=createMessage`: a reply (conversationUrn) or a first message (hostRecipientUrns). */
export function detectMessage(observation: Observation, context: DetectContext): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const message = asObject(body?.message);
  if (!body || !message) return [];
  const response = parseJson(observation.response.body);
  const value = actionValue(response);

  const requestConversation = urnWithPrefix(message.conversationUrn, CONVERSATION_PREFIX);
  const conversationUrn =
    requestConversation ??
    urnWithPrefix(value?.conversationUrn, CONVERSATION_PREFIX) ??
    urnWithPrefix(value?.['*conversation'], CONVERSATION_PREFIX);
  const messageUrn = urnWithPrefix(value?.entityUrn, MESSAGE_PREFIX) ?? urnWithPrefix(value?.backendUrn, MESSAGE_PREFIX);
  const originToken = text(message.originToken) ?? text(value?.originToken);
  const me = urnWithPrefix(body.mailboxUrn, PROFILE_PREFIX) ?? selfFromCompositeUrn(conversationUrn) ?? selfFromCompositeUrn(messageUrn);

  const hostRecipients = strings(body.hostRecipientUrns ?? message.hostRecipientUrns).filter((urn) => urn.startsWith('urn:li:'));
  const recipients = withoutSelf(
    hostRecipients.length > 0
      ? hostRecipients.map((profileId) => ({ profileId }))
      : // A reply names no recipient: they come from the participants the page loaded earlier.
        // Unknown conversation (never listed in this browser) -> recorded with no recipients.
        ((requestConversation ? context.participantsOf(requestConversation) : undefined) ?? []),
    me,
  );

  const dedupeKey = messageUrn
    ? linkedinKeys.message(messageUrn)
    : originToken
      ? linkedinKeys.messageByOriginToken(originToken)
      : `linkedin:message:${conversationUrn ?? recipientList(recipients)}:${observation.startedAt}`;

  const subject = text(message.subject);
  const kind: ActivityKind = hasInMailMarker(body, message, value) || subject !== undefined ? 'inmail' : 'linkedin_message';
  const events: DetectorEvent[] = [
    record({
      kind,
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: me ?? DEFAULT_ACCOUNT,
      recipients,
      subject,
      dedupeKey,
      source: 'voyager-createMessage',
      ids: { conversationUrn, messageUrn, originToken },
    }),
  ];
  // A first message tells us who is in the conversation it created: later replies resolve through it.
  if (hostRecipients.length > 0 && conversationUrn && recipients.length > 0) {
    events.push({ type: 'participants', conversationId: conversationUrn, participants: recipients });
  }
  return events;
}

/** The older `messaging/conversations?action=create` (recipients are bare profile ids). */
export function detectLegacyMessage(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const create = asObject(body?.conversationCreate);
  if (!create) return [];
  const eventCreate = asObject(create.eventCreate);
  const messageCreate = firstObject(asObject(eventCreate?.value));
  const value = actionValue(parseJson(observation.response.body));

  const recipients = strings(create.recipients)
    .map(toProfileUrn)
    .filter((urn): urn is string => urn !== undefined)
    .map((profileId) => ({ profileId }));
  const messageId = text(value?.backendEventUrn) ?? text(value?.eventUrn);
  const originToken = text(eventCreate?.originToken) ?? text(create.originToken);
  const conversationId = text(value?.conversationUrn) ?? text(value?.backendConversationUrn);
  const subject = text(messageCreate?.subject) ?? text(create.subject);

  return [
    record({
      kind: hasInMailMarker(create, messageCreate, value) || subject !== undefined ? 'inmail' : 'linkedin_message',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      recipients,
      subject,
      dedupeKey: messageId
        ? linkedinKeys.message(messageId)
        : originToken
          ? linkedinKeys.messageByOriginToken(originToken)
          : `linkedin:message:${recipientList(recipients)}:${observation.startedAt}`,
      source: 'voyager-legacy-createConversation',
      ids: { conversationId, messageId, originToken },
    }),
  ];
}

/**
 * A reply through the older `messaging/conversations/<thread>/events?action=create` (public
 * clients such as tomquirk/linkedin-api): `{eventCreate: {originToken, value: {"…MessageCreate":
 * {attributedBody, attachments}}}}`, 201 with `value: {eventUrn, backendEventUrn, conversationUrn}`.
 * The request names only the bare thread id: the people come from the dash conversation the page
 * listed earlier for that thread (its URN also names the user). Keyed like the older conversation
 * create, so the same message seen through both records once. Never reads the text.
 */
export function detectLegacyConversationEvent(observation: Observation, url: URL, context: DetectContext): DetectorEvent[] {
  const thread = safeDecode(url.pathname.match(/\/conversations\/([^/]+)\/events$/)?.[1] ?? '');
  const body = asObject(parseJson(observation.request.body));
  const eventCreate = asObject(body?.eventCreate);
  const value = asObject(eventCreate?.value);
  const messageCreate = firstObject(value);
  if (!thread || !eventCreate || !messageCreate) return [];
  const answer = actionValue(parseJson(observation.response.body));

  const known = context.participantsOfThread?.(thread);
  const me = selfFromCompositeUrn(known?.conversationId);
  const recipients = withoutSelf(known?.participants ?? [], me);
  const messageId = text(answer?.backendEventUrn) ?? text(answer?.eventUrn);
  const originToken = text(eventCreate.originToken);
  const subject = text(messageCreate.subject);

  return [
    record({
      kind: hasInMailMarker(eventCreate, messageCreate, value) || subject !== undefined ? 'inmail' : 'linkedin_message',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: me ?? DEFAULT_ACCOUNT,
      recipients,
      subject,
      dedupeKey: messageId
        ? linkedinKeys.message(messageId)
        : originToken
          ? linkedinKeys.messageByOriginToken(originToken)
          : `linkedin:message:${thread}:${observation.startedAt}`,
      source: 'voyager-legacy-conversationEvent',
      ids: { conversationId: text(answer?.conversationUrn) ?? `urn:li:fs_conversation:${thread}`, messageId, originToken },
    }),
  ];
}

/** `?action=recall` withdraws a sent message: retract every message URN it names (path or body). */
export function detectRecall(observation: Observation, url: URL): DetectorEvent[] {
  const haystack = `${safeDecode(url.pathname)} ${safeDecode(url.search)} ${observation.request.body ?? ''}`;
  const urns = new Set(haystack.match(MESSAGE_URN_IN_TEXT) ?? []);
  return [...urns].map((urn) => ({ type: 'retract', dedupeKey: linkedinKeys.message(urn) }));
}
