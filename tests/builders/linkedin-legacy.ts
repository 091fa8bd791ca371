import type { Observation } from '../../lib/capture/types';

/**
 * The two LinkedIn forms the detector misses today (issue 12 item 6), shaped like what public
 * clients still send:
 * - A reply through the older conversation events endpoint:
 *   `POST /voyager/api/messaging/conversations/<conversation id>/events?action=create` with
 *   {"eventCreate":{"originToken":"<uuid>","value":{"com.linkedin.voyager.messaging.create.MessageCreate":
 *   {"attributedBody":{"text":…,"attributes":[]},"attachments":[]}},"trackingId":…},
 *   "dedupeByClientGeneratedToken":false}; success is HTTP 201. Source: tomquirk/linkedin-api
 *   (linkedin_api/linkedin.py `send_message`: `self._post(f"/messaging/conversations/{conversation_urn_id}/events",
 *   params={"action": "create"}, data=json.dumps(message_event))`, checking `status_code != 201`), and forks
 *   that post the same body from the browser with `x-restli-protocol-version: 2.0.0`. The answer's
 *   `value` {createdAt, eventUrn "urn:li:fs_event:(2-<thread>,5-<id>)", backendEventUrn,
 *   conversationUrn, backendConversationUrn} follows the conversation-create answer already in
 *   tests/builders/linkedin.ts (legacyCreateConversation).
 * - A reaction posted straight to the reactions collection:
 *   `POST /voyager/api/voyagerSocialDashReactions?threadUrn=<url-encoded urn:li:activity:…>` with
 *   {"reactionType":"LIKE"} (LIKE | PRAISE | APPRECIATION | EMPATHY | INTEREST | ENTERTAINMENT),
 *   answered 201 with an empty body (the new reaction's id only in the X-RestLi-Id response header:
 *   `urn:li:fsd_reaction:(urn:li:fsd_profile:<me>,urn:li:activity:<id>,0)`). Sources: public
 *   LinkedIn automation clients (`likePost`, `sendLike`, `react`) and a documented live capture
 *   ("Set like / reaction — VERIFIED (HTTP 201, Voyager)"). The same path with GET and `q=reactionType`
 *   lists a post's reactions: not a reaction. Removing one through the collection
 *   (`DELETE /voyager/api/voyagerSocialDashReactions/<url-encoded fsd_reaction urn>`) is this
 *   project's assumption, unverified: the documented un-react goes through GraphQL or a server-driven
 *   action, which the detector already handles (GraphQL) or cannot see (server-driven).
 * Ids are made up.
 */

export const ORIGIN = 'https://www.linkedin.com';
export const ME = 'ACoAAB1meZz0000000000000000000000000000aa';
export const THREAD = '2-ZmVlZGJhY2tUaHJlYWQ=';
export const ACTIVITY = 'urn:li:activity:7183456789012345678';
export const STARTED_AT = Date.UTC(2025, 2, 14, 9, 30, 0);

export interface LegacyExchange {
  status?: number;
  responseBody?: unknown;
  startedAt?: number;
}

function observation(method: string, pathAndQuery: string, body: unknown, responseBody: unknown, exchange: LegacyExchange): Observation {
  return {
    pageUrl: `${ORIGIN}/messaging/thread/${THREAD}/`,
    request: {
      method,
      url: `${ORIGIN}${pathAndQuery}`,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'csrf-token': 'ajax:1234567890123456789',
        'x-restli-protocol-version': '2.0.0',
      },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    },
    response: {
      status: exchange.status ?? 201,
      body: responseBody === undefined ? null : typeof responseBody === 'string' ? responseBody : JSON.stringify(responseBody),
    },
    startedAt: exchange.startedAt ?? STARTED_AT,
  };
}

