import { aircallSource } from './aircall/source';
import { calcomSource } from './calcom/source';
import { calendlySource } from './calendly/source';
import type { ApiSource } from './define-api-source';
import { icsSource } from './ics/source';
import { mangoSource } from './mango/source';
import { ringcentralSource } from './ringcentral/source';
import { zadarmaSource } from './zadarma/source';

/**
 * The second kind of capture source, one line each: sources whose input is a page of a vendor's API
 * (phone systems' call logs, booking services' events), polled by the background with a key the rep
 * pasted in. Each line: the source (lib/capture/<id>/source.ts, with its API origin, asked for as an
 * optional host permission when the rep connects) and how often it is polled. Only the background
 * loads this file. tests/unit/capture/registry.test.ts holds every folder under lib/capture/ to one
 * of the registries: sources.ts (page requests), hook-sources.ts (page clicks) or this one.
 */
export const API_SOURCES = {
  aircall: { source: aircallSource, pollMinutes: 15 },
  ringcentral: { source: ringcentralSource, pollMinutes: 15 },
  zadarma: { source: zadarmaSource, pollMinutes: 15 },
  mango: { source: mangoSource, pollMinutes: 15 },
  calendly: { source: calendlySource, pollMinutes: 15 },
  calcom: { source: calcomSource, pollMinutes: 15 },
  ics: { source: icsSource, pollMinutes: 15 },
} as const;

export type ApiSourceId = keyof typeof API_SOURCES;
export const API_SOURCE_IDS = Object.keys(API_SOURCES) as ApiSourceId[];

/** A source without its types: how the background drives every one the same way. */
export const apiSource = (id: ApiSourceId): ApiSource => API_SOURCES[id].source as unknown as ApiSource;

/** The polling alarm's period: the shortest of the sources' cadences. */
export const API_POLL_MINUTES = Math.min(...API_SOURCE_IDS.map((id) => API_SOURCES[id].pollMinutes));
