import type { ActivityKind, Channel, Recipient } from '../activity';
import { defineDetector } from './define-detector';
import { DetectorEvent, type Capture, type DetectContext, type Detector, type Observation } from './types';
import { isWatched } from './watchlist';

/**
 * LinkedIn and Sales Navigator: messages, InMail, connection requests, reactions and comments, counted
 * from the requests the page sends (see ../shared/docs/capture-protocols.md, LinkedIn section).
 *
 * Matching uses paths, `action=` names and GraphQL query *families* (the part of `queryId` before the
 * hash); never hashes or `decorationId` suffixes, which rotate between deploys.
 * Nothing here keeps message, note or comment text: only ids, names and (InMail) subjects.
 */

const HOST = 'www.linkedin.com';

const PATH = {
  messages: '/voyager/api/voyagerMessagingDashMessengerMessages',
  legacyConversations: '/voyager/api/messaging/conversations',
  messagingGraphql: '/voyager/api/voyagerMessagingGraphQL/graphql',
  conversations: '/voyager/api/voyagerMessagingDashMessengerConversations',
  relationships: '/voyager/api/voyagerRelationshipsDashMemberRelationships',
  serverRequest: '/flagship-web/rsc-action/actions/server-request',
  salesMessage: '/sales-api/salesApiMessageActions',
  salesConnect: '/sales-api/salesApiConnection',
  graphql: '/voyager/api/graphql',
  comments: '/voyager/api/voyagerSocialDashNormComments',
} as const;

const PROFILE_PREFIX = 'urn:li:fsd_profile:';
const CONVERSATION_PREFIX = 'urn:li:msg_conversation:';
const MESSAGE_PREFIX = 'urn:li:msg_message:';
const PARTICIPANT_PREFIX = 'urn:li:msg_messagingParticipant:';
/** Used when the user's own profile URN is not in the request. */
const DEFAULT_ACCOUNT = 'linkedin';
const MAX_RECIPIENTS = 500;

export const linkedinDetector: Detector = defineDetector(
  'linkedin',
  (method, url) => url.hostname === HOST && isWatched(method, url.hostname, url.pathname, url.search.slice(1)),
  (observation, context) => onlyValid(route(observation, context)),
);

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

function route(observation: Observation, context: DetectContext): DetectorEvent[] {
  const url = parseUrl(observation.request.url, observation.pageUrl);
  if (!url || url.hostname !== HOST) return [];
  // Only an accepted request is an activity (400 CANT_RESEND_YET, 429 and the like are not).
  const { status } = observation.response;
  if (status < 200 || status > 299) return [];

  const method = observation.request.method.toUpperCase();
  const path = url.pathname;
  const action = url.searchParams.get('action');

  if (method === 'GET') {
    const learnsParticipants =
      (path === PATH.messagingGraphql && /^messenger(Conversations|Messages)/.test(queryFamily(url) ?? '')) ||
      isUnder(path, PATH.conversations);
    return learnsParticipants ? learnParticipants(observation.response.body) : [];
  }
  if (method !== 'POST') return [];

  if (isUnder(path, PATH.messages)) {
    if (action === 'createMessage') return detectMessage(observation, context);
    if (action === 'recall') return detectRecall(observation, url);
    return [];
  }
  if (path === PATH.legacyConversations && action === 'create') return detectLegacyMessage(observation);
  if (path === PATH.relationships && (action === 'verifyQuotaAndCreateV2' || action === 'verifyQuotaAndCreate')) {
    return detectInvitation(observation);
  }
  if (path === PATH.serverRequest && /addconnection/i.test(url.searchParams.get('sduiid') ?? '')) {
    return detectServerDrivenInvitation(observation);
  }
  if (path === PATH.salesMessage && action === 'createMessage') return detectSalesMessage(observation);
  if (path === PATH.salesConnect && (action === 'connectV2' || action === 'connect')) {
    return detectSalesInvitation(observation);
  }
  if (path === PATH.graphql && action === 'execute') return detectReaction(observation, url);
  if (path === PATH.comments) return detectComment(observation);
  return [];
}

