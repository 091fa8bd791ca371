import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * VK traffic. Shapes:
 * - API: VK's documented methods (dev.vk.com: messages.send {peer_id|user_id|chat_id|domain,
 *   random_id, message} → {"response": <id>}, with peer_ids a list of {peer_id, message_id,
 *   conversation_message_id} as typed in vk-io's MessagesSendUserIdsResponseItem; likes.add/delete
 *   {type, owner_id, item_id} → {"response":{"likes":n}}; wall.createComment {owner_id, post_id,
 *   message} → {"response":{"comment_id":n}}; wall.deleteComment → {"response":1}; errors
 *   {"error":{"error_code","error_msg"}}). The web clients post form bodies to
 *   `https://api.vk.com/method/messages.send?v=…&client_id=…` (vk.com) and
 *   `https://api.vk.me/method/messages.send?v=…` (web.vk.me): JuraSciix/mathex userscript, and
 *   public scripts posting {access_token, peer_id, random_id (negative), message, entrypoint,
 *   group_id, lang} to api.vk.me.
 * - al_*.php: the mathex userscript intercepts XHR `/al_im.php?act=a_send` with form field `msg`;
 *   VK's legacy im.js (mirrored in public repositories) builds {act:'a_send', to: peer, hash, msg,
 *   title, ts, guid, gid}; the write box posts al_mail.php {act:'a_send', to_ids, chas, message};
 *   like.php {act:'a_do_like', object:'wall-1_2', hash, from}; answers are
 *   `<!--{"payload":[0,[…]]}` (0: success, 3: access check, other codes: errors), as public
 *   scrapers of al_wall.php parse them.
 * Tokens, hashes and ids are made up.
 */

export const STARTED_AT = Date.UTC(2025, 4, 6, 12, 0, 0);
export const USER_PEER = '123456789';
export const CHAT_PEER = '2000000042';
export const GROUP_OWNER = '-29534144';

export interface VkExchange {
  status?: number;
  answer?: unknown;
  pageUrl?: string;
  method?: string;
}

function observation(url: string, form: Record<string, string>, exchange: VkExchange, defaultAnswer: unknown): Observation {
  const answer = exchange.answer === undefined ? defaultAnswer : exchange.answer;
  return {
    pageUrl: exchange.pageUrl ?? 'https://vk.com/im',
    request: {
      method: exchange.method ?? 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    },
    response: {
      status: exchange.status ?? 200,
      body: answer === null ? null : typeof answer === 'string' ? answer : JSON.stringify(answer),
    },
    startedAt: STARTED_AT,
  };
}

const TOKEN = 'vk1.a.SECRET-ACCESS-TOKEN';

export function apiCall(
  method: string,
  form: Record<string, string>,
  exchange: VkExchange & { host?: string } = {},
  defaultAnswer: unknown = { response: 1 },
): Observation {
  const host = exchange.host ?? 'api.vk.com';
  return observation(
    `https://${host}/method/${method}?v=5.245&client_id=6287487`,
    { ...form, access_token: TOKEN },
    { pageUrl: host === 'api.vk.me' ? 'https://web.vk.me/convo/123456789' : 'https://vk.com/im/convo/123456789', ...exchange },
    defaultAnswer,
  );
}

export function messagesSend(
  peer: Record<string, string> = { peer_id: USER_PEER },
  exchange: VkExchange & { host?: string } = {},
): Observation {
  return apiCall(
    'messages.send',
    { random_id: '-482915736', message: 'SECRET-MESSAGE-TEXT', entrypoint: 'list_all', group_id: '0', lang: 'ru', ...peer },
    exchange,
    { response: 771205 },
  );
}

export function alCall(
  page: string,
  act: string,
  form: Record<string, string>,
  exchange: VkExchange = {},
  payload: unknown = [],
): Observation {
  return observation(
    `https://vk.com/${page}.php?act=${act}`,
    { act, al: '1', ...form },
    exchange,
    `<!--{"payload":[0,${JSON.stringify(payload)}],"statsMeta":{"platform":"web2","st":1746532800}}`,
  );
}

export function alImSend(to = USER_PEER, exchange: VkExchange = {}, payload: unknown = [{ msg_id: 771206 }]): Observation {
  return alCall(
    'al_im',
    'a_send',
    { to, hash: 'a1b2c3d4e5f6', msg: 'SECRET-MESSAGE-TEXT', title: '', ts: '1746532800', guid: '1746532800123.4242', gid: '0', im_v: '3' },
    exchange,
    payload,
  );
}

