import { z } from 'zod';
import { ActivityKind, CustomKindId } from './activity';
import { CustomKind, CustomKinds, KindNames } from './kinds';
import { defineMessages } from './registry/merge';

/** What removing a custom kind would touch. */
export const KindUsage = z.object({
  activities: z.number().int().nonnegative(),
  /** Names of the quotas that count the kind: it cannot be removed while one does. */
  quotas: z.array(z.string()),
});
export type KindUsage = z.infer<typeof KindUsage>;

/** What a removal did: activities moved to `moveTo`, deleted, or kept under the archived kind. */
export const KindRemoval = z.object({
  moved: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  archived: z.number().int().nonnegative(),
});
export type KindRemoval = z.infer<typeof KindRemoval>;

/**
 * The rep's own kinds. Their answers are parsed on receipt too, by the pages that ask
 * (components/kindLabels.ts): the kinds protocol is checked both ways.
 */
export const KINDS_MESSAGES = defineMessages({
  /** The rep's own kinds, archived ones included (for names of kept activities). */
  'kinds/list': { request: z.object({}), answer: CustomKinds },
  /** A new custom kind: its id is made from its first name. */
  'kinds/add': { request: z.object({ names: KindNames, oneClick: z.boolean().default(false) }), answer: CustomKind },
  /** Rename, show as a popup button or not, hide or show again. */
  'kinds/update': {
    request: z.object({
      id: CustomKindId,
      names: KindNames.optional(),
      oneClick: z.boolean().optional(),
      hidden: z.boolean().optional(),
    }),
    answer: CustomKind,
  },
  /** What removing a kind would touch: its activities and the quotas that count it. */
  'kinds/usage': { request: z.object({ id: CustomKindId }), answer: KindUsage },
  /**
   * Removes a custom kind. With activities of it, the rep chooses: `move` them to another kind,
   * `archive` (keep them under the kind, which stays defined as archived), or `delete` them, which
   * also needs `confirmDelete: true` (a second, explicit confirmation). `none` is refused while any
   * activity has the kind: nothing is lost silently.
   */
  'kinds/remove': {
    request: z.object({
      id: CustomKindId,
      activities: z.enum(['none', 'move', 'archive', 'delete']),
      moveTo: ActivityKind.optional(),
      confirmDelete: z.literal(true).optional(),
    }),
    answer: KindRemoval,
  },
});

/** The kinds requests' answer schemas, by type (what the pages parse answers with). */
export const KIND_ANSWERS = Object.fromEntries(Object.entries(KINDS_MESSAGES).map(([type, spec]) => [type, spec.answer])) as {
  [T in keyof typeof KINDS_MESSAGES]: (typeof KINDS_MESSAGES)[T]['answer'];
};
