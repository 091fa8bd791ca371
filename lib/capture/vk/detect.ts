import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { definedIds, formFields, isObject, isSuccessStatus, parseJson, text } from '../parse';
import type { Capture, DetectContext, DetectorEvent, Observation } from '../types';
import { learnVkEngagement } from './engagement';
import { vkRules } from './rules';

/**
 * VK, two families of requests:
 * - API (dev.vk.com): `POST https://api.vk.com/method/<name>?v=…` (api.vk.me from web.vk.me), form
 *   body with access_token. `messages.send` {peer_id | user_id | chat_id | domain, random_id,
 *   message} answers {"response": <message id>} (or {"response":{"message_id","cmid"}}, or a list
 *   of {peer_id, message_id, conversation_message_id} for peer_ids); `likes.add`/`likes.delete`
 *   {type, owner_id, item_id} answer {"response":{"likes":n}}; `wall.createComment` {owner_id,
 *   post_id} answers {"response":{"comment_id":n}}; `wall.deleteComment` {owner_id, comment_id}
 *   answers {"response":1}. A failure answers {"error":{"error_code","error_msg"}}.
 * - al_*.php (the site's own XHR, form-encoded, `act` in the query or, from the older client's
 *   ajax.post, in the body only): `al_im.php?act=a_send` {to, msg, hash, guid|random_id, gid},
 *   `al_mail.php?act=a_send` {to_id|to_ids, message}, the write box's `al_im.php` {act: a_send_box,
 *   to_ids, chas, message, title, from: box, entrypoint: writebox|friends|share, media},
 *   `like.php?act=a_do_like|a_do_unlike` {object: "wall-1_2"}, `al_wall.php?act=post` {reply_to:
 *   "<owner>_<post>", message} (a comment; without reply_to it is a wall post, not counted) and
 *   `?act=delete` {post: "<owner>_<id>"}. They answer `<!--{"payload":[0,[…]]}` where 0 is success
 *   and any other code (3: access check, 8: error…) a failure.
 * Message text is never read. The peer's kind (user, chat, group) rides in detection.ids so that the
 * background can keep private chats out (issue 12).
 */

type PeerKind = 'user' | 'chat' | 'group';

const CHAT_PEER_BASE = 2_000_000_000;
const INTEGER = /^-?\d{1,19}$/;

interface Peer {
  id: string;
  kind: PeerKind;
}

function peerOf(value: string | null | undefined): Peer | undefined {
  const raw = value?.trim();
  if (!raw || !INTEGER.test(raw)) return undefined;
  const n = Number(raw);
  if (n === 0) return undefined;
  return { id: raw, kind: n >= CHAT_PEER_BASE ? 'chat' : n < 0 ? 'group' : 'user' };
}

/** The peer a message goes to: peer_id, user_id, chat_id (as its peer id) or a screen name. */
function messagePeer(fields: URLSearchParams): Peer | undefined {
  const peer = peerOf(fields.get('peer_id')) ?? peerOf(fields.get('peer')) ?? peerOf(fields.get('to')) ?? peerOf(fields.get('to_id'));
  if (peer) return peer;
  const user = peerOf(fields.get('user_id'));
  if (user) return user;
  const chat = fields.get('chat_id');
  if (chat && /^\d{1,9}$/.test(chat) && Number(chat) > 0) return { id: String(CHAT_PEER_BASE + Number(chat)), kind: 'chat' };
  const domain = text(fields.get('domain'), 100);
  if (domain && /^[A-Za-z0-9_.]+$/.test(domain)) return { id: domain, kind: 'user' };
  return undefined;
}

function recipientOf(peer: Peer): Recipient {
  return { profileId: `vk:${peer.id}`, role: 'to' };
}

/** The account: the community the rep writes as (gid/group_id), else the signed-in user ("vk"). */
function accountOf(fields: URLSearchParams): string {
  const group = fields.get('gid') ?? fields.get('group_id');
  return group && /^\d{1,12}$/.test(group) && Number(group) > 0 ? `vk:club${group}` : 'vk';
}

/** Fields from the URL's query and the form body together (the API takes either). */
function allFields(observation: Observation, url: URL): URLSearchParams {
  const fields = new URLSearchParams(url.search);
  for (const [key, value] of formFields(observation.request.body)) fields.append(key, value);
  return fields;
}

type ApiAnswer = { ok: false } | { ok: true; response: unknown };

function apiAnswer(observation: Observation): ApiAnswer {
  if (!isSuccessStatus(observation.response.status)) return { ok: false };
  if (observation.response.body === null) return { ok: true, response: undefined };
  const json = parseJson(observation.response.body);
  if (!isObject(json) || json.error !== undefined || !('response' in json)) return { ok: false };
  return { ok: true, response: json.response };
}

