/**
 * Which page requests the tap reports. This file is bundled into the page-world tap, which runs
 * on every request the page makes: keep it tiny, dependency-free and cheap (no URL parsing here).
 * Each rule matches the request path (without query) and, optionally, a piece of the query.
 */
export interface WatchRule {
  /** Host names the rule applies to. */
  hosts: readonly string[];
  /** Tested against the path, e.g. "/sync/u/0/i/s". */
  path: RegExp;
  /** Tested against the query string (without "?") when set. */
  query?: RegExp;
  /** Upper-case methods; any when absent. */
  methods?: readonly string[];
}

// --- email (issue 3) ---
// Exported so that the detectors match exactly what the tap reports.

/** Gmail's sync endpoint: /sync/u/<N>/i/s, or /sync/i/s for the default account. */
export const GMAIL_SYNC_PATH = /^\/sync\/(u\/\d+\/)?i\/s$/;

export const OUTLOOK_HOSTS: readonly string[] = [
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'outlook.cloud.microsoft',
];
/** /owa/service.svc, also /owa/<mailbox>/service.svc for explicit logons. */
export const OWA_SERVICE_PATH = /\/service\.svc$/i;
/** The three item operations that can send a message. */
export const OWA_SEND_ACTION_QUERY = /(^|&)action=(CreateItem|UpdateItem|SendItem)(&|$)/;

export const YAHOO_BATCH_PATH = /^\/ws\/v3\/batch$/;
/**
 * Yahoo names each batch in its query: messages.saveAndSend (compose send) and messages.send
 * (sending a saved draft). Everything else on /ws/v3/batch (list loads, flag updates) is noise.
 */
export const YAHOO_SEND_QUERY = /(^|&)name=messages\.(saveAndSend|send)/;

export const WATCH_RULES: readonly WatchRule[] = [
  { hosts: ['mail.google.com'], path: GMAIL_SYNC_PATH, methods: ['POST'] },
  { hosts: OUTLOOK_HOSTS, path: OWA_SERVICE_PATH, query: OWA_SEND_ACTION_QUERY, methods: ['POST'] },
  { hosts: ['mail.yahoo.com'], path: YAHOO_BATCH_PATH, query: YAHOO_SEND_QUERY, methods: ['POST'] },
  // --- LinkedIn (issue 4) ---
  // Sends: messages (and their recall), the older conversation create, Sales Navigator messages.
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/voyagerMessagingDashMessengerMessages(\/|$)/, query: /(^|&)action=(createMessage|recall)(&|$)/, methods: ['POST'] },
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/messaging\/conversations$/, query: /(^|&)action=create(&|$)/, methods: ['POST'] },
  { hosts: ['www.linkedin.com'], path: /^\/sales-api\/salesApiMessageActions$/, query: /(^|&)action=createMessage(&|$)/, methods: ['POST'] },
  // Who is in a conversation: the lists and threads the messaging pages load.
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/voyagerMessagingGraphQL\/graphql$/, query: /(^|&)queryId=messenger(Conversations|Messages)/, methods: ['GET'] },
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/voyagerMessagingDashMessengerConversations(\/|$)/, methods: ['GET'] },
  // Connection requests: Voyager, the server-driven "Connect" button, Sales Navigator.
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/voyagerRelationshipsDashMemberRelationships$/, query: /(^|&)action=verifyQuotaAndCreate(V2)?(&|$)/, methods: ['POST'] },
  { hosts: ['www.linkedin.com'], path: /^\/flagship-web\/rsc-action\/actions\/server-request$/, query: /(^|&)sduiid=[^&]*addconnection/i, methods: ['POST'] },
  { hosts: ['www.linkedin.com'], path: /^\/sales-api\/salesApiConnection$/, query: /(^|&)action=connect(V2)?(&|$)/, methods: ['POST'] },
  // Social touches: reactions (query family, not its hash) and comments.
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/graphql$/, query: /(^|&)queryId=voyagerSocialDashReactions\./, methods: ['POST'] },
  { hosts: ['www.linkedin.com'], path: /^\/voyager\/api\/voyagerSocialDashNormComments$/, methods: ['POST'] },
];

/** Whether a request to host/path?query is worth reporting. */
export function isWatched(method: string, host: string, path: string, query: string): boolean {
  const upper = method.toUpperCase();
  for (const rule of WATCH_RULES) {
    if (!rule.hosts.includes(host)) continue;
    if (rule.methods && !rule.methods.includes(upper)) continue;
    if (!rule.path.test(path)) continue;
    if (rule.query && !rule.query.test(query)) continue;
    return true;
  }
  return false;
}
