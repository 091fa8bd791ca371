import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/** Gmail's sync endpoint: /sync/u/<N>/i/s, or /sync/i/s for the default account. */
export const GMAIL_SYNC_PATH = /^\/sync\/(u\/\d+\/)?i\/s$/;

/** What the tap reports for Gmail: sends, scheduled sends and draft saves all go through sync. */
export const gmailRules: readonly WatchRule[] = [{ hosts: ['mail.google.com'], path: GMAIL_SYNC_PATH, methods: ['POST'] }];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: gmailRules };
