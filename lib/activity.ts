// Over 300 lines: the activity model, the one definition of an activity (its zod schemas, kinds,
// channels and statuses) with the small helpers every part shares.
import { z } from 'zod';
import { SOURCE_CHANNEL_IDS, type SourceChannelId } from './capture/all-sources';

/**
 * Limits shared by the model, the protocol, the settings and the import: defined once here so that
 * a value one accepts is never refused by another.
 */
export const LIMITS = {
  id: 100,
  account: 300,
  recipients: 500,
  recipientName: 300,
  profileId: 300,
  subject: 1000,
  note: 500,
  subtype: 50,
  detectionId: 500,
  dedupeKey: 600,
  /** History search text. */
  search: 200,
  /** Activities in one history page. */
  listPage: 1000,
  /** Rows in one import. */
  importRows: 2_000_000,
} as const;

/** The currency rule: a three-letter ISO 4217 code. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;
export const Currency = z.string().regex(CURRENCY_CODE, 'a currency is a three-letter ISO code such as USD');

/** A deal or opportunity amount. */
export const Amount = z.number().finite().nonnegative();

/** A whole number of units sold (a deal's or a new customer's quantity). */
export const Units = z.number().int('units are a whole number').nonnegative().max(1_000_000_000);

/** The kinds every install knows. */
export const BuiltInKind = z.enum([
  'email',
  'linkedin_message',
  'linkedin_invite',
  'inmail',
  'social_touch',
  'call',
  'meeting',
  'opportunity',
  'deal',
  'messenger_message',
  // Issue 15: what activity and sales quotas also ask for.
  'work_report',
  'demo',
  'new_customer',
]);
export type BuiltInKind = z.infer<typeof BuiltInKind>;
export const BUILT_IN_KINDS = BuiltInKind.options;
/** The built-in kinds (custom kinds are the rep's own, defined in the kv key `customKinds`). */
export const ACTIVITY_KINDS = BUILT_IN_KINDS;

/**
 * A rep's own kind: `custom:` and a slug of lowercase Latin letters, digits and single hyphens
 * (`custom:site-visit`), at most 40 characters after the prefix. Ids never change once made: a
 * rename changes the names only, so stored activities, quotas and exports keep pointing at it.
 */
