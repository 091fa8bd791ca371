import { z } from 'zod';
import { defineDetector } from '../define-detector';
import { parseJson } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { telegramRules } from './rules';

/**
 * Telegram Web K and A: turns a page hook's fact (page-world-hook.ts, TelegramSentFact) into a messenger
 * message. The fact arrives as the body of `POST https://web.telegram.org/<k|a>/qr-event/message_sent`;
 * it crossed from the page's world, so it is parsed strictly. Keyed on the peer and the message id
 * in it: the same send reported twice (two tabs, a reload) records once.
 */

const NumericId = z.string().regex(/^-?\d{1,20}$/);

export const TelegramSentFact = z.object({
  v: z.literal(1),
  client: z.enum(['k', 'a']),
  peerId: NumericId,
  peerKind: z.enum(['user', 'chat', 'channel']),
  mid: NumericId,
  date: z.number().int().positive().max(1e10).optional(),
  myId: NumericId.optional(),
});

function detect(observation: Observation): DetectorEvent[] {
  if (observation.response.status !== 200) return [];
  const parsed = TelegramSentFact.safeParse(parseJson(observation.request.body));
  if (!parsed.success) return [];
  const fact = parsed.data;
  // The fact must come from the hook of the client whose pseudo-path it arrived on.
  if (!new URL(observation.request.url).pathname.startsWith(`/${fact.client}/`)) return [];
  // Message ids differ between the clients (tweb remaps channel ids), so each keeps its own keys.
  const client = fact.client === 'k' ? '' : 'a:';
  const account = fact.myId ? `tg:${fact.myId}` : 'telegram';
  const capture: Capture = {
    kind: 'messenger_message',
    channel: 'telegram',
    occurredAt: fact.date !== undefined ? fact.date * 1000 : observation.startedAt,
    account,
    recipients: [{ profileId: `tg:${fact.peerId}`, role: 'to' }],
    subtype: fact.peerKind,
    dedupeKey: `telegram:${account}:${client}${fact.peerId}_${fact.mid}`,
    detection: {
      method: 'page-request',
      source: fact.client === 'k' ? 'telegram-k-message_sent' : 'telegram-a-updateMessageSendSucceeded',
      ids: { peerId: fact.peerId, peerKind: fact.peerKind, mid: fact.mid },
    },
  };
  return [{ type: 'record', capture }];
}

export const telegramDetector = defineDetector('telegram', telegramRules, detect);
