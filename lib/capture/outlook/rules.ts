import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

export const OUTLOOK_HOSTS: readonly string[] = [
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'outlook.cloud.microsoft',
];
/** /owa/service.svc, also /owa/<mailbox>/service.svc for explicit logons. */
export const OWA_SERVICE_PATH = /\/service\.svc$/i;
/**
 * The three item operations that can send a message, the one newer builds book a meeting with, and
 * the two a meeting is cancelled with (DeleteItem with meeting cancellations, CancelCalendarEvent).
 */
export const OWA_SEND_ACTION_QUERY = /(^|&)action=(CreateItem|UpdateItem|SendItem|CreateCalendarEvent|DeleteItem|CancelCalendarEvent)(&|$)/;

export const outlookRules: readonly WatchRule[] = [
  { hosts: OUTLOOK_HOSTS, path: OWA_SERVICE_PATH, query: OWA_SEND_ACTION_QUERY, methods: ['POST'] },
];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: outlookRules };
