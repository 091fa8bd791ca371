import type { Observation } from '../../lib/capture/types';
import { meAnswer, OWN_POST, postComments, postPage, postReactions, REACTOR } from './linkedin-engagement';
import type { SourceFixtures } from './source-fixtures';

/**
 * LinkedIn traffic as the page tap sees it, shaped like the documented requests and responses
 * (../shared/docs/capture-protocols.md, LinkedIn section, and public captures of the web client).
 * Ids are made up; the shapes, paths, headers and key names are not.
 */

export const ORIGIN = 'https://www.linkedin.com';
export const ME = 'ACoAAB1meZz0000000000000000000000000000aa';
export const ME_URN = profileUrn(ME);
export const STARTED_AT = Date.UTC(2025, 2, 14, 9, 30, 0);

export function profileUrn(id: string): string {
  return `urn:li:fsd_profile:${id}`;
}
export function conversationUrn(thread: string, me = ME): string {
  return `urn:li:msg_conversation:(${profileUrn(me)},${thread})`;
}
export function messageUrn(id: string, me = ME): string {
  return `urn:li:msg_message:(${profileUrn(me)},${id})`;
}

export interface Exchange {
  status?: number;
  startedAt?: number;
  pageUrl?: string;
}

/** Any request/response pair on www.linkedin.com. */
export function linkedinObservation(
  method: string,
  pathAndQuery: string,
  body: unknown,
  responseBody: unknown,
  exchange: Exchange = {},
  contentType = 'application/json; charset=UTF-8',
): Observation {
  return {
    pageUrl: exchange.pageUrl ?? `${ORIGIN}/messaging/`,
    request: {
      method,
      url: `${ORIGIN}${pathAndQuery}`,
      headers: {
        'content-type': contentType,
        'csrf-token': 'ajax:1234567890123456789',
        'x-restli-protocol-version': '2.0.0',
      },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    },
    response: {
      status: exchange.status ?? 200,
      body: responseBody === undefined ? null : typeof responseBody === 'string' ? responseBody : JSON.stringify(responseBody),
    },
    startedAt: exchange.startedAt ?? STARTED_AT,
  };
}

/** 16 raw bytes carried as a string, as the web client sends it. */
const TRACKING_ID = '\u00b2\u0011\u00e4V\u0007\u00a0L\u00f3\u009d\u0012\u0001z\u00c8\u0093~\u0005';

// --- messages ---

export type ResponseForm = 'value' | 'data' | 'normalised' | 'none';

export interface CreateMessageOptions extends Exchange {
  text: string;
  /** Thread id (`2-…`) of an existing conversation: a reply. */
  thread?: string;
  /** Profile ids of the people a first message goes to. */
  hostRecipients?: string[];
  subject?: string;
  originToken?: string;
  /** Message id part of the response's `urn:li:msg_message:(…)`. */
  messageId?: string;
  /** Thread id the server answers with (for a first message). */
  responseThread?: string;
  response?: ResponseForm;
  /** Extra fields on the response's message entity (e.g. markers). */
  responseExtra?: Record<string, unknown>;
}

/** `POST voyagerMessagingDashMessengerMessages?action=createMessage`, JSON sent as text/plain. */
export function createMessage(options: CreateMessageOptions): Observation {
  const originToken = options.originToken ?? '8c0f3c2e-6c7d-4f0b-9f59-2d1c3b6a4e11';
  const message: Record<string, unknown> = {
    body: { attributes: [], text: options.text },
    renderContentUnions: [],
    originToken,
  };
  if (options.thread) message.conversationUrn = conversationUrn(options.thread);
  if (options.subject !== undefined) message.subject = options.subject;
  const body: Record<string, unknown> = {
    message,
    mailboxUrn: ME_URN,
    trackingId: TRACKING_ID,
    dedupeByClientGeneratedToken: false,
  };
  if (options.hostRecipients) body.hostRecipientUrns = options.hostRecipients.map(profileUrn);

  const thread = options.thread ?? options.responseThread ?? '2-NjM3ZDBlZTMtNTFkYy00YjVhLWE1NTUtNjgxYjk2ZjVkNDgzXzAxMA==';
  const entity = {
    entityUrn: messageUrn(options.messageId ?? '2-MTc0MTk0NDYwMDAwMGIxMjM0NS0wMDQmNjM3ZDBl'),
    backendUrn: 'urn:li:messagingMessage:2-MTc0MTk0NDYwMDAwMGIxMjM0NS0wMDQmNjM3ZDBl',
    originToken,
    deliveredAt: (options.startedAt ?? STARTED_AT) + 412,
    body: { attributes: [], text: options.text },
    subject: options.subject ?? null,
    $type: 'com.linkedin.messenger.Message',
    ...options.responseExtra,
  };
  let response: unknown;
  switch (options.response ?? 'value') {
    case 'value':
      response = { value: { ...entity, conversationUrn: conversationUrn(thread) } };
      break;
    case 'data':
      response = {
        data: { value: { ...entity, conversationUrn: conversationUrn(thread) }, $type: 'com.linkedin.restli.common.ActionResponse' },
        included: [],
      };
      break;
    case 'normalised':
      response = {
        data: { '*value': entity.entityUrn, $type: 'com.linkedin.restli.common.ActionResponse' },
        included: [{ ...entity, '*conversation': conversationUrn(thread) }],
      };
      break;
    case 'none':
      response = undefined;
      break;
  }
  return linkedinObservation(
    'POST',
    '/voyager/api/voyagerMessagingDashMessengerMessages?action=createMessage',
    body,
    response,
    options,
    'text/plain;charset=UTF-8',
  );
}

