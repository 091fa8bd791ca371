/**
 * Which page requests a capture source wants to see, and the one matcher that reads those rules.
 * The page-world tap runs `isWatchedBy` on every request the page makes, and each detector's
 * `watches` is the same function over its own rules, so the tap and the detectors cannot
 * disagree. Dependency-free and cheap: this is bundled into every watched page (no URL parsing
 * here; the caller passes host, path and query).
 */
export interface WatchRule {
  /** Host names the rule applies to (exact). The content scripts' `matches` are made from these. */
  hosts: readonly string[];
  /** Tested against the path without the query, e.g. "/sync/u/0/i/s". */
  path: RegExp;
  /** Tested against the query string (without "?") when set. */
  query?: RegExp;
  /** Upper-case methods; any when absent. */
  methods?: readonly string[];
}

export function matchesRule(rule: WatchRule, method: string, host: string, path: string, query: string): boolean {
  return (
    rule.hosts.includes(host) &&
    (!rule.methods || rule.methods.includes(method.toUpperCase())) &&
    rule.path.test(path) &&
    (!rule.query || rule.query.test(query))
  );
}

/** Whether any of `rules` accepts a request to host/path?query. */
export function isWatchedBy(rules: readonly WatchRule[], method: string, host: string, path: string, query: string): boolean {
  for (const rule of rules) if (matchesRule(rule, method, host, path, query)) return true;
  return false;
}
