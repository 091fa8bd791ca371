import { API_SOURCE_DESCRIPTORS, type ApiSourceDescriptorOf } from './all-sources';
import { pickByFolder } from './by-folder';
import type { ApiSource } from './define-api-source';

/**
 * The second kind of capture source: sources whose input is a page of a vendor's API (phone
 * systems' call logs, booking services' events), polled by the background with a key the rep
 * pasted in. Each is its descriptor (source.ts: origin, poll cadence, words) and its client in
 * api.ts (`defineApiSource(origin, …)`), found there by folder. The background and the options
 * page load this file; the manifest reads the origins from the descriptors (optional-permissions.ts).
 */
export type ApiSourceId = ApiSourceDescriptorOf['id'];
export const API_SOURCE_IDS: readonly ApiSourceId[] = API_SOURCE_DESCRIPTORS.map((source) => source.id);

const clients = pickByFolder(
  import.meta.glob<Record<string, unknown>>('./*/api.ts', { eager: true }),
  (value, _folder, _name): value is ApiSource =>
    typeof value === 'object' && value !== null && typeof (value as ApiSource).pager === 'function' && 'origin' in value,
);

export const API_SOURCES = Object.fromEntries(
  API_SOURCE_DESCRIPTORS.flatMap((descriptor) => {
    const source = clients.get(descriptor.id);
    return source ? [[descriptor.id, { source, pollMinutes: descriptor.pollMinutes }]] : [];
  }),
) as Readonly<Record<ApiSourceId, { source: ApiSource; pollMinutes: number }>>;

/** A source without its types: how the background drives every one the same way. */
export const apiSource = (id: ApiSourceId): ApiSource => API_SOURCES[id].source;

/** The polling alarm's period: the shortest of the sources' cadences. */
export const API_POLL_MINUTES = Math.min(...API_SOURCE_DESCRIPTORS.map((source) => source.pollMinutes));
