import { z } from 'zod';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../api-connector/http';
import type { RateLimit } from '../api-connector/pace';
import type { Pager } from '../api-connector/poll';
import type { DetectorEvent } from './types';

/**
 * An API source: a capture source whose input is a page of the vendor's API (a phone system's call
 * log, a booking service's events) instead of a request the page made. The background sends its
 * requests (with `fetchAnswer`) and stores its secret; everything here is pure apart from `send`,
 * so each source is tested against its vendor's documented answers without a network.
 */

/** Sends one request and reads the whole answer; never throws (no answer is a `network` error). */
export type Send = (request: ApiRequest) => Promise<ApiAnswer | { error: ConnectorError }>;

/** Who the rep is at the vendor: the account activities go under and the rep's own lines/addresses. */
export const ConnectorOwner = z.object({
  account: z.string().trim().min(1).max(300),
  /** The rep's lines (user id or email, SIP id, extension); empty when the key sees only the rep's. */
  lines: z.array(z.string().trim().min(1).max(200)).max(20),
  /** The rep's own addresses (booking services): never counted as attendees. */
  ownAddresses: z.array(z.string().trim().toLowerCase().max(300)).max(20),
});
export type ConnectorOwner = z.infer<typeof ConnectorOwner>;

/** One field of the connect form, in order. Secret fields are masked and never sent back to a page. */
export interface ConnectorField {
  name: string;
  secret: boolean;
  /** Optional fields may stay empty. */
  optional?: boolean;
}

export type Connected<Secret> = { ok: true; secret: Secret; owner: ConnectorOwner } | { ok: false; error: ConnectorError };

export interface PollContext {
  send: Send;
  internalDomains: readonly string[];
  /** What the source kept from its last complete poll (see `memo`), unparsed; absent the first time. */
  memo?: unknown;
  now: number;
  /** Gives the worker back between slices of a long read (a years-long calendar feed). */
  pause?: () => Promise<void>;
}

export interface ApiSourceDefinition<Input, Secret, Item, Cursor> {
  /** The activity kind it captures: calls (phone systems) or meetings (booking services). */
  captures: 'call' | 'meeting';
  fields: readonly ConnectorField[];
  /** What the rep pastes in. */
  input: z.ZodType<Input>;
  /** What is stored (local only): the key plus what connecting learned (a token, a time zone, a user). */
  secret: z.ZodType<Secret>;
  /** Where an interrupted poll goes on, as stored. */
  cursor: z.ZodType<Cursor>;
  /** The vendor's published request limits: every request for this source is paced by them. */
  rateLimits?: readonly RateLimit[];
  /** Checks the input with the vendor and turns it into the stored secret and the rep's identity. */
  connect(input: Input, send: Send, now: number): Promise<Connected<Secret>>;
  /** Renews what expires (an access token) before a poll; absent when nothing does. */
  refresh?(
    secret: Secret,
    send: Send,
    now: number,
  ): Promise<{ ok: true; secret: Secret; changed: boolean } | { ok: false; error: ConnectorError }>;
  /** `memo`: what the last complete poll kept (a feed's validators), unparsed; absent the first time. */
  pager(secret: Secret, since: number, now: number, memo?: unknown): Pager<Item, Cursor>;
  /**
   * What the items of a poll record and retract. May ask the vendor more (Calendly's invitees).
   * A source that reads a whole snapshot (a calendar feed) returns what to keep for the next poll as
   * `memo` (what it listed, to retract what disappears); kept only when the poll completed.
   */
  toEvents(
    items: readonly Item[],
    owner: ConnectorOwner,
    context: PollContext,
    secret: Secret,
  ): Promise<{ events: DetectorEvent[]; error?: ConnectorError; memo?: JsonValue }>;
  /**
   * Where the host depends on what the rep pasted (a calendar feed's own address): the origin of the
   * input or stored secret, as a `https://host/*` pattern, or undefined when it names none. Such a
   * source's `origin` is the manifest pattern that covers every one it may ask for.
   */
  originOf?(inputOrSecret: unknown): string | undefined;
}

type JsonValue = z.infer<ReturnType<typeof z.json>>;

export interface ApiSource<Input = unknown, Secret = unknown, Item = unknown, Cursor = unknown>
  extends ApiSourceDefinition<Input, Secret, Item, Cursor> {
  /** The vendor's API origin: the optional host permission asked for at connect time. */
  origin: string;
}

/** The origin a connected source uses: its fixed API host, or the one its input or secret names. */
export function originFor(source: Pick<ApiSource, 'origin' | 'originOf'>, inputOrSecret: unknown): string {
  return source.originOf?.(inputOrSecret) ?? source.origin;
}

export function defineApiSource<Input, Secret, Item, Cursor>(
  origin: string,
  definition: ApiSourceDefinition<Input, Secret, Item, Cursor>,
): ApiSource<Input, Secret, Item, Cursor> {
  return { origin, ...definition };
}

/** A trimmed, comma- or space-separated list of lines as the rep types it. */
export const LineList = z
  .string()
  .trim()
  .max(1000)
  .transform((text) => [...new Set(text.split(/[\s,;]+/).filter(Boolean))].slice(0, 20));

/** The account a phone system's calls go under: the rep's line when it is an address, else `<vendor>:<line>`. */
export function accountForLine(vendor: string, lines: readonly string[]): string {
  const first = lines[0];
  if (first === undefined) return vendor;
  return first.includes('@') ? first.toLowerCase() : `${vendor}:${first}`;
}

/** The first page since a day ago, read once: the connection test every source shares. */
export async function testFirstPage<Item, Cursor>(
  pager: Pager<Item, Cursor>,
  send: Send,
): Promise<{ ok: true } | { ok: false; error: ConnectorError }> {
  const answer = await send(await pager.request(undefined));
  if ('error' in answer) return { ok: false, error: answer.error };
  const page = pager.parse(answer, undefined);
  return page.ok ? { ok: true } : { ok: false, error: page.error };
}

/** A connector failure as stored and shown (the Capture section words it by kind). */
export const ConnectorErrorRecord = z.object({
  kind: z.enum([
    'wrong_key',
    'expired_key',
    'rate_limited',
    'bad_payload',
    'server_error',
    'rejected',
    'network',
    'no_permission',
    'address_reset',
  ]),
  message: z.string().max(300),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
  /** When it happened (epoch ms). */
  at: z.number().int().nonnegative(),
});
export type ConnectorErrorRecord = z.infer<typeof ConnectorErrorRecord>;
