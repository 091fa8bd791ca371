import type { SourceDetector } from './define-detector';
import { gmailDetector } from './gmail/detect';
import { linkedinDetector } from './linkedin/detect';
import { outlookDetector } from './outlook/detect';
import { type SourceId, SOURCE_IDS } from './sources';
import type { Detector } from './types';
import { yahooDetector } from './yahoo/detect';

/**
 * Every capture source's detector, one line each: the background's half of the registry (the page's
 * half, rules and page hooks, is sources.ts, kept apart so the page scripts never load zod or a
 * detector). Typed over the sources' ids, so a source without a detector is a compile error; each
 * detector is `defineDetector(id, <source>Rules, detect)` with the rules sources.ts lists.
 */
export const DETECTOR_BY_SOURCE: { readonly [Id in SourceId]: SourceDetector<Id> } = {
  gmail: gmailDetector,
  outlook: outlookDetector,
  yahoo: yahooDetector,
  linkedin: linkedinDetector,
};

/** In the sources' order. */
export const DETECTORS: readonly Detector[] = SOURCE_IDS.map((id) => DETECTOR_BY_SOURCE[id]);
