import { pickByFolder } from './by-folder';
import type { SourceDetector } from './define-detector';
import { SOURCE_IDS, type SourceId } from './sources';
import type { Detector } from './types';

/**
 * Every page source's detector, found in its folder: the one `defineDetector('<source>', …)` its
 * detect.ts exports. Only the background loads this file (the page scripts never load zod or a
 * detector). tests/unit/capture/registry.test.ts fails for a page source without one.
 */
const found = pickByFolder(
  import.meta.glob<Record<string, unknown>>('./*/detect.ts', { eager: true }),
  (value, folder): value is SourceDetector =>
    typeof value === 'object' && value !== null && (value as SourceDetector).id === folder && 'watches' in value,
);

export const DETECTOR_BY_SOURCE = Object.fromEntries(SOURCE_IDS.flatMap((id) => (found.has(id) ? [[id, found.get(id)]] : []))) as {
  readonly [Id in SourceId]: SourceDetector<Id>;
};

/** In the sources' order. */
export const DETECTORS: readonly Detector[] = SOURCE_IDS.flatMap((id) => (DETECTOR_BY_SOURCE[id] ? [DETECTOR_BY_SOURCE[id]] : []));