/** The older `POST /voyager/api/messaging/conversations?action=create`. */
export function legacyCreateConversation(
  options: Exchange & { text: string; recipients: string[]; subtype?: string; subject?: string },
): Observation {
  const messageCreate: Record<string, unknown> = { attributedBody: { text: options.text, attributes: [] }, attachments: [] };
  if (options.subject !== undefined) messageCreate.subject = options.subject;
  const body = {
    keyVersion: 'LEGACY_INBOX',
    conversationCreate: {
      eventCreate: { value: { 'com.linkedin.voyager.messaging.create.MessageCreate': messageCreate } },
      recipients: options.recipients,
      subtype: options.subtype ?? 'MEMBER_TO_MEMBER',
    },
  };
  const response = {
    value: {
      createdAt: (options.startedAt ?? STARTED_AT) + 380,
      eventUrn: 'urn:li:fs_event:(2-ZmVlZGJhY2s=,5-MTc0MTk0NDYwMDM4MA==)',
      backendEventUrn: 'urn:li:messagingMessage:5-MTc0MTk0NDYwMDM4MA==',
      conversationUrn: 'urn:li:fs_conversation:2-ZmVlZGJhY2s=',
      backendConversationUrn: 'urn:li:messagingThread:2-ZmVlZGJhY2s=',
    },
  };
  return linkedinObservation('POST', '/voyager/api/messaging/conversations?action=create', body, response, options);
}

/** `?action=recall` on a message (body names the message). */
export function recallMessage(urn: string, exchange: Exchange = {}): Observation {
  return linkedinObservation(
    'POST',
    '/voyager/api/voyagerMessagingDashMessengerMessages?action=recall',
    { messageUrn: urn },
    { value: null },
    exchange,
    'text/plain;charset=UTF-8',
  );
}

/** Typing indicator: not a send. */
export function typingIndicator(thread: string): Observation {
  return linkedinObservation(
    'POST',
    '/voyager/api/voyagerMessagingDashMessengerConversations?action=typing',
    { conversationUrn: conversationUrn(thread) },
    '',
  );
}

/** Delivery acknowledgement the client sends after receiving: not a send. */
export function deliveryAcknowledgement(urn: string): Observation {
  return linkedinObservation(
    'POST',
    '/voyager/api/voyagerMessagingDashMessengerMessageDeliveryAcknowledgements?action=sendDeliveryAcknowledgement',
    { messageUrns: [urn], clientId: 'voyager-web', deliveryMechanism: 'REALTIME', clientConsumedAt: STARTED_AT },
    { value: null },
  );
}

/** Badge reset: not a send. */
export function markAllMessagesAsSeen(): Observation {
  return linkedinObservation(
    'POST',
    '/voyager/api/voyagerMessagingDashMessagingBadge?action=markAllMessagesAsSeen',
    { until: STARTED_AT },
    { value: null },
  );
}

/** Marking one conversation read (a partial update on the conversation): not a send. */
export function readReceipt(thread: string): Observation {
  return linkedinObservation(
    'POST',
    `/voyager/api/voyagerMessagingDashMessengerConversations/${encodeURIComponent(conversationUrn(thread))}`,
    { patch: { $set: { read: true } } },
    '',
  );
}

