import { z } from 'zod';
import { defineKeys } from './registry/merge';

/** Flags the UI keeps (e.g. the set-up banner was dismissed), each stored as `ui:<flag>`. */
export const UI_FLAGS = ['setupDismissed'] as const;
export const UiFlag = z.enum(UI_FLAGS);
export type UiFlag = z.infer<typeof UiFlag>;
export const uiKvKey = <F extends UiFlag>(flag: F) => `ui:${flag}` as const;

export const UI_FLAG_KEYS = defineKeys(
  Object.fromEntries(UI_FLAGS.map((flag) => [uiKvKey(flag), z.boolean()])) as {
    [F in UiFlag as `ui:${F}`]: z.ZodBoolean;
  },
);
