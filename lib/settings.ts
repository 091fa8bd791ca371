import { z } from 'zod';
import { ActivityKind, Channel, Currency, SignalKind, TopicLabel } from './activity';
import { PAGE_SOURCES, SOURCE_CHANNELS } from './capture/all-sources';
import { AMOUNT_MAX } from './entry-limits';
import { HolidayCountry } from './holidays/official';
import { isWebmailDomain } from './webmail-domains';

export const PeriodUnit = z.enum(['day', 'week', 'month', 'quarter', 'year']);
export type PeriodUnit = z.infer<typeof PeriodUnit>;

/**
 * count: activities; unique_recipients: distinct people reached; sum: total amount (deals);
 * units: total units sold (deals and new customers that carry units).
 */
export const Measure = z.enum(['count', 'unique_recipients', 'sum', 'units']);
export type Measure = z.infer<typeof Measure>;

/** attempts: every call counts; connected: only calls whose outcome is connected. */
export const CallsCount = z.enum(['attempts', 'connected']);
export type CallsCount = z.infer<typeof CallsCount>;

/** held: a meeting counts when it takes place; booked: when it was booked. */
export const MeetingsBy = z.enum(['held', 'booked']);
export type MeetingsBy = z.infer<typeof MeetingsBy>;

/**
 * Signals to act on (issue 15, point 4): a quota that counts only outreach to people who engaged
 * with the rep first (commented on or reacted to the rep's post), optionally on one of the rep's topics.
 */
export const QuotaSignal = z.object({
  kinds: z.array(SignalKind).min(1, 'choose at least one way they engaged'),
  /** A topic label from the settings' engagement topics; absent: any topic, or none. */
  topic: TopicLabel.optional(),
});
export type QuotaSignal = z.infer<typeof QuotaSignal>;

/** A topic the rep posts about: its label and the words that mark a post as on it (any one matches). */
export const EngagementTopic = z.object({
  label: z.string().trim().min(1, 'a topic needs a name').max(60),
  keywords: z.array(z.string().trim().min(1).max(60)).min(1, 'a topic needs at least one keyword').max(30),
});
export type EngagementTopic = z.infer<typeof EngagementTopic>;

/** The most a count quota may ask for in one period: more is a typo (999,999,999 calls), not a plan. */
export const MAX_COUNT_TARGET = 1_000_000;

export const Quota = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string().trim().min(1, 'a quota needs a name').max(80),
    kinds: z.array(ActivityKind).min(1, 'choose at least one activity kind'),
    /**
     * Any number here, its range checked below by measure: one limit and one message per measure
     * ("12.5", "0" and "99999999999" calls all get "a whole number from 1 to 1,000,000"; issue 21.12).
     */
    target: z.custom<number>((v) => typeof v === 'number', { message: 'the target is a number' }),
    period: PeriodUnit,
    measure: Measure,
    /** Recipients in internal domains do not count (an activity only to colleagues counts nothing). */
    excludeInternal: z.boolean(),
    /** For sum quotas: only amounts in this currency count. */
    currency: Currency.optional(),
    /** Calls: count attempts (the default) or connected calls only. */
    callsCount: CallsCount.optional(),
    /** Meetings: count by when they take place (the default) or by when they were booked. */
    meetingsBy: MeetingsBy.optional(),
    /** Count only outreach to people who engaged first (see QuotaSignal). */
    signal: QuotaSignal.optional(),
  })
  .superRefine((quota, ctx) => {
    // Money: above zero, at most the bound every amount has (lib/entry-limits.ts).
    if (quota.measure === 'sum' && !(Number.isFinite(quota.target) && quota.target > 0 && quota.target <= AMOUNT_MAX)) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `a revenue target is above 0 and at most ${AMOUNT_MAX}`,
        params: { rule: 'amountTarget', max: AMOUNT_MAX },
      });
    }
    // Calls and people come whole: half a call a month is a typo ("0 / 1" beside "0.5 per day").
    if (quota.measure !== 'sum' && !(Number.isInteger(quota.target) && quota.target >= 1 && quota.target <= MAX_COUNT_TARGET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `a count target is a whole number from 1 to ${MAX_COUNT_TARGET}`,
        params: { rule: 'wholeCount', min: 1, max: MAX_COUNT_TARGET },
      });
    }
  });