// --- conversation lists and threads ---

export interface Person {
  id: string;
  firstName: string;
  lastName: string;
  distance?: string;
}

export interface ConversationSpec {
  thread: string;
  /** Everyone in it, the user included (as LinkedIn lists them). */
  people: Person[];
  groupChat?: boolean;
}

export const SELF: Person = { id: ME, firstName: 'Robin', lastName: 'Rep', distance: 'SELF' };

function attributedText(text: string) {
  return { _type: 'com.linkedin.pemberly.text.AttributedText', attributes: [], text };
}

function participant(person: Person) {
  return {
    hostIdentityUrn: profileUrn(person.id),
    entityUrn: `urn:li:msg_messagingParticipant:${profileUrn(person.id)}`,
    _type: 'com.linkedin.messenger.MessagingParticipant',
    participantType: {
      member: {
        profileUrl: `https://www.linkedin.com/in/${person.id}`,
        firstName: attributedText(person.firstName),
        lastName: attributedText(person.lastName),
        distance: person.distance ?? 'DISTANCE_2',
        pronoun: null,
        _type: 'com.linkedin.messenger.MemberParticipantInfo',
        headline: attributedText('Head of Procurement'),
      },
      custom: null,
      organization: null,
    },
    backendUrn: 'urn:li:member:607664758',
  };
}

function conversation(spec: ConversationSpec) {
  return {
    notificationStatus: 'ACTIVE',
    conversationParticipants: spec.people.map(participant),
    unreadCount: 0,
    lastActivityAt: STARTED_AT - 60_000,
    title: null,
    backendUrn: `urn:li:messagingThread:${spec.thread}`,
    createdAt: STARTED_AT - 86_400_000,
    entityUrn: conversationUrn(spec.thread),
    categories: ['INBOX', 'PRIMARY_INBOX'],
    read: true,
    groupChat: spec.groupChat ?? spec.people.length > 2,
    _type: 'com.linkedin.messenger.Conversation',
    conversationUrl: `https://www.linkedin.com/messaging/thread/${spec.thread}/`,
    messages: {
      _type: 'com.linkedin.restli.common.CollectionResponse',
      elements: [
        {
          entityUrn: messageUrn('2-bGFzdA=='),
          body: attributedText('See you Thursday'),
          sender: participant(spec.people[0] as Person),
          _type: 'com.linkedin.messenger.Message',
        },
      ],
    },
  };
}

/** `GET voyagerMessagingGraphQL/graphql?queryId=messengerConversations.<hash>&variables=(mailboxUrn:…)` as plain JSON. */
export function conversationList(specs: ConversationSpec[], exchange: Exchange = {}): Observation {
  const response = {
    data: {
      _type: 'com.linkedin.bc13e1b1426cc03e36eab503d342cabe',
      messengerConversationsBySyncToken: {
        _type: 'com.linkedin.restli.common.CollectionResponse',
        metadata: { newSyncToken: 'hP3V1q5i1tHZh69iLnVybjpsaTpmYWJyaWM6cHJvZC1sdmExAA==', _type: 'com.linkedin.messenger.SyncMetadata' },
        elements: specs.map(conversation),
      },
    },
  };
  return linkedinObservation(
    'GET',
    `/voyager/api/voyagerMessagingGraphQL/graphql?queryId=messengerConversations.0d5e6781bbee71c3e51c8843c6519f48&variables=(mailboxUrn:${encodeURIComponent(ME_URN)})`,
    undefined,
    response,
    exchange,
  );
}

/** The same list in LinkedIn's normalised form: references (`*…`) into `included`. */
export function normalisedConversationList(specs: ConversationSpec[], exchange: Exchange = {}): Observation {
  const included: unknown[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const { conversationParticipants: people, messages: _messages, ...rest } = conversation(spec);
    for (const person of people) {
      if (seen.has(person.entityUrn)) continue;
      seen.add(person.entityUrn);
      included.push({ ...person, $type: 'com.linkedin.messenger.MessagingParticipant' });
    }
    included.push({
      ...rest,
      $type: 'com.linkedin.messenger.Conversation',
      '*conversationParticipants': people.map((person) => person.entityUrn),
    });
  }
  const response = {
    data: {
      data: {
        $type: 'com.linkedin.bc13e1b1426cc03e36eab503d342cabe',
        messengerConversationsBySyncToken: {
          '*elements': specs.map((spec) => conversationUrn(spec.thread)),
          $type: 'com.linkedin.restli.common.CollectionResponse',
        },
      },
    },
    included,
  };
  return linkedinObservation(
    'GET',
    `/voyager/api/voyagerMessagingGraphQL/graphql?queryId=messengerConversations.9501074288a12f3ae9e3c7ea243bccbf&variables=(query:(predicateUnions:List((conversationCategoryPredicate:(category:PRIMARY_INBOX)))),count:20,mailboxUrn:${encodeURIComponent(ME_URN)})`,
    undefined,
    response,
    exchange,
  );
}

