import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/**
 * Telegram Web K and A send over MTProto inside a worker: there is no request to tap. The page-world
 * hook (page-world-hook.ts) listens to the client instead (K: rootScope's `message_sent`; A: the API
 * worker's `updateMessageSendSucceeded`) and hands each sent message to the relay as a synthetic
 * observation of `POST https://web.telegram.org/<k|a>/qr-event/message_sent`, a path neither client
 * requests, so the usual tap → relay → background path applies unchanged.
 */
export const TELEGRAM_EVENT_HOST = 'web.telegram.org';

/** `/k/…` from the K client's hook, `/a/…` from the A client's (page-world-hook.ts). */
export const telegramRules: readonly WatchRule[] = [
  { hosts: [TELEGRAM_EVENT_HOST], path: /^\/(k|a)\/qr-event\/message_sent$/, methods: ['POST'] },
];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: telegramRules, tap: false };