/**
 * The write box ("Write a message" on a profile or in the friends list) of the older web client: its
 * writebox.js (VK's own bundle, mirrored in public repositories) calls
 * `ajax.post("al_im.php", {act: "a_send_box", chas, message, title, from: "box", entrypoint:
 * "writebox"|"friends", media, to_ids})`; ajax.post sends the fields as the form body with `al=1`
 * and leaves the URL bare, and `onDone(html, peer)` receives the payload's two values.
 */
export function alSendBox(toIds = USER_PEER, exchange: VkExchange = {}): Observation {
  return observation(
    'https://vk.com/al_im.php',
    {
      act: 'a_send_box',
      al: '1',
      chas: 'f6a202e818',
      message: 'SECRET-MESSAGE-TEXT',
      title: '',
      from: 'box',
      entrypoint: 'writebox',
      media: '',
      to_ids: toIds,
    },
    { pageUrl: `https://vk.com/id${toIds.split(',')[0]}`, ...exchange },
    `<!--{"payload":[0,["\\"<div class=\\"msg_done\\">\\"",${JSON.stringify(JSON.stringify(toIds))}]],"statsMeta":{"platform":"web2","st":1746532800}}`,
  );
}

/** Requests that record a message or a social touch. */
const SENDS: Record<string, Observation> = {
  'messages.send to a user (api.vk.com)': messagesSend(),
  'messages.send to a group chat (api.vk.me)': messagesSend({ peer_id: CHAT_PEER }, { host: 'api.vk.me' }),
  'messages.send with user_id, array answer': messagesSend(
    { user_id: USER_PEER },
    { answer: { response: [{ peer_id: Number(USER_PEER), message_id: 771207, conversation_message_id: 88 }] } },
  ),
  'al_im a_send': alImSend(),
  'al_im write box (act=a_send_box in the body only)': alSendBox(),
  'al_mail a_send to two users': alCall('al_mail', 'a_send', {
    to_ids: `${USER_PEER},987654321`,
    chas: 'f6a202e818',
    message: 'SECRET-MESSAGE-TEXT',
    from: 'box',
  }),
  'likes.add on a post': apiCall('likes.add', { type: 'post', owner_id: GROUP_OWNER, item_id: '1204' }, {}, { response: { likes: 57 } }),
  'like.php a_do_like': alCall('like', 'a_do_like', { object: `wall${GROUP_OWNER}_1204`, hash: '9f8e7d', from: 'wall_one' }),
  'wall.createComment': apiCall(
    'wall.createComment',
    { owner_id: GROUP_OWNER, post_id: '1204', message: 'SECRET-COMMENT' },
    {},
    { response: { comment_id: 1210, parents_stack: [] } },
  ),
  'al_wall post with reply_to (a comment)': alCall('al_wall', 'post', {
    type: 'all',
    reply_to: `${GROUP_OWNER}_1204`,
    message: 'SECRET-COMMENT',
    hash: '0a1b2c',
    from: '',
  }),
};

/** Removals: retract the like or comment they undo. */
const RETRACTIONS: Record<string, Observation> = {
  'likes.delete': apiCall('likes.delete', { type: 'post', owner_id: GROUP_OWNER, item_id: '1204' }, {}, { response: { likes: 56 } }),
  'like.php a_do_unlike': alCall('like', 'a_do_unlike', { object: `wall${GROUP_OWNER}_1204`, hash: '9f8e7d', from: 'wall_one' }),
  'wall.deleteComment': apiCall('wall.deleteComment', { owner_id: GROUP_OWNER, comment_id: '1210' }, {}, { response: 1 }),
};

