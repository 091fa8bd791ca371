import { HOOK_SOURCE_DESCRIPTORS, type HookSource } from './all-sources';
import { folderOf } from './by-folder';
import type { DetectorEvent } from './types';

/**
 * The third kind of capture source: sources whose input is something the rep did on any page they
 * allow (a click), caught by a content script that the background registers at run time for the
 * granted sites (not by the tap, which runs only on the watched hosts). Each is its descriptor
 * (source.ts: message, optional permissions, content script) and the pure detector its
 * detect-fact.ts exports as `detectFact`, found there by folder. The content script imports the folder's hook directly.
 */
export type HookSourceId = HookSource['id'];
export const HOOK_SOURCE_IDS: readonly HookSourceId[] = HOOK_SOURCE_DESCRIPTORS.map((source) => source.id);

type DetectFact = (fact: unknown, settings: { defaultCallingCode?: string; account?: string }) => DetectorEvent[];

const detectors = new Map(
  Object.entries(import.meta.glob<DetectFact>('./*/detect-fact.ts', { eager: true, import: 'detectFact' })).map(([path, detect]) => [
    folderOf(path),
    detect,
  ]),
);

export type HookSourceEntry = HookSource & { detect: DetectFact };

export const HOOK_SOURCES = Object.fromEntries(
  HOOK_SOURCE_DESCRIPTORS.flatMap((descriptor) => {
    const detect = detectors.get(descriptor.id);
    return detect ? [[descriptor.id, { ...descriptor, detect }]] : [];
  }),
) as Readonly<Record<HookSourceId, HookSourceEntry>>;