// --- messages ---

/** `voyagerMessagingDashMessengerMessages?action=createMessage`: a reply (conversationUrn) or a first message (hostRecipientUrns). */
function detectMessage(observation: Observation, context: DetectContext): DetectorEvent[] {
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
        (requestConversation ? context.participantsOf(requestConversation) : undefined) ?? [],
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
function detectLegacyMessage(observation: Observation): DetectorEvent[] {
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

/** `?action=recall` withdraws a sent message: retract every message URN it names (path or body). */
function detectRecall(observation: Observation, url: URL): DetectorEvent[] {
  const haystack = `${safeDecode(url.pathname)} ${safeDecode(url.search)} ${observation.request.body ?? ''}`;
  const urns = new Set(haystack.match(/urn:li:msg_message:\([^()\s"\\]+\)/g) ?? []);
  return [...urns].map((urn) => ({ type: 'retract', dedupeKey: linkedinKeys.message(urn) }));
}

// --- conversation participants ---

/**
 * Conversation lists and threads: every conversation object (entityUrn `urn:li:msg_conversation:…`)
 * that carries a participant list, inline (`conversationParticipants`) or normalised
 * (`*conversationParticipants` pointing into `included`). The user is left out: the profile in the
 * conversation URN's first part, or a participant whose distance is SELF.
 */
function learnParticipants(responseBody: string | null): DetectorEvent[] {
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

// --- connection requests ---

/** `voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreate[V2]`. */
function detectInvitation(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const invitee = asObject(body?.invitee);
  if (!body || !invitee) return [];
  const inviteeUrn = text(asObject(invitee.inviteeUnion)?.memberProfile);
  const response = parseJson(observation.response.body);
  const value = actionValue(response);
  const invitationUrn =
    invitationUrnIn(text(value?.invitationUrn)) ?? invitationUrnIn(text(value?.['*invitation'])) ?? invitationUrnIn(observation.response.body);
  const name = inviteeUrn ? nameFromIncluded(response, inviteeUrn) : undefined;
  return [
    inviteRecord(observation, {
      channel: 'linkedin',
      invitee: inviteeUrn ? { profileId: inviteeUrn, ...(name ? { name } : {}) } : undefined,
      // Only whether a note was written is kept, never the note.
      withNote: hasText(body.customMessage),
      invitationUrn,
      source: 'voyager-verifyQuotaAndCreate',
    }),
  ];
}

/**
 * Server-driven "Connect" (`flagship-web/rsc-action/actions/server-request?sduiid=…AddConnection`). Its response
 * is a React Server Components stream, not JSON: the invitee comes from the request, success is the 2xx.
 */
function detectServerDrivenInvitation(observation: Observation): DetectorEvent[] {
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
      withNote: hasText(payload.customMessage),
      // Unverified: whether the stream ever names the invitation; use it when it does.
      invitationUrn: invitationUrnIn(observation.response.body),
      source: 'sdui-addConnection',
      ids: { memberId, profileUrl: text(payload.profileCanonicalUrl) },
    }),
  ];
}

/** Sales Navigator `salesApiConnection?action=connectV2` with `{member, message}`. */
function detectSalesInvitation(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const member = text(body?.member);
  if (!body || !member) return [];
  return [
    inviteRecord(observation, {
      channel: 'sales_navigator',
      invitee: { profileId: member },
      withNote: hasText(body.message),
      invitationUrn: invitationUrnIn(observation.response.body),
      source: 'salesnav-connectV2',
    }),
  ];
}

function inviteRecord(
  observation: Observation,
  facts: {
    channel: Channel;
    invitee: Recipient | undefined;
    withNote: boolean;
    invitationUrn: string | undefined;
    source: string;
    ids?: Record<string, string | undefined>;
  },
): DetectorEvent {
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

// --- Sales Navigator messages ---

/**
 * `salesApiMessageActions?action=createMessage`. InMail when the request or response says so
 * (an INMAIL type/category marker), else when it starts a thread (no threadId) with a subject:
 * Sales Navigator asks for a subject only when composing an InMail (unverified for 1st-degree leads).
 */
function detectSalesMessage(observation: Observation): DetectorEvent[] {
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

// --- social touches ---

/** `graphql?action=execute&queryId=voyagerSocialDashReactions.<hash>`: react (has reactionType) or un-react. */
function detectReaction(observation: Observation, url: URL): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  if (!body) return [];
  const family = queryFamily(url) ?? text(body.queryId)?.split('.')[0];
  if (family !== 'voyagerSocialDashReactions') return [];
  if (hasGraphqlErrors(parseJson(observation.response.body))) return [];
  const variables = asObject(body.variables);
  const entity = asObject(variables?.entity);
  const threadUrn = text(variables?.threadUrn) ?? text(entity?.threadUrn);
  if (!threadUrn) return [];
  const reactionType = text(entity?.reactionType) ?? text(variables?.reactionType);
  if (!reactionType) return [{ type: 'retract', dedupeKey: linkedinKeys.reaction(threadUrn) }];
  return [
    record({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      // The post's author is not in the request or the response.
      recipients: [],
      subtype: 'reaction',
      dedupeKey: linkedinKeys.reaction(threadUrn),
      source: 'voyager-reaction',
      ids: { threadUrn, reactionType },
    }),
  ];
}

/** `voyagerSocialDashNormComments` (create): the comment URN from the response dedupes it. */
function detectComment(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const threadUrn = text(body?.threadUrn);
  if (!body || !threadUrn) return [];
  const commentUrn = commentUrnIn(parseJson(observation.response.body));
  return [
    record({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      recipients: [],
      subtype: 'comment',
      dedupeKey: commentUrn ? linkedinKeys.comment(commentUrn) : `linkedin:comment:${threadUrn}:${observation.startedAt}`,
      source: 'voyager-comment',
      ids: { threadUrn, commentUrn },
    }),
  ];
}

function commentUrnIn(response: unknown): string | undefined {
  const isComment = (value: unknown) => {
    const urn = text(value);
    return urn && /^urn:li:(fsd_comment|comment):/.test(urn) ? urn : undefined;
  };
  const root = asObject(response);
  const data = asObject(root?.data);
  const direct =
    isComment(root?.entityUrn) ??
    isComment(data?.entityUrn) ??
    isComment(asObject(root?.value)?.entityUrn) ??
    isComment(asObject(data?.value)?.entityUrn) ??
    isComment(data?.['*value']);
  if (direct) return direct;
  const found = findObject(response, (node) => isComment(node.entityUrn) !== undefined);
  return found ? isComment(found.entityUrn) : undefined;
}

// --- shared pieces ---

interface RecordFacts {
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

function record(facts: RecordFacts): DetectorEvent {
  const ids: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.ids)) if (value) ids[key] = value.slice(0, 500);
  const capture: Capture = {
    kind: facts.kind,
    channel: facts.channel,
    occurredAt: facts.occurredAt,
    account: facts.account,
    recipients: facts.recipients.slice(0, MAX_RECIPIENTS),
    dedupeKey: facts.dedupeKey,
    detection: { method: 'page-request', source: facts.source, ids },
  };
  if (facts.subject) capture.subject = facts.subject.slice(0, 1000);
  if (facts.subtype) capture.subtype = facts.subtype;
  return { type: 'record', capture };
}

/** Drops any event the contract would refuse (over-long ids and the like) instead of failing the rest. */
function onlyValid(events: DetectorEvent[]): DetectorEvent[] {
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
function hasInMailMarker(...objects: (Record<string, unknown> | undefined)[]): boolean {
  const keys = ['type', 'subtype', 'messageType', 'messageCategory', 'category', 'conversationType'];
  for (const object of objects) {
    if (!object) continue;
    for (const key of keys) if (/INMAIL/i.test(text(object[key]) ?? '')) return true;
    if (strings(object.categories).some((category) => /INMAIL/i.test(category))) return true;
  }
  return false;
}

/** The rest.li action result: `value`, `data.value`, or normalised `data["*value"]` resolved in `included`. */
function actionValue(response: unknown): Record<string, unknown> | undefined {
  const root = asObject(response);
  if (!root) return undefined;
  const data = asObject(root.data);
  const direct = asObject(root.value) ?? asObject(data?.value);
  if (direct) return direct;
  const reference = text(data?.['*value']) ?? text(root['*value']);
  if (!reference) return undefined;
  return includedEntity(root, reference) ?? { entityUrn: reference };
}

function includedEntity(root: Record<string, unknown>, urn: string): Record<string, unknown> | undefined {
  for (const item of asArray(root.included)) {
    const entity = asObject(item);
    if (entity && entity.entityUrn === urn) return entity;
  }
  return undefined;
}

function nameFromIncluded(response: unknown, urn: string): string | undefined {
  const root = asObject(response);
  const entity = root ? includedEntity(root, urn) : undefined;
  const name = [textOf(entity?.firstName), textOf(entity?.lastName)].filter(Boolean).join(' ');
  return name ? name.slice(0, 300) : undefined;
}

function invitationUrnIn(haystack: string | null | undefined): string | undefined {
  return haystack?.match(/urn:li:(fsd_)?invitation:\d+/)?.[0];
}

function hasGraphqlErrors(response: unknown): boolean {
  const root = asObject(response);
  return asArray(root?.errors).length > 0 || asArray(asObject(root?.data)?.errors).length > 0;
}

/** The user's profile URN from the first part of `urn:li:msg_conversation:(urn:li:fsd_profile:<me>,…)` (or a message URN). */
function selfFromCompositeUrn(urn: string | undefined): string | undefined {
  return urn?.match(/^urn:li:msg_(conversation|message):\((urn:li:fsd_profile:[^,()]+),/)?.[2];
}

function withoutSelf(recipients: Recipient[], me: string | undefined): Recipient[] {
  return me ? recipients.filter((recipient) => recipient.profileId !== me) : recipients;
}

/** Bare profile ids and older profile URN forms as the fsd_profile URN the messaging APIs use. */
function toProfileUrn(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const older = id.match(/^urn:li:(fs_miniProfile|fs_profile|fsd_profile):([^,()\s]+)$/);
  if (older) return `${PROFILE_PREFIX}${older[2]}`;
  if (id.startsWith('urn:')) return id;
  return /^[A-Za-z0-9_-]+$/.test(id) ? `${PROFILE_PREFIX}${id}` : undefined;
}

function recipientList(recipients: Recipient[]): string {
  return recipients.map((recipient) => recipient.profileId).join(',') || 'unknown';
}

function queryFamily(url: URL): string | undefined {
  return text(url.searchParams.get('queryId'))?.split('.')[0];
}

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function parseUrl(raw: string, base: string): URL | undefined {
  try {
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// --- defensive JSON access ---

function parseJson(body: string | null | undefined): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, or undefined. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value : undefined;
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function hasText(value: unknown): boolean {
  return text(value) !== undefined;
}

/** A plain string or an AttributedText `{text}`. */
function textOf(value: unknown): string | undefined {
  return text(value) ?? text(asObject(value)?.text);
}

function strings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => text(item) !== undefined);
}

function urnWithPrefix(value: unknown, prefix: string): string | undefined {
  const urn = text(value);
  return urn?.startsWith(prefix) ? urn : undefined;
}

function firstObject(value: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return value ? asObject(Object.values(value)[0]) : undefined;
}

/** Visits every object in a JSON tree, iteratively and within a budget (responses can be large). */
function walkObjects(root: unknown, visit: (node: Record<string, unknown>) => void): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let budget = 200_000;
  while (stack.length > 0 && budget-- > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > 64 || value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    if (!Array.isArray(value)) visit(value as Record<string, unknown>);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
}

function findObject(root: unknown, matches: (node: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  walkObjects(root, (node) => {
    if (!found && matches(node)) found = node;
  });
  return found;
}