export type Quota = z.infer<typeof Quota>;

export const Quotas = z
  .array(Quota)
  .max(50)
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, {
    message: 'quota ids must be unique',
  });

/**
 * Quotas as saved from now on: two may not share a name (the popup, Reports and the board tell
 * them apart by it). Stored lists are read with `Quotas`, so one saved before this rule still reads.
 */
export const QuotasToSave = Quotas.superRefine((quotas, ctx) => {
  const seen = new Set<string>();
  for (const [index, quota] of quotas.entries()) {
    const name = quota.name.trim().toLocaleLowerCase();
    if (seen.has(name))
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message: 'another quota has this name', params: { rule: 'duplicateName' } });
    seen.add(name);
  }
});

/** A real calendar day written yyyy-mm-dd (2026-13-45 is refused, not rolled over into 2027). */
export function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written YYYY-MM-DD')
  .superRefine((value, ctx) => {
    if (!isRealIsoDate(value))
      ctx.addIssue({ code: 'custom', message: `${value} is not a real date`, params: { rule: 'realDate', value } });
  });

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'a domain looks like example.com');

/**
 * A messenger chat as its activities name it: `vk:<peer id>` or `tg:<peer id>` (ids may be negative),
 * `wa:<phone number>` (WhatsApp one-to-one), `wa:<id>@lid` or `wa:<id>@g.us` (a WhatsApp group).
 */
export const MessengerChatId = z
  .string()
  .regex(/^((vk|tg):-?\d{1,20}|wa:\d{5,20}(@lid|(-\d{1,20})?@g\.us)?)$/, 'a chat id looks like vk:123, tg:-100123 or wa:15551234567');

/** Messengers mix work and private chats: they capture nothing until the rep turns them on (their descriptors say `on: false`). */
export const OPT_IN_CHANNELS: readonly Channel[] = SOURCE_CHANNELS.filter((channel) => !channel.on).map((channel) => channel.id);

export const Settings = z
  .object({
    timeZone: z.string().refine(isValidTimeZone, 'unknown time zone'),
    /** 0 = Sunday … 6 = Saturday, as in date-fns. */
    weekStartsOn: z.number().int().min(0).max(6),
    workingDays: z.array(z.number().int().min(0).max(6)).min(1, 'choose at least one working day').max(7),
    /** Hours of the working day, used to pro-rate "expected by now" within today. */
    workdayStartHour: z.number().int().min(0).max(23),
    workdayEndHour: z.number().int().min(1).max(24),
    /** Holidays and time off. */
    nonWorkingDates: z.array(IsoDate).max(1000),
    /** Whose official holidays and moved working days count (Russia's production calendar…); absent: none. */
    holidayCountry: HolidayCountry.optional(),
    /** Days worked although weekend days or official holidays (the rep's own edit of the official calendar). */
    workingDates: z.array(IsoDate).max(1000).optional(),
    // A free-mail domain as "internal" would stop every prospect there from counting.
    internalDomains: z
      .array(
        Domain.superRefine((domain, ctx) => {
          if (isWebmailDomain(domain))
            ctx.addIssue({
              code: 'custom',
              message: `${domain} is a free mail domain, not internal`,
              params: { rule: 'webmail', value: domain },
            });
        }),
      )
      .max(200),
    /** When true, the sender's own domain counts as internal unless it is a webmail domain. */
    senderDomainIsInternal: z.boolean(),
    /**
     * Off when false. A channel added after the settings were saved is absent: it counts as on,
     * except the messengers (OPT_IN_CHANNELS), which count only once turned on (channelIsOn).
     */
    channels: z.partialRecord(Channel, z.boolean()),
    /**
     * Which messenger chats count (VK, Telegram; see chatCounts in lib/background/privacy.ts), by
     * the chat's profile id (`vk:<peer>`, `tg:<peer>`): one-to-one chats count unless excluded;
     * group chats and channels only when marked as work. Absent in settings saved before: empty.
     */
    messengerChats: z
      .object({
        excluded: z.array(MessengerChatId).max(1000),
        work: z.array(MessengerChatId).max(1000),
      })
      .default({ excluded: [], work: [] }),
    /** Gmail's undo-send period in seconds. */
    gmailUndoSeconds: z.union([z.literal(5), z.literal(10), z.literal(20), z.literal(30)]),
    /** LinkedIn restricts accounts above roughly 100–200 invitations a week. */
    linkedinWeeklyInviteLimit: z.number().int().min(1).max(500),
    privacy: z.object({ storeSubjects: z.boolean(), storeRecipientNames: z.boolean() }),
    badge: z.enum(['remaining_today', 'percent_of_pace', 'off']),
    notifications: z.object({ endOfDayNudge: z.boolean(), quotaMet: z.boolean() }),
    /**
     * The rep's topics (issue 15, point 4): a post of theirs is labelled with the topics whose keywords
     * it contains, and only the labels are kept. Absent: none (settings saved before, and the defaults).
     */
    engagementTopics: z
      .array(EngagementTopic)
      .max(50)
      .refine((topics) => new Set(topics.map((topic) => topic.label.toLowerCase())).size === topics.length, {
        message: 'topic names must be different',
      })
      .optional(),
  })
  .refine((s) => s.workdayEndHour > s.workdayStartHour, {
    message: 'the working day must end after it starts',
    path: ['workdayEndHour'],
  });
