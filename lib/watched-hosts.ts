import { TAPPED_HOST_NAMES, WATCHED_HOST_NAMES } from './capture/sources';

/**
 * Match patterns of the pages the capture scripts run on: one per page host of a capture source
 * (the hosts its rules name, or the `pages` it names instead; lib/capture/sources.ts), so a
 * source's pages cannot be missing from the manifest. Host permissions and the relay's `matches`
 * are exactly these. Its own module so that
 * content scripts and the options page can import it without pulling in the build config.
 */
export const WATCHED_HOSTS: string[] = WATCHED_HOST_NAMES.map((host) => `https://${host}/*`);

/** The pages the fetch/XHR tap runs on: the watched pages less those of sources with nothing to tap (sources.ts `tap: false`). */
export const TAPPED_HOSTS: string[] = TAPPED_HOST_NAMES.map((host) => `https://${host}/*`);
