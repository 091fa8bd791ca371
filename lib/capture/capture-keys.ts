import { z } from 'zod';
import { LIMITS } from '../activity';
import { defineKeys } from '../registry/merge';

/** How much of each growing list capture keeps (the oldest entries go first). */
export const CAPTURE_KV_LIMITS = {
  /** Sending accounts seen in captures. */
  accounts: 50,
  /** Keys the page undid. */
  undoneKeys: 2000,
} as const;

/** Dedupe keys that a page event (an undo, a removed reaction) retracted, with when. */
export const UndoneKeys = z.record(z.string(), z.number());
export type UndoneKeys = z.infer<typeof UndoneKeys>;

/** Per source: requests it watches but did not understand, since when, and the latest reason. */
export const CaptureFailures = z.record(
  z.string(),
  z.object({
    count: z.number().int().nonnegative(),
    since: z.number(),
    lastAt: z.number(),
    reason: z.enum(['threw', 'invalid-event']),
    message: z.string().max(200),
  }),
);
export type CaptureFailures = z.infer<typeof CaptureFailures>;

/** Phone links (a hook source): whether the rep turned them on, and the calling code for national numbers. */
export const PhoneLinksSetting = z.object({
  enabled: z.boolean(),
  /** Country calling code, digits only ("1", "44", "7"), for links written without one. */
  defaultCallingCode: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'a calling code is 1 to 3 digits, such as 1 or 44')
    .optional(),
});
export type PhoneLinksSetting = z.infer<typeof PhoneLinksSetting>;

export const CAPTURE_KEYS = defineKeys({
  /** Sending accounts seen in captures, newest last (the settings page lists them). */
  accounts: z.array(z.string().min(1).max(LIMITS.account)).max(CAPTURE_KV_LIMITS.accounts),
  undone: UndoneKeys,
  captureFailures: CaptureFailures,
  phoneLinks: PhoneLinksSetting,
});
