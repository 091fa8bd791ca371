import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/**
 * WhatsApp Web sends end-to-end encrypted over a WebSocket: there is no request to tap. The
 * page-world hook (page-world-hook.ts) watches the rep's own message rows instead and hands each
 * one that went from "pending" to "sent" to the relay as a synthetic observation of
 * `POST https://web.whatsapp.com/qr-event/message_sent`, a path the client never requests, so the
 * usual tap → relay → background path applies unchanged.
 */
export const WHATSAPP_HOST = 'web.whatsapp.com';
export const WHATSAPP_EVENT_URL = `https://${WHATSAPP_HOST}/qr-event/message_sent`;

export const whatsappRules: readonly WatchRule[] = [{ hosts: [WHATSAPP_HOST], path: /^\/qr-event\/message_sent$/, methods: ['POST'] }];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: whatsappRules, tap: false };