/** A thread's messages (`queryId=messengerMessages.<hash>`): the conversation appears only as a reference. */
export function messageThread(thread: string, from: Person): Observation {
  const response = {
    data: {
      messengerMessagesBySyncToken: {
        _type: 'com.linkedin.restli.common.CollectionResponse',
        elements: [
          {
            entityUrn: messageUrn('2-b25l'),
            body: attributedText('Happy to chat'),
            sender: participant(from),
            originToken: null,
            conversation: { _type: 'com.linkedin.messenger.Conversation', entityUrn: conversationUrn(thread) },
          },
        ],
      },
    },
  };
  return linkedinObservation(
    'GET',
    `/voyager/api/voyagerMessagingGraphQL/graphql?queryId=messengerMessages.5846eeb71c981f11e0134cb6626cc314&variables=(conversationUrn:${encodeURIComponent(conversationUrn(thread))})`,
    undefined,
    response,
  );
}

// --- connection requests ---

export interface InviteOptions extends Exchange {
  invitee: string;
  note?: string;
  invitationId?: string;
  /** `verifyQuotaAndCreate` (older) instead of `verifyQuotaAndCreateV2`. */
  v1?: boolean;
  response?: 'normalised' | 'value' | 'none';
  inviteeName?: { firstName: string; lastName: string };
}

/** `POST voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreateV2&decorationId=…`. */
export function connectionRequest(options: InviteOptions): Observation {
  const body: Record<string, unknown> = { invitee: { inviteeUnion: { memberProfile: profileUrn(options.invitee) } } };
  if (options.note !== undefined) body.customMessage = options.note;
  const invitationUrn = `urn:li:fsd_invitation:${options.invitationId ?? '7233657330934931457'}`;
  const value = {
    invitationUrn,
    $recipeTypes: ['com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee'],
    $type: 'com.linkedin.voyager.dash.relationships.invitation.InvitationCreationResult',
    '*invitation': invitationUrn,
  };
  const included: unknown[] = [{ entityUrn: invitationUrn, $type: 'com.linkedin.voyager.dash.relationships.invitation.Invitation' }];
  if (options.inviteeName) {
    included.push({
      entityUrn: profileUrn(options.invitee),
      firstName: options.inviteeName.firstName,
      lastName: options.inviteeName.lastName,
      $type: 'com.linkedin.voyager.dash.identity.profile.Profile',
    });
  }
  const response =
    options.response === 'none'
      ? undefined
      : options.response === 'value'
        ? { value }
        : { data: { value, $type: 'com.linkedin.restli.common.ActionResponse' }, included };
  const action = options.v1 ? 'verifyQuotaAndCreate' : 'verifyQuotaAndCreateV2';
  return linkedinObservation(
    'POST',
    `/voyager/api/voyagerRelationshipsDashMemberRelationships?action=${action}&decorationId=com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee-2`,
    body,
    response,
    { pageUrl: `${ORIGIN}/in/dana-buyer-4b2a1/`, ...options },
  );
}

export interface ServerDrivenInviteOptions extends Exchange {
  memberId: string;
  profileId: string;
  vanityName: string;
  firstName: string;
  lastName: string;
  note?: string;
  sduiid?: string;
}

/** A React Server Components stream: lines of `id:payload`, not one JSON document. */
export const RSC_STREAM =
  '0:{"a":"$@1","f":"","b":"k3Jd8fH2"}\n' +
  '1:I["(app-pages-browser)/./src/sdui/actions.tsx",["static/chunks/5123.js"],"SetState"]\n' +
  '2:["$","$L1",null,{"stateKey":"state:invitation:urn:li:member:493105629","stateValue":"Pending"}]\n';

