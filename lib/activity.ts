import { z } from 'zod';

/** What a rep did. Each kind can be counted by any quota. */
export const ActivityKind = z.enum([
  'email',
  'linkedin_message',
  'linkedin_invite',
  'inmail',
  'social_touch',
  'call',
  'meeting',
  'opportunity',
  'deal',
]);
export type ActivityKind = z.infer<typeof ActivityKind>;
export const ACTIVITY_KINDS = ActivityKind.options;

/** Where it happened. */
export const Channel = z.enum(['gmail', 'outlook', 'yahoo', 'linkedin', 'sales_navigator', 'manual']);
export type Channel = z.infer<typeof Channel>;
export const CHANNELS = Channel.options;

/**
 * counted: counts toward quotas.
 * pending: seen but not final yet (inside Gmail's undo window, or a scheduled send not yet due).
 * retracted: undone, cancelled or deleted by the user; kept so that a re-capture stays de-duplicated.
 */
export const ActivityStatus = z.enum(['counted', 'pending', 'retracted']);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

export const RecipientRole = z.enum(['to', 'cc', 'bcc']);

/** A person an activity went to: an email address, a profile id, or both. */
export const Recipient = z
  .object({
    address: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email())
      .optional(),
    profileId: z.string().min(1).max(300).optional(),
    name: z.string().max(300).optional(),
    role: RecipientRole.optional(),
  })
  .refine((r) => r.address !== undefined || r.profileId !== undefined, {
    message: 'a recipient needs an address or a profile id',
  });
export type Recipient = z.infer<typeof Recipient>;

/** How an activity was detected: shown in history as "why it counted". */
export const Detection = z.object({
  method: z.enum(['manual', 'page-request', 'web-request', 'import']),
  /** e.g. "gmail-sync", "owa-CreateItem", "voyager-createMessage" */
  source: z.string().max(100).optional(),
  /** Provider ids that explain the record: thread id, message id, RFC Message-ID, URNs. */
  ids: z.record(z.string(), z.string().max(500)).optional(),
});
export type Detection = z.infer<typeof Detection>;

const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'a currency is a three-letter ISO code such as USD');

/** One recorded activity. Never holds a message body. */
export const Activity = z.object({
  id: z.string().min(1).max(100),
  kind: ActivityKind,
  channel: Channel,
  /** Epoch milliseconds; for a scheduled send, when it is due. */
  occurredAt: z.number().int().nonnegative(),
  /** The sender identity: an email address, a LinkedIn profile URN, or "me" for manual entries. */
  account: z.string().min(1).max(300),
  recipients: z.array(Recipient).max(500),
  subject: z.string().max(1000).optional(),
  /** Free-text label a rep gave a manual entry (e.g. "Call with ACME"); never captured content. */
  note: z.string().max(500).optional(),
  amount: z.number().finite().nonnegative().optional(),
  currency: Currency.optional(),
  /** Distinguishes variants of a kind: reply, forward, scheduled, with_note, reaction, comment, inmail... */
  subtype: z.string().max(50).optional(),
  /** Unique across all activities: the same action seen twice records once. */
  dedupeKey: z.string().min(1).max(600),
  status: ActivityStatus,
  /** For pending activities: when they become counted unless retracted. */
  confirmAt: z.number().int().nonnegative().optional(),
  detection: Detection,
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});
export type Activity = z.infer<typeof Activity>;

/** Whether an activity counts now. Pending ones whose time has come count too: promotion is lazy. */
export function isCountedAt(activity: Pick<Activity, 'status' | 'confirmAt'>, now: number): boolean {
  if (activity.status === 'counted') return true;
  return activity.status === 'pending' && activity.confirmAt !== undefined && activity.confirmAt <= now;
}

/** The key a recipient is counted under by unique-recipient quotas. */
export function recipientKey(recipient: Recipient): string {
  return recipient.address ?? `profile:${recipient.profileId}`;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
