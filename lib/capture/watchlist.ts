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

const OUTLOOK_HOSTS = ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft'];

export const WATCH_RULES: readonly WatchRule[] = [
  // --- email (issue 3) ---
  { hosts: ['mail.google.com'], path: /^\/sync\/(u\/\d+\/)?i\/s$/, methods: ['POST'] },
  { hosts: OUTLOOK_HOSTS, path: /\/service\.svc$/i, query: /(^|&)action=(CreateItem|UpdateItem|SendItem)(&|$)/, methods: ['POST'] },
  { hosts: ['mail.yahoo.com'], path: /^\/ws\/v3\/batch$/, methods: ['POST'] },
  // --- LinkedIn (issue 4) ---
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