/** `POST /flagship-web/rsc-action/actions/server-request?sduiid=com.linkedin.sdui.requests.mynetwork.addaAddConnection`. */
export function serverDrivenConnect(options: ServerDrivenInviteOptions): Observation {
  const requestId = options.sduiid ?? 'com.linkedin.sdui.requests.mynetwork.addaAddConnection';
  const payload: Record<string, unknown> = {
    inviteeUrn: { memberId: options.memberId },
    nonIterableProfileId: options.profileId,
    renderMode: 'IconAndText',
    firstName: options.firstName,
    lastName: options.lastName,
    isDisabled: { key: `connect-button-disabled-${options.vanityName}`, namespace: null },
    connectionState: { key: `state:invitation:urn:li:member:${options.memberId}`, namespace: null },
    origin: 'InvitationOrigin_PYMK_COHORT_SECTION',
    profileCanonicalUrl: `https://www.linkedin.com/in/${options.vanityName}`,
    firstFiveInviteCount: { key: 'guidedFlowNumSentInvites', namespace: '' },
    postActionSentConfigs: [],
  };
  if (options.note !== undefined) payload.customMessage = options.note;
  const requestedArguments = {
    $type: 'proto.sdui.actions.requests.RequestedArguments',
    payload,
    requestedStateKeys: [
      {
        $type: 'proto.sdui.StateKey',
        value: 'guidedFlowNumSentInvites',
        key: { $type: 'proto.sdui.Key', value: { $case: 'id', id: 'guidedFlowNumSentInvites' } },
        namespace: '',
        isEncrypted: false,
      },
    ],
    requestMetadata: { $type: 'proto.sdui.common.RequestMetadata' },
  };
  const body = {
    requestId,
    serverRequest: { requestId, requestedArguments, isStreaming: false, rumPageKey: '', isApfcEnabled: false },
    states: [],
    requestedArguments: { ...requestedArguments, states: [], screenId: 'com.linkedin.sdui.flagshipnav.mynetwork.Grow' },
  };
  return linkedinObservation('POST', `/flagship-web/rsc-action/actions/server-request?sduiid=${requestId}`, body, RSC_STREAM, {
    pageUrl: `${ORIGIN}/mynetwork/grow/`,
    ...options,
  });
}

// --- Sales Navigator ---

export function salesProfileUrn(id: string): string {
  return `urn:li:fs_salesProfile:(${id},NAME_SEARCH,Xy3k)`;
}

export interface SalesMessageOptions extends Exchange {
  body: string;
  recipients?: string[];
  subject?: string;
  threadId?: string;
  messageId?: string;
  response?: 'data' | 'value' | 'none';
  responseExtra?: Record<string, unknown>;
}

/** `POST /sales-api/salesApiMessageActions?action=createMessage`. */
export function salesNavigatorMessage(options: SalesMessageOptions): Observation {
  const request: Record<string, unknown> = { body: options.body, copyToCrm: false, trackingId: TRACKING_ID };
  if (options.subject !== undefined) request.subject = options.subject;
  if (options.recipients) request.recipients = options.recipients.map(salesProfileUrn);
  if (options.threadId) request.threadId = options.threadId;
  const value = {
    threadId: options.threadId ?? '2-OWJiZTQ2ZTAtYzQ1Ny00MWYxLWE5NWEtN2I1M2M0ZDk5ZTRkXzEwMA==',
    messageId: options.messageId ?? '2-MTc0MTk0NDYwMTIzNGI1NDMyMS0xMDAmOWJiZTQ2ZTA=',
    $type: 'com.linkedin.sales.messaging.message.CreateMessageResponse',
    ...options.responseExtra,
  };
  const response =
    options.response === 'none'
      ? undefined
      : options.response === 'value'
        ? { value }
        : { data: { $type: 'com.linkedin.restli.common.ActionResponse', value }, included: [] };
  return linkedinObservation(
    'POST',
    '/sales-api/salesApiMessageActions?action=createMessage',
    { createMessageRequest: request },
    response,
    { pageUrl: `${ORIGIN}/sales/lead/ACwAAB2dJ9kBx,NAME_SEARCH,Xy3k`, ...options },
  );
}

