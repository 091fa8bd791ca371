import { z } from 'zod';
import { answerOf, defineMessages } from '../registry/merge';
import { CaptureFailures, PhoneLinksSetting } from './capture-keys';
import { PhoneLinkClick } from './phone-link/detect';
import { ChatSeen, type RecentChats } from './recent-chats';
import { Observation } from './types';

const Ingested = answerOf<{ recorded: number; retracted: number }>();

/** What the page side of capture (relay, page hooks, phone links) and the Capture section ask. */
export const CAPTURE_MESSAGES = defineMessages({
  /** From the relay: a request the page made that the tap thought worth a look. */
  'capture/observed': { request: z.object({ observation: Observation }), answer: Ingested },
  /** From the relay: the user clicked Gmail's "Undo" on the sent toast. */
  'capture/undo-clicked': {
    request: z.object({ provider: z.literal('gmail'), at: z.number() }),
    answer: answerOf<{ retracted: number }>(),
  },
  /** From the relay (VK, Telegram page hook): the chat open in the page, for the recent-chats pick list. */
  'capture/chat-seen': { request: z.object({ chat: ChatSeen }), answer: answerOf<{ kept: boolean }>() },
  /** Options → Capture: the rep's recent messenger chats, newest first (as the settings allow). */
  'capture/recent-chats': { request: z.object({}), answer: answerOf<RecentChats>() },
  /** Per source, requests it watches but did not understand (a site changed its format). */
  'capture/failures': { request: z.object({}), answer: CaptureFailures },
  'capture/failures-clear': { request: z.object({}), answer: CaptureFailures },
  /** From the phone-link content script: the rep clicked a tel:, callto: or sip: link. */
  'phone-link/clicked': { request: z.object({ click: PhoneLinkClick }), answer: Ingested },
  /** Phone links on or off (the options page asked for the sites' permission first), and the calling code. */
  'phone-links/set': { request: z.object({ setting: PhoneLinksSetting }), answer: PhoneLinksSetting },
});
