import { z } from 'zod';
import { defineDetector } from '../define-detector';
import { parseJson } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { whatsappRules } from './rules';

/**
 * WhatsApp Web: turns the page-world hook's fact (page-world-hook.ts: a row of the rep's own that
 * went from pending to sent) into a messenger message. The fact is the row's serialized key,
 * `true_<chat>_<message id>[_<author>]`, parsed strictly here (it crossed from the page's world):
 * the chat is `<number>@c.us` or `<id>@lid` (one-to-one) or `<id>@g.us` (a group); status updates
 * (`status@broadcast`), broadcast lists and channels (`@newsletter`) are not chats with a person.
 * Keyed on the chat and message id: the same send reported twice (two tabs) records once.
 */

export const WhatsAppSentFact = z.object({ v: z.literal(1), dataId: z.string().max(300) });

const KEY = /^true_(\d{5,20}@c\.us|\d{5,20}@lid|\d{5,20}(?:-\d{1,20})?@g\.us)_([A-Za-z0-9]{6,64})(?:_[\d@.a-z]{1,60})?$/;

/** The chat as the privacy settings name it: `wa:<number>` one-to-one, `wa:<id>@lid`, `wa:<id>@g.us`. */
export function whatsappChatId(jid: string): string {
  return `wa:${jid.endsWith('@c.us') ? jid.slice(0, -'@c.us'.length) : jid}`;
}

function detect(observation: Observation): DetectorEvent[] {
  if (observation.response.status !== 200) return [];
  const fact = WhatsAppSentFact.safeParse(parseJson(observation.request.body));
  const key = fact.success ? KEY.exec(fact.data.dataId) : null;
  if (!key?.[1] || !key[2]) return [];
  const chat = whatsappChatId(key[1]);
  const kind = key[1].endsWith('@g.us') ? 'chat' : 'user';
  const capture: Capture = {
    kind: 'messenger_message',
    channel: 'whatsapp',
    occurredAt: observation.startedAt,
    account: 'whatsapp',
    recipients: [{ profileId: chat, role: 'to' }],
    subtype: kind,
    dedupeKey: `whatsapp:${key[1]}_${key[2]}`,
    detection: { method: 'page-request', source: 'whatsapp-web-row-sent', ids: { chat, peerKind: kind, messageId: key[2] } },
  };
  return [{ type: 'record', capture }];
}

export const whatsappDetector = defineDetector('whatsapp', whatsappRules, detect);