/** `POST /sales-api/salesApiConnection?action=connectV2` with `{member, message}`. */
export function salesNavigatorConnect(options: Exchange & { member: string; message?: string }): Observation {
  const body: Record<string, unknown> = { member: options.member };
  if (options.message !== undefined) body.message = options.message;
  return linkedinObservation(
    'POST',
    '/sales-api/salesApiConnection?action=connectV2',
    body,
    { value: {} },
    {
      pageUrl: `${ORIGIN}/sales/search/people`,
      ...options,
    },
  );
}

// --- social touches ---

export const ACTIVITY_URN = 'urn:li:activity:7302001122334455667';

/** Like (with reactionType) or un-like (without): same query family, different hashes. */
export function reaction(options: Exchange & { threadUrn?: string; reactionType?: string; responseBody?: unknown }): Observation {
  const threadUrn = options.threadUrn ?? ACTIVITY_URN;
  const queryId = options.reactionType
    ? 'voyagerSocialDashReactions.b731222600772fd42464c0fe19bd722b'
    : 'voyagerSocialDashReactions.f68b48ae5bc0085d7a45c7003b772a39';
  const variables = options.reactionType ? { entity: { reactionType: options.reactionType }, threadUrn } : { threadUrn };
  return linkedinObservation(
    'POST',
    `/voyager/api/graphql?action=execute&queryId=${queryId}`,
    { variables, queryId, includeWebMetadata: true },
    options.responseBody ?? { data: { data: { doCreateSocialDashReactions: { '*entity': 'urn:li:fsd_reaction:(…)' } } }, included: [] },
    { pageUrl: `${ORIGIN}/feed/`, ...options },
  );
}

/** `POST voyagerSocialDashNormComments?decorationId=…` creating a comment. */
export function comment(
  options: Exchange & { text: string; threadUrn?: string; commentId?: string; response?: 'data' | 'none' },
): Observation {
  const threadUrn = options.threadUrn ?? ACTIVITY_URN;
  const commentUrn = `urn:li:fsd_comment:(${options.commentId ?? '7302009988776655443'},${threadUrn})`;
  const response =
    options.response === 'none'
      ? undefined
      : {
          data: {
            entityUrn: commentUrn,
            commentary: { text: options.text, attributesV2: [] },
            threadUrn,
            $type: 'com.linkedin.voyager.dash.social.Comment',
          },
          included: [],
        };
  return linkedinObservation(
    'POST',
    '/voyager/api/voyagerSocialDashNormComments?decorationId=com.linkedin.voyager.dash.deco.social.NormComment-43',
    {
      commentary: { text: options.text, attributesV2: [], $type: 'com.linkedin.voyager.dash.common.text.TextViewModel' },
      threadUrn,
    },
    response,
    { pageUrl: `${ORIGIN}/feed/`, ...options },
  );
}

/** A LinkedIn error answer (e.g. 400 CANT_RESEND_YET, 429), keeping the request. */
export function failed(observation: Observation, status: number, serviceErrorCode = 'CANT_RESEND_YET'): Observation {
  return {
    ...observation,
    response: { status, body: JSON.stringify({ status, code: serviceErrorCode, message: 'Request not allowed' }) },
  };
}

// --- older forms public clients still send (issue 12 item 6) ---

/**
 * A reply through the older conversation events endpoint:
 * `POST /voyager/api/messaging/conversations/<thread>/events?action=create` with
 * {"eventCreate":{"originToken","value":{"com.linkedin.voyager.messaging.create.MessageCreate":
 * {"attributedBody":{"text","attributes":[]},"attachments":[]}},"trackingId"},"dedupeByClientGeneratedToken":false};
 * success is HTTP 201. Source: tomquirk/linkedin-api (linkedin_api/linkedin.py `send_message`:
 * `self._post(f"/messaging/conversations/{conversation_urn_id}/events", params={"action": "create"},
 * data=json.dumps(message_event))`, checking `status_code != 201`), and forks that post the same body
 * from the browser. The answer's `value` {createdAt, eventUrn "urn:li:fs_event:(2-<thread>,5-<id>)",
 * backendEventUrn, conversationUrn, backendConversationUrn} follows legacyCreateConversation's.
 */