/** Look-alikes and failures that yield nothing. */
const NOTHING: Record<string, Observation> = {
  'refused by privacy settings (error 902)': messagesSend(
    { peer_id: USER_PEER },
    { answer: { error: { error_code: 902, error_msg: "Can't send messages to this user due to their privacy settings" } } },
  ),
  'server error': messagesSend({ peer_id: USER_PEER }, { status: 500, answer: 'Internal Server Error' }),
  'messages.send without a peer': messagesSend({}, {}),
  'al_im refused (payload "3")': alImSend(USER_PEER, { answer: '<!--{"payload":["3",[]]}' }),
  'al_im flood control': alImSend(USER_PEER, { answer: '<!--{"payload":[8,["Слишком много сообщений"]]}' }),
  'al_im with a malformed peer': alImSend('not-a-peer'),
  'write box refused (payload 8)': alSendBox(USER_PEER, { answer: '<!--{"payload":[8,["Flood control"]]}' }),
  'a bare al_im.php that is not a send (act in the body)': observation(
    'https://vk.com/al_im.php',
    { act: 'a_mark_read', al: '1', peer: USER_PEER, ids: '771205' },
    {},
    '<!--{"payload":[0,[]]}',
  ),
  'likes.add refused': apiCall(
    'likes.add',
    { type: 'post', owner_id: GROUP_OWNER, item_id: '1204' },
    {},
    { error: { error_code: 15, error_msg: 'Access denied' } },
  ),
  'likes.add on an unknown type': apiCall(
    'likes.add',
    { type: 'unknown_type', owner_id: GROUP_OWNER, item_id: '1204' },
    {},
    { response: { likes: 1 } },
  ),
  'a wall post, not a comment': alCall('al_wall', 'post', {
    type: 'own',
    to_id: GROUP_OWNER,
    message: 'a wall post, not a comment',
    hash: '0a1b2c',
  }),
  // typing and reading are not watched
  typing: apiCall('messages.setActivity', { peer_id: USER_PEER, type: 'typing' }),
  'mark as read': alCall('al_im', 'a_mark_read', { peer: USER_PEER, ids: '771205' }),
};

/** Sends, retractions and look-alikes: the unit tests' sets and the registry's fixture set (source-fixtures.ts). */
export function positives(): Observation[] {
  return [...Object.values(SENDS), ...Object.values(RETRACTIONS)];
}

export function negatives(): Observation[] {
  return Object.values(NOTHING);
}

// --- engagement (issue 15, point 4) ---

/** The rep's own VK page, and people who engaged with it. */
export const REP_ID = 5550001;
export const COMMENTER_ID = 777001;
export const LIKER_ID = 777002;
export const MENTIONER_ID = 777003;
/** Unix seconds, a day before STARTED_AT. */
export const COMMENTED_AT_S = STARTED_AT / 1000 - 86_400;

/**
 * `notifications.get` as dev.vk.com documents it (vk-io's NotificationsNotification and
 * NotificationsFeedback: {type, date, parent, feedback, reply}; feedback {id, from_id, to_id, text},
 * for likes {count, items:[{from_id}]}): a comment on the rep's post, a like, a mention.
 */
export function notificationsGet(
  items: unknown[] = [
    {
      type: 'comment_post',
      date: COMMENTED_AT_S,
      parent: { id: 41, owner_id: REP_ID, from_id: REP_ID, date: COMMENTED_AT_S - 3600, text: 'Пенсионное планирование: пять вопросов' },
      feedback: { id: 42, from_id: COMMENTER_ID, to_id: REP_ID, date: COMMENTED_AT_S, text: 'SECRET-COMMENT-TEXT' },
    },
    {
      type: 'like_post',
      date: COMMENTED_AT_S + 60,
      parent: { id: 41, owner_id: REP_ID, from_id: REP_ID, text: 'Пенсионное планирование: пять вопросов' },
      feedback: { count: 1, items: [{ from_id: LIKER_ID, type: 'post' }] },
    },
    {
      type: 'mention',
      date: COMMENTED_AT_S + 120,
      feedback: { id: 9, from_id: MENTIONER_ID, to_id: MENTIONER_ID, date: COMMENTED_AT_S + 120, text: '[id5550001|Рита], посоветуйте' },
    },
    { type: 'friend_accepted', date: COMMENTED_AT_S, feedback: { count: 1, items: [{ from_id: 777004 }] } },
  ],
  exchange: VkExchange & { host?: string } = {},
): Observation {
  return apiCall(
    'notifications.get',
    { count: '30', filters: 'wall,mentions,comments,likes,reposted', start_time: String(COMMENTED_AT_S - 86_400) },
    { pageUrl: 'https://vk.com/feed?section=notifications', ...exchange },
    { response: { count: items.length, items, profiles: [], groups: [], last_viewed: COMMENTED_AT_S, next_from: '' } },
  );
}

/** For tests/unit/capture/registry.test.ts: an undo records nothing, so the retractions count among the negatives. */
export const captureFixtures: SourceFixtures = {
  positive: SENDS,
  negative: { ...NOTHING, ...RETRACTIONS, 'notifications (engagement, not outreach)': notificationsGet() },
  learnsEngagement: { 'a comment, a like and a mention in notifications.get': { observation: notificationsGet() } },
};