type AlAnswer = { ok: false } | { ok: true; payload: unknown[] };

function alAnswer(observation: Observation): AlAnswer {
  if (!isSuccessStatus(observation.response.status)) return { ok: false };
  if (observation.response.body === null) return { ok: true, payload: [] };
  const json = parseJson(observation.response.body);
  if (!isObject(json) || !Array.isArray(json.payload)) return { ok: false };
  const code = json.payload[0];
  if (code !== 0 && code !== '0') return { ok: false };
  return { ok: true, payload: Array.isArray(json.payload[1]) ? json.payload[1] : [] };
}

function idText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : text(value, 100);
}

/** The sent message's id from a messages.send answer, in any of its shapes. */
function sentMessageId(response: unknown, peer: Peer): string | undefined {
  if (typeof response === 'number') return idText(response);
  const entry = Array.isArray(response) ? (response.find((r) => isObject(r) && String(r.peer_id) === peer.id) ?? response[0]) : response;
  if (!isObject(entry)) return undefined;
  const id = idText(entry.message_id);
  if (id) return id;
  const cmid = idText(entry.cmid) ?? idText(entry.conversation_message_id);
  return cmid ? `${peer.id}_c${cmid}` : undefined;
}

function message(
  observation: Observation,
  source: string,
  account: string,
  peer: Peer,
  messageId: string,
  ids: Record<string, string | undefined>,
): DetectorEvent {
  const capture: Capture = {
    kind: 'messenger_message',
    channel: 'vk',
    occurredAt: observation.startedAt,
    account,
    recipients: [recipientOf(peer)],
    subtype: peer.kind,
    dedupeKey: `vk:${account}:msg:${messageId}`,
    detection: { method: 'page-request', source, ids: definedIds({ peerId: peer.id, peerKind: peer.kind, messageId, ...ids }) },
  };
  return { type: 'record', capture };
}

/** A liked object as "<type><owner>_<item>" (the al form's own naming: wall-1_2, photo5_6, wall_reply-1_3). */
const API_LIKE_TYPES: Record<string, string> = {
  post: 'wall',
  comment: 'wall_reply',
  photo: 'photo',
  video: 'video',
  note: 'note',
  market: 'market',
  photo_comment: 'photo_comment',
  video_comment: 'video_comment',
  topic_comment: 'topic_comment',
  market_comment: 'market_comment',
  clip: 'clip',
  story: 'story',
};

interface LikedObject {
  object: string;
  owner: string;
}

function likedObject(value: string | null): LikedObject | undefined {
  const match = /^([a-z_]+?)(-?\d{1,19})_(\d{1,19})/.exec(value ?? '');
  return match?.[1] && match[2] && match[3] ? { object: `${match[1]}${match[2]}_${match[3]}`, owner: match[2] } : undefined;
}

function social(
  observation: Observation,
  source: string,
  account: string,
  subtype: 'like' | 'comment',
  key: string,
  owner: string,
  ids: Record<string, string | undefined>,
): DetectorEvent {
  const ownerPeer = peerOf(owner);
  const capture: Capture = {
    kind: 'social_touch',
    channel: 'vk',
    occurredAt: observation.startedAt,
    account,
    recipients: ownerPeer ? [recipientOf(ownerPeer)] : [],
    subtype,
    dedupeKey: `vk:${account}:${key}`,
    detection: { method: 'page-request', source, ids: definedIds({ ownerId: owner, ownerKind: ownerPeer?.kind, ...ids }) },
  };
  return { type: 'record', capture };
}

