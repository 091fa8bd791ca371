import { linkedinDetector } from './linkedin';
import type { Detector } from './types';

/**
 * Every capture source. Adding a site: write its pure detector file, add it here, add its rules
 * to watchlist.ts and its host to wxt.config.ts, and give it fixtures and tests.
 */
export const DETECTORS: readonly Detector[] = [linkedinDetector];
