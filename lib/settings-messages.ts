import { z } from 'zod';
import { answerOf, defineMessages } from './registry/merge';
import { type Quota, Settings } from './settings';
import { UiFlag } from './ui-flags';

/** The options page's settings and quotas, when counting starts, and the UI's own flags. */
export const SETTINGS_MESSAGES = defineMessages({
  /** `trackingStart`: when counting started (see `tracking/set`). */
  'settings/get': {
    request: z.object({}),
    answer: answerOf<{ settings: Settings; quotas: Quota[]; accounts: string[]; trackingStart: number }>(),
  },
  /**
   * When counting starts (set at install): a rep who joined on the 1st, or whose manager counts whole
   * months, moves it back; the first period is pro-rated from it and earlier periods are not misses.
   */
  'tracking/set': { request: z.object({ since: z.number().int().nonnegative() }), answer: z.number() },
  'settings/save': { request: z.object({ settings: z.unknown() }), answer: Settings },
  'quotas/save': { request: z.object({ quotas: z.unknown() }), answer: answerOf<Quota[]>() },
  /** A small key-value note the UI keeps (e.g. the set-up banner was dismissed). */
  'ui/get': { request: z.object({ key: UiFlag }), answer: z.boolean() },
  'ui/set': { request: z.object({ key: UiFlag, value: z.boolean() }), answer: z.boolean() },
});
