import type { WatchRule } from './watch-rules';

/**
 * What a capture source declares for the page side: its watch rules and the pages it runs on.
 * Types and one helper only: every tap bundle imports this, so it stays dependency-free.
 */
export interface CaptureSource {
  rules: readonly WatchRule[];
  /**
   * The pages the capture scripts run on, when not the hosts the rules name: a page may call an
   * API on another host (VK's pages call api.vk.com / api.vk.me), which the tap in the page sees.
   */
  pages?: readonly string[];
  /**
   * False when the source has no page requests to tap: its rules name only the synthetic requests
   * its page-world hook reports (Telegram Web sends inside a worker). The fetch/XHR tap then stays
   * off its pages, and its rules out of the tap's filter.
   */
  tap?: false;
  /** A webmail (its sends count as emails): the welcome banner names every one of them. */
  mail?: true;
}

/** The page hosts a source runs on: its `pages`, else every host its rules name. */
export function pageHostsOfSource(source: CaptureSource): readonly string[] {
  return source.pages ?? [...new Set(source.rules.flatMap((rule) => rule.hosts))];
}
