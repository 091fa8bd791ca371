import { z } from 'zod';
import { ACTIVITY_MESSAGES } from './activity-messages';
import { CAPTURE_MESSAGES } from './capture/capture-messages';
import { CONNECTOR_MESSAGES } from './capture/connector-messages';
import { CRM_MESSAGES } from './crm/messages';
import { TEAM_BOARD_MESSAGES } from './crm/team-board-messages';
import { KINDS_MESSAGES } from './kinds-messages';
import { QUOTA_MESSAGES } from './quota/messages';
import { type MessageSpec, mergeDeclarations } from './registry/merge';
import { SETTINGS_MESSAGES } from './settings-messages';

/**
 * The one protocol between content scripts, popup, options and background, as a registry: each
 * feature declares its requests with their answers next to its code (defineMessages); this merges
 * them. Every request is parsed with `Request` on receipt; a type declared twice does not compile,
 * and one without a handler neither (HandlerTable in lib/background/router.ts).
 */
export const MESSAGES = mergeDeclarations([
  CAPTURE_MESSAGES,
  ACTIVITY_MESSAGES,
  SETTINGS_MESSAGES,
  QUOTA_MESSAGES,
  KINDS_MESSAGES,
  CONNECTOR_MESSAGES,
  CRM_MESSAGES,
  TEAM_BOARD_MESSAGES,
]);
type Messages = typeof MESSAGES;

export type RequestType = keyof Messages & string;
/** A request's own fields: none is `{}` (zod's output for an empty object is an index signature of never). */
type Fields<O> = string extends keyof O ? unknown : O;
/** One request as the background receives it (after parsing: defaults filled in). */
export type RequestOf<T extends RequestType> = { type: T } & Fields<z.output<Messages[T]['request']>>;
export type Request = { [T in RequestType]: RequestOf<T> }[RequestType];
/** Each request's answer. */
export type ProtocolMap = { [T in RequestType]: z.output<Messages[T]['answer']> };

/** Every request, checked on arrival: its `type` chooses the schema. */
export const Request = z.discriminatedUnion(
  'type',
  Object.entries(MESSAGES).map(([type, spec]: [string, MessageSpec]) => spec.request.extend({ type: z.literal(type) })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
) as unknown as z.ZodType<Request> & { options: z.ZodObject<{ type: z.ZodLiteral<RequestType> }>[] };

// Callers keep importing the features' schemas from here.
export { FUTURE_MARGIN_MS, IMPORT_CHUNK_ROWS, MANUAL_KINDS, ManualEntry, type ManualKind } from './activity-messages';
export { ApiSourceIdSchema, ConnectorStatus, type ConnectorsOverview, type ConnectResult } from './capture/connector-messages';
export { CrmCheckLine, CrmConnectResult, CrmHealth, CrmOverview, CrmStatus } from './crm/messages';
export { KIND_ANSWERS, KindRemoval, KindUsage } from './kinds-messages';
/** UI flags kept in the store's key-value area. */
export { UiFlag as UiKey } from './ui-flags';

/** What the background announces to every open page of the extension (no answer expected). */
export const Broadcast = z.discriminatedUnion('type', [
  /** Something that may change progress was written: listeners read progress again. */
  z.object({ type: z.literal('progress/changed') }),
  /** A connector was connected, polled or disconnected: the Capture section reads its status again. */
  z.object({ type: z.literal('connectors/changed') }),
  /** A CRM was connected, synced or disconnected: the CRM section and the popup read its status again. */
  z.object({ type: z.literal('crm/changed') }),
]);
export type Broadcast = z.infer<typeof Broadcast>;
export type BroadcastType = Broadcast['type'];

export type Response<T extends RequestType> = { ok: true; data: ProtocolMap[T] } | { ok: false; error: string };

/** A validation error worded for a person: the first problem, with where it is. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

export type { CaptureFailures } from './capture/capture-keys';
export { Quotas, Settings } from './settings';