export function conversationEventReply(
  options: Exchange & { thread?: string; text?: string; originToken?: string; responseBody?: unknown } = {},
): Observation {
  const thread = options.thread ?? LEGACY_THREAD;
  const body = {
    eventCreate: {
      originToken: options.originToken ?? '6f2c9a4e-1b7d-4c3a-9e8f-0a1b2c3d4e5f',
      value: {
        'com.linkedin.voyager.messaging.create.MessageCreate': {
          attributedBody: { text: options.text ?? 'SECRET-MESSAGE-TEXT', attributes: [] },
          attachments: [],
        },
      },
      trackingId: TRACKING_ID,
    },
    dedupeByClientGeneratedToken: false,
  };
  const response =
    options.responseBody !== undefined
      ? options.responseBody
      : {
          value: {
            createdAt: (options.startedAt ?? STARTED_AT) + 412,
            eventUrn: `urn:li:fs_event:(${thread},5-MTc0MTk0NDYwMDQxMg==)`,
            backendEventUrn: LEGACY_EVENT_URN,
            conversationUrn: `urn:li:fs_conversation:${thread}`,
            backendConversationUrn: `urn:li:messagingThread:${thread}`,
          },
        };
  return linkedinObservation(
    'POST',
    `/voyager/api/messaging/conversations/${encodeURIComponent(thread)}/events?action=create`,
    body,
    response,
    {
      status: 201,
      pageUrl: `${ORIGIN}/messaging/thread/${thread}/`,
      ...options,
    },
  );
}

export const LEGACY_THREAD = '2-ZmVlZGJhY2tUaHJlYWQ=';
export const LEGACY_EVENT_URN = 'urn:li:messagingMessage:5-MTc0MTk0NDYwMDQxMg==';

/**
 * A reaction posted straight to the collection: `POST /voyager/api/voyagerSocialDashReactions?threadUrn=<url-encoded urn>`
 * with {"reactionType":"LIKE"} (LIKE | PRAISE | APPRECIATION | EMPATHY | INTEREST | ENTERTAINMENT), answered
 * 201 with an empty body (the reaction's URN only in the X-RestLi-Id header). Sources: public LinkedIn
 * automation clients (`likePost`, `sendLike`, `react`) and a documented live capture ("Set like /
 * reaction — VERIFIED (HTTP 201, Voyager)"). The same path with GET and `q=reactionType` lists a
 * post's reactions. Removal through the collection (DELETE …/voyagerSocialDashReactions/<reaction urn>)
 * is not watched: no public trace shows the web client doing it (its un-react goes through GraphQL).
 */
export function reactionCollectionPost(
  options: Exchange & { threadUrn?: string; reactionType?: string; responseBody?: unknown } = {},
): Observation {
  const threadUrn = options.threadUrn ?? ACTIVITY_URN;
  return linkedinObservation(
    'POST',
    `/voyager/api/voyagerSocialDashReactions?threadUrn=${encodeURIComponent(threadUrn)}`,
    { reactionType: options.reactionType ?? 'LIKE' },
    options.responseBody,
    { status: 201, pageUrl: `${ORIGIN}/feed/`, ...options },
  );
}

// --- the fixture set tests/unit/capture/registry.test.ts runs (see source-fixtures.ts) ---

const FIXTURE_THREAD = '2-ZDFjZGNmYzUtOWI0My00NThjLWE3YTItMTE1N2U4YjgzYThkXzAxMw==';
const FIXTURE_PROSPECT = 'ACoAACQ4OnYBUb2skzde0qnH0tK06L3CXQRGBvY';
const FIXTURE_LEAD = 'ACwAAB2dJ9kBxQ7yQ';