function detectApi(observation: Observation, url: URL, context: DetectContext): DetectorEvent[] {
  const name = url.pathname.slice('/method/'.length);
  const fields = allFields(observation, url);
  const answer = apiAnswer(observation);
  if (!answer.ok) return [];
  if (name === 'notifications.get') return learnVkEngagement(answer.response, context, observation.startedAt);
  const account = accountOf(fields);
  const source = `vk-api-${name}`;

  if (name === 'messages.send') {
    const peer = messagePeer(fields);
    if (!peer) return [];
    const randomId = text(fields.get('random_id'), 100);
    const messageId = sentMessageId(answer.response, peer) ?? (randomId ? `r${randomId}` : `t${observation.startedAt}`);
    return [message(observation, source, account, peer, messageId, { randomId })];
  }
  if (name === 'likes.add' || name === 'likes.delete') {
    const type = API_LIKE_TYPES[fields.get('type') ?? ''];
    const owner = fields.get('owner_id') ?? '';
    const item = fields.get('item_id') ?? '';
    const liked = type ? likedObject(`${type}${owner}_${item}`) : undefined;
    if (!liked) return [];
    const key = `like:${liked.object}`;
    return name === 'likes.add'
      ? [social(observation, source, account, 'like', key, liked.owner, { object: liked.object })]
      : [{ type: 'retract', dedupeKey: `vk:${account}:${key}` }];
  }
  const owner = fields.get('owner_id') ?? '';
  if (!INTEGER.test(owner)) return [];
  if (name === 'wall.createComment') {
    const postId = fields.get('post_id') ?? '';
    if (!/^\d{1,19}$/.test(postId)) return [];
    const response = isObject(answer.response) ? answer.response : {};
    const commentId = idText(response.comment_id);
    const key = commentId ? `comment:${owner}_${commentId}` : `comment:${owner}_${postId}:t${observation.startedAt}`;
    return [social(observation, source, account, 'comment', key, owner, { postId: `${owner}_${postId}`, commentId })];
  }
  // wall.deleteComment
  const commentId = fields.get('comment_id') ?? '';
  return /^\d{1,19}$/.test(commentId) ? [{ type: 'retract', dedupeKey: `vk:${account}:comment:${owner}_${commentId}` }] : [];
}

/** A message id an al_im answer carries: the first `msg_id`/`message_id`/`id` among its objects (unverified). */
function alMessageId(payload: unknown[]): string | undefined {
  for (const entry of payload) {
    if (!isObject(entry)) continue;
    const id = idText(entry.msg_id) ?? idText(entry.message_id) ?? idText(entry.id);
    if (id) return id;
  }
  return undefined;
}

function detectAl(observation: Observation, url: URL): DetectorEvent[] {
  const fields = allFields(observation, url);
  const act = fields.get('act');
  const answer = alAnswer(observation);
  if (!answer.ok) return [];
  const account = accountOf(fields);
  const page = url.pathname.slice(1, -'.php'.length);
  const source = `vk-${page}-${act ?? ''}`;

  const sends = (act === 'a_send' && (page === 'al_im' || page === 'al_mail')) || (act === 'a_send_box' && page === 'al_im');
  if (sends) {
    const listed = (fields.get('to_ids') ?? '').split(',').filter(Boolean);
    const targets = (page === 'al_mail' || act === 'a_send_box') && listed.length > 0 ? listed : [undefined];
    const events: DetectorEvent[] = [];
    const clientId = text(fields.get('random_id'), 100) ?? text(fields.get('guid'), 100);
    for (const target of targets.slice(0, 100)) {
      const peer = target === undefined ? messagePeer(fields) : peerOf(target);
      if (!peer) continue;
      const known = targets.length === 1 ? alMessageId(answer.payload) : undefined;
      const messageId =
        known ?? (clientId ? `r${clientId}${targets.length > 1 ? `:${peer.id}` : ''}` : `t${observation.startedAt}:${peer.id}`);
      events.push(message(observation, source, account, peer, messageId, { clientId }));
    }
    return events;
  }
  if ((page === 'like' || page === 'al_like') && (act === 'a_do_like' || act === 'a_do_unlike')) {
    const liked = likedObject(fields.get('object'));
    if (!liked) return [];
    const key = `like:${liked.object}`;
    return act === 'a_do_like'
      ? [social(observation, source, account, 'like', key, liked.owner, { object: liked.object })]
      : [{ type: 'retract', dedupeKey: `vk:${account}:${key}` }];
  }
  if (page === 'al_wall' && act === 'post') {
    const post = /^(-?\d{1,19})_(\d{1,19})$/.exec(fields.get('reply_to') ?? '');
    if (!post?.[1] || !post[2]) return [];
    return [
      social(observation, source, account, 'comment', `comment:${post[1]}_${post[2]}:t${observation.startedAt}`, post[1], {
        postId: `${post[1]}_${post[2]}`,
      }),
    ];
  }
  if (page === 'al_wall' && act === 'delete') {
    const reply = /^(-?\d{1,19})_(\d{1,19})$/.exec(fields.get('post') ?? '');
    return reply ? [{ type: 'retract', dedupeKey: `vk:${account}:comment:${reply[1]}_${reply[2]}` }] : [];
  }
  return [];
}

function detect(observation: Observation, context: DetectContext): DetectorEvent[] {
  const url = new URL(observation.request.url);
  return url.pathname.startsWith('/method/') ? detectApi(observation, url, context) : detectAl(observation, url);
}

export const vkDetector = defineDetector('vk', vkRules, detect);