/** A reply sent with linkedin-api's `send_message(conversation_urn_id=…)`. */
export function conversationEventReply(options: LegacyExchange & { thread?: string; text?: string; originToken?: string } = {}): Observation {
  const thread = options.thread ?? THREAD;
  const body = {
    eventCreate: {
      originToken: options.originToken ?? '6f2c9a4e-1b7d-4c3a-9e8f-0a1b2c3d4e5f',
      value: {
        'com.linkedin.voyager.messaging.create.MessageCreate': {
          attributedBody: { text: options.text ?? 'SECRET-MESSAGE-TEXT', attributes: [] },
          attachments: [],
        },
      },
      trackingId: '\u00b2\u0011\u00e4V\u0007\u00a0L\u00f3\u009d\u0012\u0001z\u00c8\u0093~\u0005',
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
            backendEventUrn: 'urn:li:messagingMessage:5-MTc0MTk0NDYwMDQxMg==',
            conversationUrn: `urn:li:fs_conversation:${thread}`,
            backendConversationUrn: `urn:li:messagingThread:${thread}`,
          },
        };
  return observation('POST', `/voyager/api/messaging/conversations/${encodeURIComponent(thread)}/events?action=create`, body, response, options);
}

/** A reaction posted to the collection (201, empty answer). */
export function reactionCollectionPost(options: LegacyExchange & { threadUrn?: string; reactionType?: string } = {}): Observation {
  const threadUrn = options.threadUrn ?? ACTIVITY;
  return observation(
    'POST',
    `/voyager/api/voyagerSocialDashReactions?threadUrn=${encodeURIComponent(threadUrn)}`,
    { reactionType: options.reactionType ?? 'LIKE' },
    options.responseBody,
    options,
  );
}

/** Unverified: removing a reaction by its URN on the collection. */
export function reactionCollectionDelete(options: LegacyExchange & { threadUrn?: string } = {}): Observation {
  const reactionUrn = `urn:li:fsd_reaction:(urn:li:fsd_profile:${ME},${options.threadUrn ?? ACTIVITY},0)`;
  return observation('DELETE', `/voyager/api/voyagerSocialDashReactions/${encodeURIComponent(reactionUrn)}`, undefined, undefined, { status: 204, ...options });
}

/** The two forms, sent and accepted: each should record once (the reaction's DELETE retracts). */
export function positives(): Observation[] {
  return [
    conversationEventReply(),
    conversationEventReply({ responseBody: null, originToken: '0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a' }),
    reactionCollectionPost(),
    reactionCollectionPost({ reactionType: 'PRAISE', threadUrn: 'urn:li:ugcPost:7083331764475072512', status: 200 }),
    reactionCollectionDelete(),
  ];
}

/** Look-alikes and failures that must record nothing. */
export function negatives(): Observation[] {
  return [
    // reading a conversation's events and a post's reactions
    observation('GET', `/voyager/api/messaging/conversations/${encodeURIComponent(THREAD)}/events`, undefined, { elements: [] }, { status: 200 }),
    observation('GET', `/voyager/api/voyagerSocialDashReactions?threadUrn=${encodeURIComponent(ACTIVITY)}&q=reactionType`, undefined, { elements: [] }, { status: 200 }),
    // refused
    conversationEventReply({ status: 400, responseBody: { status: 400, serviceErrorCode: 'CANT_RESEND_YET' } }),
    conversationEventReply({ status: 429, responseBody: '' }),
    reactionCollectionPost({ status: 403, responseBody: { status: 403, message: 'Forbidden' } }),
    // other event actions on a conversation (read receipts, typing) are not replies
    observation('POST', `/voyager/api/messaging/conversations/${encodeURIComponent(THREAD)}/events?action=markAsRead`, {}, undefined, { status: 200 }),
    // a reaction post without a reaction type or thread
    observation('POST', '/voyager/api/voyagerSocialDashReactions?threadUrn=', { reactionType: 'LIKE' }, undefined, {}),
    observation('POST', `/voyager/api/voyagerSocialDashReactions?threadUrn=${encodeURIComponent(ACTIVITY)}`, {}, undefined, {}),
  ];
}
