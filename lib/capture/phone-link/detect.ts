import { z } from 'zod';
import type { Capture, DetectorEvent } from '../types';
import { normalizePhoneHref, phoneHrefDigits } from './normalize';

/**
 * A phone-link click (click-hook.ts) to a call attempt. The click crosses from a web page, so it is
 * parsed here like any untrusted input.
 */

export const PhoneLinkClick = z.object({
  href: z.string().min(1).max(2000),
  pageHost: z.string().max(253),
  at: z.number().int().nonnegative(),
});
export type PhoneLinkClick = z.infer<typeof PhoneLinkClick>;

export interface PhoneLinkSettings {
  /** Country calling code for numbers written nationally, e.g. "1" or "44" (the rep's setting). */
  defaultCallingCode?: string;
  /** Who placed the call; "me" like a manual entry unless the lead knows the rep's line. */
  account?: string;
}

/** A double click, or a click that the page repeats, records once: clicks are bucketed by this. */
export const PHONE_LINK_DEDUPE_BUCKET_MS = 10_000;

export function phoneLinkDedupeKey(number: string, at: number): string {
  return `phone-link:${number}:${Math.floor(at / PHONE_LINK_DEDUPE_BUCKET_MS) * PHONE_LINK_DEDUPE_BUCKET_MS}`;
}

/**
 * The call attempt a click stands for: kind call, subtype attempt, the number as an E.164 recipient
 * when it can be had. A link with no phone number in it (`sip:alice@example.com`) records nothing.
 */
export function detectPhoneLinkCall(fact: unknown, settings: PhoneLinkSettings = {}): DetectorEvent[] {
  const parsed = PhoneLinkClick.safeParse(fact);
  if (!parsed.success) return [];
  const { href, pageHost, at } = parsed.data;
  const e164 = normalizePhoneHref(href, { defaultCallingCode: settings.defaultCallingCode });
  const number = e164 ?? phoneHrefDigits(href);
  if (!number) return [];
  const ids: Record<string, string> = { number };
  if (pageHost) ids.site = pageHost.toLowerCase();
  const capture: Capture = {
    kind: 'call',
    channel: 'phone',
    occurredAt: at,
    account: settings.account ?? 'me',
    // A number this could not resolve to E.164 is kept in the key and ids, not as a recipient.
    recipients: e164 ? [{ phone: e164, role: 'to' }] : [],
    subtype: 'attempt',
    dedupeKey: phoneLinkDedupeKey(number, at),
    detection: { method: 'page-request', source: 'phone-link', ids },
  };
  return [{ type: 'record', capture }];
}