export type Settings = z.infer<typeof Settings>;

/** Whether captures of a channel are recorded: its saved switch, else on, except the opt-in messengers. */
export function channelIsOn(settings: Pick<Settings, 'channels'>, channel: Channel): boolean {
  return settings.channels[channel] ?? !OPT_IN_CHANNELS.includes(channel);
}

export function defaultTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

export function defaultSettings(timeZone = defaultTimeZone()): Settings {
  return {
    timeZone,
    weekStartsOn: 1,
    workingDays: [1, 2, 3, 4, 5],
    workdayStartHour: 9,
    workdayEndHour: 17,
    nonWorkingDates: [],
    internalDomains: [],
    senderDomainIsInternal: true,
    // Each page source's channels as its descriptor says (messengers start off: opt-in per source,
    // issue 12), and manual entries. Channels absent here count as channelIsOn says.
    channels: {
      ...Object.fromEntries(PAGE_SOURCES.flatMap((source) => source.channels.map((channel) => [channel.id, channel.on]))),
      manual: true,
    },
    messengerChats: { excluded: [], work: [] },
    gmailUndoSeconds: 5,
    linkedinWeeklyInviteLimit: 100,
    // Subjects and names only if the rep allows it (issue 21, point 14): off at install. Stored
    // settings always carry their privacy, so an install from before keeps its choice.
    privacy: { storeSubjects: false, storeRecipientNames: false },
    badge: 'remaining_today',
    notifications: { endOfDayNudge: false, quotaMet: true },
  };
}

export interface DefaultQuotaNames {
  calls: string;
  emails: string;
  social: string;
}

/** The typical rep: 150 calls, 200 emails and 50 social touches a month, named in the user's language. */
export function defaultQuotas(names: DefaultQuotaNames = { calls: 'Calls', emails: 'Emails', social: 'Social touches' }): Quota[] {
  return [
    { id: 'calls', name: names.calls, kinds: ['call'], target: 150, period: 'month', measure: 'count', excludeInternal: false },
    { id: 'emails', name: names.emails, kinds: ['email'], target: 200, period: 'month', measure: 'count', excludeInternal: true },
    {
      id: 'social',
      name: names.social,
      // Messenger messages (VK, Telegram) are touches too: they arrive only once the rep turns a messenger on.
      kinds: ['linkedin_message', 'linkedin_invite', 'inmail', 'social_touch', 'messenger_message'],
      target: 50,
      period: 'month',
      measure: 'count',
      excludeInternal: false,
    },
  ];
}
