import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

export const PROTON_MAIL_HOSTS: readonly string[] = ['mail.proton.me', 'mail.protonmail.com'];

/**
 * ProtonMail/WebClients packages/shared/lib/api/messages.ts: `sendMessage` is
 * `POST mail/v4/messages/<id>` (with `?Source=composer` from the composer), `sendMessageDirect`
 * is `POST mail/v4/messages/send/direct`, `cancelSend` is `POST mail/v4/messages/<id>/cancel_send`.
 * Drafts are `POST mail/v4/messages` (no id) and `PUT mail/v4/messages/<id>`: not watched.
 */
export const PROTON_SEND_PATH = /^\/api\/mail\/v4\/messages\/(send\/direct|[^/]+(\/cancel_send)?)$/;

export const protonRules: readonly WatchRule[] = [{ hosts: PROTON_MAIL_HOSTS, path: PROTON_SEND_PATH, methods: ['POST'] }];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: protonRules };
