import { z } from 'zod';
import { defineKeys } from '../registry/merge';
import { API_SOURCE_IDS, type ApiSourceId, apiSource } from './api-sources';
import { ConnectorErrorRecord, ConnectorOwner } from './define-api-source';

/**
 * A connected API source (phone system, booking service): the key the rep pasted and what connecting
 * learned, kept in this database only (never synced, never in an export), shown masked.
 */
export const connectorKvKey = <Id extends ApiSourceId>(id: Id) => `connector:${id}` as const;
/** A source's poll state: where the next poll starts, the last success and the last error. */
export const connectorStateKvKey = <Id extends ApiSourceId>(id: Id) => `connectorState:${id}` as const;
/** When the requests a vendor limits were sent (see lib/api-connector/pace.ts): kept across workers. */
export const connectorPaceKvKey = <Id extends ApiSourceId>(id: Id) => `connectorPace:${id}` as const;
export const ConnectorPaceLog = z.record(z.string().max(40), z.array(z.number().int().nonnegative()).max(1000));

export const StoredConnector = z.object({
  /** The source's own secret schema (checked against it on every read, see connectorSchema). */
  secret: z.unknown(),
  owner: ConnectorOwner,
  connectedAt: z.number().int().nonnegative(),
});
export type StoredConnector = z.infer<typeof StoredConnector>;

const connectorSchema = (id: ApiSourceId) =>
  StoredConnector.superRefine((value, ctx) => {
    if (!apiSource(id).secret.safeParse(value.secret).success)
      ctx.addIssue({ code: 'custom', path: ['secret'], message: `not a ${id} secret` });
  });

export const ConnectorState = z.object({
  lastPollAt: z.number().int().nonnegative().optional(),
  lastSuccessAt: z.number().int().nonnegative().optional(),
  lastError: ConnectorErrorRecord.optional(),
  /** Skip the source until then (a rate limit). */
  retryAt: z.number().int().nonnegative().optional(),
  /** An interrupted poll (page cap, a long wait) goes on from here, over the same window. */
  resume: z.object({ since: z.number().int().nonnegative(), cursor: z.json() }).optional(),
  /** What a snapshot source (a calendar feed) kept from its last complete poll: validators, what it listed. */
  memo: z.json().optional(),
  /** Activities recorded from this source since it was connected, and by the last poll. */
  recorded: z.number().int().nonnegative(),
  lastRecorded: z.number().int().nonnegative().optional(),
});
export type ConnectorState = z.infer<typeof ConnectorState>;

export const CONNECTOR_KEYS = defineKeys(
  Object.fromEntries(
    API_SOURCE_IDS.flatMap((id) => [
      [connectorKvKey(id), connectorSchema(id)],
      [connectorStateKvKey(id), ConnectorState],
      [connectorPaceKvKey(id), ConnectorPaceLog],
    ]),
  ) as { [Id in ApiSourceId as `connector:${Id}`]: ReturnType<typeof connectorSchema> } & {
    [Id in ApiSourceId as `connectorState:${Id}`]: typeof ConnectorState;
  } & { [Id in ApiSourceId as `connectorPace:${Id}`]: typeof ConnectorPaceLog },
);