export const CUSTOM_KIND_PATTERN = /^custom:[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CUSTOM_KIND_MAX = 47;
export type CustomKindId = `custom:${string}`;
export const CustomKindId = z.custom<CustomKindId>((v) => typeof v === 'string' && isCustomKind(v), {
  message: 'a custom kind id looks like custom:site-visit (lowercase letters, digits and hyphens, at most 40)',
  params: { rule: 'kind' },
});

export function isCustomKind(kind: string): kind is CustomKindId {
  return kind.length <= CUSTOM_KIND_MAX && CUSTOM_KIND_PATTERN.test(kind);
}

const BUILT_IN_SET = new Set<string>(BUILT_IN_KINDS);
export function isBuiltInKind(kind: unknown): kind is BuiltInKind {
  return typeof kind === 'string' && BUILT_IN_SET.has(kind);
}

/**
 * What a rep did: a built-in kind or one of the rep's own. Each kind can be counted by any quota.
 * Whether a custom kind is defined is the background's question (kinds.ts), not the schema's: an
 * activity of a removed kind stays readable.
 */
export type ActivityKind = BuiltInKind | CustomKindId;
export const ActivityKind = z.custom<ActivityKind>((v) => isActivityKind(v), {
  message: 'not an activity kind: a built-in kind (email, call, deal, …) or a custom kind such as custom:site-visit',
  // The UI words it as a choice that is not allowed (see localizeIssue).
  params: { rule: 'kind' },
});

export function isActivityKind(kind: unknown): kind is ActivityKind {
  return typeof kind === 'string' && (isBuiltInKind(kind) || isCustomKind(kind));
}

/**
 * Where it happened: a capture source's channel (each source's descriptor names its own, see
 * lib/capture/all-sources.ts), or typed in by the rep. Ids are stored: never renamed once shipped.
 */
type ChannelId = SourceChannelId | 'manual';
export const Channel = z.enum([...SOURCE_CHANNEL_IDS, 'manual'] as unknown as [ChannelId, ...ChannelId[]]);
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

/** A phone number in E.164: "+", a country code and the subscriber number, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const E164 = z.string().regex(E164_PATTERN, 'a phone number is written in E.164, such as +14155550123');

/** A person an activity went to: an email address, a profile id, a phone number (E.164), or several. */
export const Recipient = z
  .object({
    address: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    profileId: z.string().min(1).max(LIMITS.profileId).optional(),
    /** The number a call went to, in E.164. */
    phone: E164.optional(),
    name: z.string().max(LIMITS.recipientName).optional(),
    role: RecipientRole.optional(),
  })
  .refine((r) => r.address !== undefined || r.profileId !== undefined || r.phone !== undefined, {
    message: 'a recipient needs an address, a profile id or a phone number',
  });
export type Recipient = z.infer<typeof Recipient>;

/** How an activity was detected: shown in history as "why it counted". */
export const Detection = z.object({
  /** api: polled from a connected service's documented API (a phone system's call log, a booking service). */
  method: z.enum(['manual', 'page-request', 'web-request', 'import', 'api']),
  /** e.g. "gmail-sync", "owa-CreateItem", "voyager-createMessage" */
  source: z.string().max(100).optional(),
  /** Provider ids that explain the record: thread id, message id, RFC Message-ID, URNs. */
  ids: z.record(z.string(), z.string().max(LIMITS.detectionId)).optional(),
});
export type Detection = z.infer<typeof Detection>;

/** How a call ended. An attempt without an outcome stays an attempt. */
export const CallOutcome = z.enum(['connected', 'no_answer', 'voicemail', 'wrong_number', 'busy', 'failed']);
export type CallOutcome = z.infer<typeof CallOutcome>;

/** A call's talk time in seconds: at most a day. */
export const DurationSec = z.number().int().min(0).max(86_400);

/**
 * Signals to act on (issue 15, point 4): how a person engaged with the rep before the rep reached
 * them. Learned from what the page loads (a comment or reaction on the rep's own post; see
 * lib/capture/engagement.ts), or told by the rep on a manual entry. Never the comment or post text:
 * only the kind, when, and which of the rep's topics the post matched.
 */
export const SignalKind = z.enum(['commented', 'reacted', 'mentioned']);
export type SignalKind = z.infer<typeof SignalKind>;
export const SIGNAL_KINDS = SignalKind.options;

/** A topic's label as the rep named it in Options ("Retirement planning"). */
export const TopicLabel = z.string().min(1).max(60);

export const EngagementSignal = z.object({
  kind: SignalKind,
  /** When the person engaged (for a reaction without a time: when the page listed it). */
  engagedAt: z.number().int().nonnegative(),
  /** The rep's topics the post matched; absent when none did (or the rep named none). */
  topics: z.array(TopicLabel).max(20).optional(),
  /** Which recipient engaged (their profile id); absent on a manual tag: the entry's person. */
  person: z.string().min(1).max(LIMITS.profileId).optional(),
});
export type EngagementSignal = z.infer<typeof EngagementSignal>;
export const MAX_SIGNALS = 10;

/** One recorded activity. Never holds a message body. */
export const Activity = z.object({
  id: z.string().min(1).max(LIMITS.id),
  kind: ActivityKind,
  channel: Channel,
  /** Epoch milliseconds; for a scheduled send, when it is due. */
  occurredAt: z.number().int().nonnegative(),
  /** The sender identity: an email address, a LinkedIn profile URN, or "me" for manual entries. */
  account: z.string().min(1).max(LIMITS.account),
  recipients: z.array(Recipient).max(LIMITS.recipients),
  subject: z.string().max(LIMITS.subject).optional(),
  /** Free-text label a rep gave a manual entry (e.g. "Call with ACME"); never captured content. */
  note: z.string().max(LIMITS.note).optional(),
  amount: Amount.optional(),
  currency: Currency.optional(),
  /** Deals and new customers: how many units were sold (a units quota sums them). */
  units: Units.optional(),
  /** Distinguishes variants of a kind: reply, forward, scheduled, with_note, reaction, comment, inmail... */
  subtype: z.string().max(LIMITS.subtype).optional(),
  /** Unique across all activities: the same action seen twice records once. */
  dedupeKey: z.string().min(1).max(LIMITS.dedupeKey),
  status: ActivityStatus,
  /** For pending activities: when they become counted unless retracted. */
  confirmAt: z.number().int().nonnegative().optional(),
  detection: Detection,
  /** Calls: how the call ended (from the phone system, or marked by the rep). */
  outcome: CallOutcome.optional(),
  /** Calls: talk time in seconds. */
  durationSec: DurationSec.optional(),
  /** Meetings: when the meeting was booked (`occurredAt` is when it takes place). */
  bookedAt: z.number().int().nonnegative().optional(),
  /** Outreach to someone who engaged with the rep first (see EngagementSignal). */
  signals: z.array(EngagementSignal).max(MAX_SIGNALS).optional(),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});
export type Activity = z.infer<typeof Activity>;

/** Which activities a history page shows: the protocol's filter and the store's, one schema. */
export const ListFilter = z.object({
  kinds: z.array(ActivityKind).optional(),
  channels: z.array(Channel).optional(),
  statuses: z.array(ActivityStatus).optional(),
  from: z.number().optional(),
  to: z.number().optional(),
  /** Matches recipient addresses, names and profile ids, and subjects and notes, case-insensitively. */
  search: z.string().max(LIMITS.search).optional(),
});
export type ListFilter = z.infer<typeof ListFilter>;

/** Whether an activity counts now. Pending ones whose time has come count too: promotion is lazy. */
export function isCountedAt(activity: Pick<Activity, 'status' | 'confirmAt'>, now: number): boolean {
  if (activity.status === 'counted') return true;
  return activity.status === 'pending' && activity.confirmAt !== undefined && activity.confirmAt <= now;
}

/** The key a recipient is counted under by unique-recipient quotas. */
export function recipientKey(recipient: Pick<Recipient, 'address' | 'profileId' | 'phone'>): string {
  if (recipient.address !== undefined) return recipient.address;
  return recipient.profileId !== undefined ? `profile:${recipient.profileId}` : `phone:${recipient.phone}`;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

// A fast, exact check for the hot read path. Parsing every stored activity with zod costs ~15 µs each
// (most of a cold progress at 100k activities); this accepts only values that `Activity` would accept
// and return unchanged, so anything it rejects still goes through the full parse.
const ACTIVITY_KEYS = new Set(Object.keys(Activity.shape));
const RECIPIENT_KEYS = new Set(['address', 'profileId', 'phone', 'name', 'role']);
const DETECTION_KEYS = new Set(['method', 'source', 'ids']);
const CHANNEL_SET = new Set<unknown>(Channel.options);
const STATUSES = new Set<unknown>(ActivityStatus.options);
const ROLES = new Set<unknown>(RecipientRole.options);
const METHODS = new Set<unknown>(Detection.shape.method.options);
const EMAIL = z.regexes.email;
const OUTCOMES = new Set<unknown>(CallOutcome.options);
const SIGNAL_KEYS = new Set(['kind', 'engagedAt', 'topics', 'person']);
const SIGNAL_KIND_SET = new Set<unknown>(SignalKind.options);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (v: Record<string, unknown>, allowed: Set<string>) => Object.keys(v).every((k) => allowed.has(k));
const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const optStr = (v: unknown, max: number): boolean => v === undefined || str(v, 0, max);
const epoch = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isPlainRecipient(r: unknown): boolean {
  if (!isObject(r) || !onlyKeys(r, RECIPIENT_KEYS)) return false;
  const { address, profileId, phone, name, role } = r;
  if (address !== undefined) {
    if (typeof address !== 'string' || address !== address.trim().toLowerCase() || !EMAIL.test(address)) return false;
  }
  if (profileId !== undefined && !str(profileId, 1, LIMITS.profileId)) return false;
  if (phone !== undefined && !(typeof phone === 'string' && E164_PATTERN.test(phone))) return false;
  if (!optStr(name, LIMITS.recipientName)) return false;
  if (role !== undefined && !ROLES.has(role)) return false;
  return address !== undefined || profileId !== undefined || phone !== undefined;
}

function isPlainDetection(d: unknown): boolean {
  if (!isObject(d) || !onlyKeys(d, DETECTION_KEYS) || !METHODS.has(d.method) || !optStr(d.source, 100)) return false;
  if (d.ids === undefined) return true;
  if (!isObject(d.ids) || Object.getPrototypeOf(d.ids) !== Object.prototype) return false;
  return Object.values(d.ids).every((v) => str(v, 0, LIMITS.detectionId));
}

function isPlainSignal(s: unknown): boolean {
  if (!isObject(s) || !onlyKeys(s, SIGNAL_KEYS) || !SIGNAL_KIND_SET.has(s.kind) || !epoch(s.engagedAt)) return false;
  if (s.person !== undefined && !str(s.person, 1, LIMITS.profileId)) return false;
  return s.topics === undefined || (Array.isArray(s.topics) && s.topics.length <= 20 && s.topics.every((topic) => str(topic, 1, 60)));
}

/** True only for a value that `Activity.parse` accepts and returns as it is (no stripping, no normalising). */
export function isPlainActivity(value: unknown): value is Activity {
  if (!isObject(value) || !onlyKeys(value, ACTIVITY_KEYS)) return false;
  const a = value;
  if (!str(a.id, 1, LIMITS.id) || !isActivityKind(a.kind) || !CHANNEL_SET.has(a.channel) || !epoch(a.occurredAt)) return false;
  if (!str(a.account, 1, LIMITS.account) || !str(a.dedupeKey, 1, LIMITS.dedupeKey) || !STATUSES.has(a.status)) return false;
  if (!optStr(a.subject, LIMITS.subject) || !optStr(a.note, LIMITS.note) || !optStr(a.subtype, LIMITS.subtype)) return false;
  if (a.amount !== undefined && !(typeof a.amount === 'number' && Number.isFinite(a.amount) && a.amount >= 0)) return false;
  if (a.currency !== undefined && !(typeof a.currency === 'string' && CURRENCY_CODE.test(a.currency))) return false;
  if (a.units !== undefined && !(Number.isSafeInteger(a.units) && (a.units as number) >= 0 && (a.units as number) <= 1_000_000_000))
    return false;
  if (a.confirmAt !== undefined && !epoch(a.confirmAt)) return false;
  if (a.outcome !== undefined && !OUTCOMES.has(a.outcome)) return false;
  if (a.durationSec !== undefined && !(epoch(a.durationSec) && (a.durationSec as number) <= 86_400)) return false;
  if (a.bookedAt !== undefined && !epoch(a.bookedAt)) return false;
  if (!epoch(a.createdAt) || !epoch(a.updatedAt)) return false;
  if (!Array.isArray(a.recipients) || a.recipients.length > LIMITS.recipients || !a.recipients.every(isPlainRecipient)) return false;
  if (a.signals !== undefined && !(Array.isArray(a.signals) && a.signals.length <= MAX_SIGNALS && a.signals.every(isPlainSignal)))
    return false;
  return isPlainDetection(a.detection);
}
