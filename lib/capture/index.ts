import { gmailDetector } from './gmail';
import { linkedinDetector } from './linkedin';
import { outlookDetector } from './outlook';
import type { Detector } from './types';
import { yahooDetector } from './yahoo';

/**
 * Every capture source. Adding a site: write its pure detector file, add it here, add its rules
 * to watchlist.ts and its host to lib/watched-hosts.ts, and give it fixtures and tests.
 */
export const DETECTORS: readonly Detector[] = [gmailDetector, outlookDetector, yahooDetector, linkedinDetector];
