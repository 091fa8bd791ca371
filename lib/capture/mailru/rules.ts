import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/**
 * Mail.ru webmail (e.mail.ru). The client posts a form to /api/v1/messages/send, and since 2023 to
 * /api/v1/k8s/messages/send (public load-test recordings of the web client show both). Drafts and
 * auto-saves go to other endpoints, so only the send paths are watched.
 */
export const MAILRU_SEND_PATH = /^\/api\/v1\/(k8s\/)?messages\/send\/?$/;

export const mailruRules: readonly WatchRule[] = [{ hosts: ['e.mail.ru'], path: MAILRU_SEND_PATH, methods: ['POST'] }];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: mailruRules };
