import type { WatchRule } from '../watchlist';

/**
 * Telegram Web K sends over MTProto inside a worker: there is no request to tap. The page hook
 * (page-hook.ts) listens to the client's own event bus instead and hands each sent message to the
 * relay as a synthetic observation of `POST https://web.telegram.org/k/qr-event/message_sent`,
 * a path the client never requests, so the usual tap → relay → background path applies unchanged.
 */
export const TELEGRAM_EVENT_HOST = 'web.telegram.org';
export const TELEGRAM_K_SENT_PATH = '/k/qr-event/message_sent';

export const RULES: readonly WatchRule[] = [
  { hosts: [TELEGRAM_EVENT_HOST], path: /^\/k\/qr-event\/message_sent$/, methods: ['POST'] },
];