export const captureFixtures: SourceFixtures = {
  positive: {
    'reply in a conversation': createMessage({ text: 'Following up', thread: FIXTURE_THREAD }),
    'first message (normalised response)': createMessage({ text: 'Hello', hostRecipients: [FIXTURE_PROSPECT], response: 'normalised' }),
    InMail: createMessage({ text: 'Quick question', subject: 'Your Q3 rollout', hostRecipients: [FIXTURE_PROSPECT] }),
    'older conversations?action=create': legacyCreateConversation({ text: 'Hello', recipients: [FIXTURE_PROSPECT] }),
    'connection request with a note': connectionRequest({ invitee: FIXTURE_PROSPECT, note: 'Met you at SaaStr' }),
    'server-driven Connect': serverDrivenConnect({
      memberId: '493105629',
      profileId: FIXTURE_PROSPECT,
      vanityName: 'dana',
      firstName: 'Dana',
      lastName: 'Buyer',
    }),
    'Sales Navigator InMail': salesNavigatorMessage({ body: 'Saw your post', subject: 'Procurement', recipients: [FIXTURE_LEAD] }),
    'Sales Navigator connect': salesNavigatorConnect({ member: FIXTURE_LEAD }),
    reaction: reaction({ reactionType: 'LIKE' }),
    comment: comment({ text: 'Great point' }),
    'reply through the older conversation events endpoint': conversationEventReply(),
    'reply through conversation events, answer unread': conversationEventReply({
      responseBody: null,
      originToken: '0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a',
    }),
    'reaction posted to the reactions collection': reactionCollectionPost(),
    'PRAISE on a ugcPost through the collection (200)': reactionCollectionPost({
      reactionType: 'PRAISE',
      threadUrn: 'urn:li:ugcPost:7083331764475072512',
      status: 200,
    }),
  },
  negative: {
    'typing indicator': typingIndicator(FIXTURE_THREAD),
    'read receipt': readReceipt(FIXTURE_THREAD),
    'recalled message (a retraction)': recallMessage(messageUrn('2-MTc0MTk0NDYwMDAwMGIxMjM0NS0wMDQmNjM3ZDBl')),
    'removed reaction (a retraction)': reaction({}),
    'conversation list (participants only)': conversationList([
      { thread: FIXTURE_THREAD, people: [SELF, { id: FIXTURE_PROSPECT, firstName: 'Dana', lastName: 'Buyer' }] },
    ]),
    'message refused (400 CANT_RESEND_YET)': failed(createMessage({ text: 'Hi', thread: FIXTURE_THREAD }), 400),
    'invitation refused (429)': failed(connectionRequest({ invitee: FIXTURE_PROSPECT }), 429),
    'reaction answered with GraphQL errors': reaction({ reactionType: 'LIKE', responseBody: { errors: [{ message: 'Invalid input' }] } }),
    // Reads the page makes: who the rep is, their post with its comments, who reacted (engagement, not outreach).
    'the member (/voyager/api/me)': meAnswer(),
    'the rep’s post with a comment': postPage(),
    'more comments of a post': postComments({ comments: [{ profileId: REACTOR }] }),
    'who reacted to a post': postReactions({ reactors: [{ profileId: REACTOR }] }),
    "reading a conversation's events": linkedinObservation(
      'GET',
      `/voyager/api/messaging/conversations/${encodeURIComponent(LEGACY_THREAD)}/events`,
      undefined,
      { elements: [] },
    ),
    "listing a post's reactions": linkedinObservation(
      'GET',
      `/voyager/api/voyagerSocialDashReactions?threadUrn=${encodeURIComponent(ACTIVITY_URN)}&q=reactionType`,
      undefined,
      { elements: [] },
    ),
    'conversation event refused (400)': conversationEventReply({
      status: 400,
      responseBody: { status: 400, serviceErrorCode: 'CANT_RESEND_YET' },
    }),
    'conversation event throttled (429)': conversationEventReply({ status: 429, responseBody: '' }),
    'reaction to the collection refused (403)': reactionCollectionPost({
      status: 403,
      responseBody: { status: 403, message: 'Forbidden' },
    }),
    'conversation event markAsRead': linkedinObservation(
      'POST',
      `/voyager/api/messaging/conversations/${encodeURIComponent(LEGACY_THREAD)}/events?action=markAsRead`,
      {},
      undefined,
    ),
    'conversation event without a MessageCreate': linkedinObservation(
      'POST',
      `/voyager/api/messaging/conversations/${encodeURIComponent(LEGACY_THREAD)}/events?action=create`,
      { eventCreate: { value: {} } },
      undefined,
      { status: 201 },
    ),
    'reaction to the collection without a thread': linkedinObservation(
      'POST',
      '/voyager/api/voyagerSocialDashReactions?threadUrn=',
      { reactionType: 'LIKE' },
      undefined,
      { status: 201 },
    ),
    'reaction to the collection without a type': linkedinObservation(
      'POST',
      `/voyager/api/voyagerSocialDashReactions?threadUrn=${encodeURIComponent(ACTIVITY_URN)}`,
      {},
      undefined,
      { status: 201 },
    ),
  },
  learnsEngagement: {
    'a comment on the rep’s post (the post page)': { observation: postPage(), context: { linkedinSelf: ME_URN } },
    'a reaction to the rep’s post learned before': {
      observation: postReactions({ reactors: [{ profileId: REACTOR }] }),
      context: { ownPost: (id: string) => (id === `urn:li:activity:${OWN_POST}` ? { topics: [] } : undefined) },
    },
  },
};
