import { z } from 'zod';
import { type ApiAnswer, type ApiRequest, type ConnectorError, httpFailure } from '../../api-connector/http';
import { meetingsToEvents } from '../../api-connector/meetings';
import type { Pager } from '../../api-connector/poll';
import { defineApiSource } from '../define-api-source';
import { emailAddress } from '../parse';
import type { DetectorEvent } from '../types';
import { addressInFeedUrl, feedAddress, NotAFeed, readFeed } from './feed';

/**
 * A calendar by its private iCalendar address (one source for Google, Outlook/Microsoft 365, Yandex,
 * iCloud, Zoho, Fastmail): the address is the secret (anyone holding it reads the calendar). The
 * feed is the whole calendar every time, so a poll is one conditional GET (ETag / Last-Modified):
 * 304 changes nothing; a new copy records its meetings and retracts those it listed last time and
 * no longer lists (cancelled, deleted, excluded, moved, declined). 401/403/404/410 mean the rep reset
 * or removed the address.
 */

export const IcsInput = z.object({
  url: z
    .string()
    .trim()
    .max(4000)
    .refine((text) => feedAddress(text) !== undefined, 'an https:// or webcal:// address of a calendar (.ics)')
    .transform((text) => feedAddress(text)!.url),
  email: z.string().trim().toLowerCase().max(300).pipe(z.email()),
});
export const IcsSecret = z.object({
  url: z.url({ protocol: /^https$/ }).max(4000),
  email: z.email().max(300),
});
export type IcsSecret = z.infer<typeof IcsSecret>;

/** What a poll keeps for the next: the copy's validators and the meetings it listed (dedupe key → start). */
export const IcsMemo = z.object({
  etag: z.string().max(500).optional(),
  lastModified: z.string().max(100).optional(),
  listed: z.record(z.string().max(600), z.number()),
});
export type IcsMemo = z.infer<typeof IcsMemo>;

/** One read of the address: the same copy as last time, or a new one. */
export type IcsCopy = { kind: 'unchanged' } | { kind: 'copy'; text: string; etag?: string; lastModified?: string };

const SOURCE = 'ics-feed';

export function buildFeedRequest(secret: Pick<IcsSecret, 'url'>, memo?: IcsMemo): ApiRequest {
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (memo?.etag) headers['if-none-match'] = memo.etag;
  if (memo?.lastModified) headers['if-modified-since'] = memo.lastModified;
  return { url: secret.url, method: 'GET', headers };
}

export function feedFailure(answer: ApiAnswer): ConnectorError {
  if ([401, 403, 404, 410].includes(answer.status))
    return { kind: 'address_reset', message: `HTTP ${answer.status}`, status: answer.status };
  return httpFailure(answer);
}

export function parseFeedAnswer(answer: ApiAnswer): { ok: true; items: IcsCopy[] } | { ok: false; error: ConnectorError } {
  if (answer.status === 304) return { ok: true, items: [{ kind: 'unchanged' }] };
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: feedFailure(answer) };
  if (!/BEGIN:VCALENDAR/i.test(answer.body.slice(0, 2000)))
    return { ok: false, error: { kind: 'bad_payload', message: 'the address answered without a calendar', status: answer.status } };
  const etag = answer.headers.etag?.slice(0, 500);
  const lastModified = answer.headers['last-modified']?.slice(0, 100);
  return { ok: true, items: [{ kind: 'copy', text: answer.body, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) }] };
}

function feedPager(secret: IcsSecret, memo?: IcsMemo): Pager<IcsCopy, never> {
  return { request: () => buildFeedRequest(secret, memo), parse: (answer) => parseFeedAnswer(answer) };
}

const memoOf = (value: unknown): IcsMemo | undefined => IcsMemo.safeParse(value).data;

/**
 * A new copy as events: a record per meeting listed, a retraction per meeting listed last time whose
 * start is still inside the window and that this copy no longer lists. Kept: what this copy lists.
 */
export async function copyToEvents(
  copy: Extract<IcsCopy, { kind: 'copy' }>,
  previous: IcsMemo | undefined,
  options: { now: number; email: string; internalDomains: readonly string[]; pause?: () => Promise<void> },
): Promise<{ events: DetectorEvent[]; memo: IcsMemo }> {
  const read = await readFeed(copy.text, {
    now: options.now,
    ownAddresses: [options.email],
    internalDomains: options.internalDomains,
    ...(options.pause ? { pause: options.pause } : {}),
  });
  const events = meetingsToEvents('ics', SOURCE, read.meetings, {
    account: options.email,
    ownAddresses: [options.email],
    internalDomains: options.internalDomains,
  });
  const listed: Record<string, number> = {};
  for (const meeting of read.meetings) listed[`ics:${meeting.id}`] = meeting.startsAt;
  for (const [dedupeKey, startsAt] of Object.entries(previous?.listed ?? {})) {
    if (!(dedupeKey in listed) && startsAt >= read.window.from) events.push({ type: 'retract', dedupeKey });
  }
  return {
    events,
    memo: { ...(copy.etag ? { etag: copy.etag } : {}), ...(copy.lastModified ? { lastModified: copy.lastModified } : {}), listed },
  };
}

export const icsSource = defineApiSource('https://*/*', {
  captures: 'meeting',
  fields: [
    { name: 'url', secret: true },
    { name: 'email', secret: false },
  ],
  input: IcsInput,
  secret: IcsSecret,
  cursor: z.never(),
  originOf(value) {
    const url = z.object({ url: z.string() }).safeParse(value).data?.url;
    return url === undefined ? undefined : feedAddress(url)?.origin;
  },
  async connect(input, send, now) {
    const answer = await send(buildFeedRequest(input));
    if ('error' in answer) return { ok: false, error: answer.error };
    const page = parseFeedAnswer(answer);
    if (!page.ok) return page;
    const copy = page.items[0];
    if (copy?.kind === 'copy') {
      try {
        await readFeed(copy.text, { now, ownAddresses: [input.email], internalDomains: [] });
      } catch (error) {
        if (error instanceof NotAFeed) return { ok: false, error: { kind: 'bad_payload', message: error.message.slice(0, 300) } };
        throw error;
      }
    }
    const email = emailAddress(input.email) ?? addressInFeedUrl(input.url) ?? input.email;
    return { ok: true, secret: { url: input.url, email }, owner: { account: email, lines: [], ownAddresses: [email] } };
  },
  pager: (secret, _since, _now, memo) => feedPager(secret, memoOf(memo)),
  async toEvents(items, owner, context, secret) {
    const copy = items.find((item) => item.kind === 'copy');
    if (!copy) return { events: [] };
    try {
      const read = await copyToEvents(copy, memoOf(context.memo), {
        now: context.now,
        email: owner.ownAddresses[0] ?? secret.email,
        internalDomains: context.internalDomains,
        ...(context.pause ? { pause: context.pause } : {}),
      });
      return read;
    } catch (error) {
      if (error instanceof NotAFeed) return { events: [], error: { kind: 'bad_payload', message: error.message.slice(0, 300) } };
      throw error;
    }
  },
});
