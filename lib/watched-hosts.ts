import { WATCHED_HOST_NAMES } from './capture/sources';

/**
 * Match patterns of the pages the capture scripts run on: one per host that a capture source's
 * rules name (lib/capture/sources.ts), so a rule's host cannot be missing from the manifest.
 * Host permissions and the content scripts' `matches` are exactly these. Its own module so that
 * content scripts and the options page can import it without pulling in the build config.
 */
export const WATCHED_HOSTS: string[] = WATCHED_HOST_NAMES.map((host) => `https://${host}/*`);
