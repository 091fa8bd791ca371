import { z } from 'zod';
import { Activity, LIMITS, ListFilter, Recipient } from './activity';
import { Observation } from './capture/types';
import type { ImportResult, ListPage } from './store';
import { type CaptureFailures, UiFlag } from './store/kv';
import type { ProgressReport } from './quota/progress';
import { type DayCounts, type PeriodReport, type QuotaHistory, ReportPeriod } from './quota/report';
import { Quotas, Settings, type Quota } from './settings';

/**
 * The one protocol between content scripts, popup, options and background. Every request is parsed
 * with `Request` on receipt; the response type of each is in `ProtocolMap`.
 */

const ManualKind = z.enum(['call', 'meeting', 'opportunity', 'deal']);

/** What a rep enters by hand: the activity's own field rules (limits, currency), a manual kind. */
export const ManualEntry = z.object({
  kind: ManualKind,
  /** Defaults to now. */
  occurredAt: Activity.shape.occurredAt.optional(),
  note: z.string().trim().max(LIMITS.note).optional(),
  amount: Activity.shape.amount,
  currency: Activity.shape.currency,
  recipient: Recipient.optional(),
});
export type ManualEntry = z.infer<typeof ManualEntry>;

/** UI flags kept in the store's key-value area. */
export const UiKey = UiFlag;

export const Request = z.discriminatedUnion('type', [
  /** From the relay: a request the page made that the tap thought worth a look. */
  z.object({ type: z.literal('capture/observed'), observation: Observation }),
  /** From the relay: the user clicked Gmail's "Undo" on the sent toast. */
  z.object({ type: z.literal('capture/undo-clicked'), provider: z.literal('gmail'), at: z.number() }),
  z.object({ type: z.literal('progress/get') }),
  /** Per source, requests it watches but did not understand (a site changed its format). */
  z.object({ type: z.literal('capture/failures') }),
  z.object({ type: z.literal('capture/failures-clear') }),
  z.object({
    type: z.literal('activity/log'),
    entry: ManualEntry,
    /** Chosen by the sender once per entry: a resend with the same id returns the stored entry, no second one. */
    requestId: z.uuid().optional(),
  }),
  z.object({ type: z.literal('activity/undo-last') }),
  z.object({ type: z.literal('activity/retract'), id: z.string() }),
  z.object({ type: z.literal('activity/restore'), id: z.string() }),
  z.object({
    type: z.literal('activity/update'),
    id: z.string(),
    patch: ManualEntry.partial(),
  }),
  z.object({
    type: z.literal('activity/list'),
    filter: ListFilter,
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(LIMITS.listPage),
  }),
  z.object({ type: z.literal('activity/export') }),
  z.object({ type: z.literal('activity/import'), activities: z.array(z.unknown()).max(LIMITS.importRows) }),
  z.object({ type: z.literal('activity/delete-all') }),
  z.object({ type: z.literal('settings/get') }),
  z.object({ type: z.literal('settings/save'), settings: z.unknown() }),
  z.object({ type: z.literal('quotas/save'), quotas: z.unknown() }),
  /** The options page's manager report for a period, with daily activity and past periods for charts. */
  z.object({ type: z.literal('report/get'), period: ReportPeriod }),
  /** A small key-value note the UI keeps (e.g. the set-up banner was dismissed). */
  z.object({ type: z.literal('ui/get'), key: UiKey }),
  z.object({ type: z.literal('ui/set'), key: UiKey, value: z.boolean() }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];

export interface ProtocolMap {
  'capture/observed': { recorded: number; retracted: number };
  'capture/undo-clicked': { retracted: number };
  'progress/get': ProgressReport;
  'capture/failures': CaptureFailures;
  'capture/failures-clear': CaptureFailures;
  'activity/log': Activity;
  'activity/undo-last': Activity | null;
  'activity/retract': Activity | null;
  'activity/restore': Activity | null;
  'activity/update': Activity | null;
  'activity/list': ListPage;
  'activity/export': Activity[];
  'activity/import': ImportResult;
  'activity/delete-all': { deleted: number };
  'settings/get': { settings: Settings; quotas: Quota[]; accounts: string[] };
  'settings/save': Settings;
  'quotas/save': Quota[];
  'report/get': { report: PeriodReport; last90: DayCounts[]; history: QuotaHistory[] };
  'ui/get': boolean;
  'ui/set': boolean;
}

/** What the background announces to every open page of the extension (no answer expected). */
export const Broadcast = z.discriminatedUnion('type', [
  /** Something that may change progress was written: listeners read progress again. */
  z.object({ type: z.literal('progress/changed') }),
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

export { Quotas, Settings };
export type { CaptureFailures };
