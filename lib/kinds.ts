import { z } from 'zod';
import { type ActivityKind, type BuiltInKind, CUSTOM_KIND_MAX, CustomKindId } from './activity';

/**
 * The rep's own activity kinds (issue 15): definitions kept in the kv key `customKinds`, carried by
 * exports beside the activities. Built-in kinds are named by the locale files; custom ones by these.
 */

/** The languages the UI speaks: a custom kind is named in at least one of them. */
export const KIND_LANGUAGES = ['en', 'ru'] as const;
export type KindLanguage = (typeof KIND_LANGUAGES)[number];

const KindName = z.string().trim().min(1, 'a name cannot be empty').max(60, 'a name is at most 60 characters');

export const KindNames = z
  .object({ en: KindName.optional(), ru: KindName.optional() })
  .refine((names) => names.en !== undefined || names.ru !== undefined, { message: 'name the kind in English or Russian' });
export type KindNames = z.infer<typeof KindNames>;

/**
 * One custom kind. `hidden`: not offered for new entries (no popup button, not in the entry form),
 * still shown and selectable where already used. `archived`: removed by the rep while activities of
 * it were kept; it stays defined so that those activities keep their name, and no longer shows in
 * the editor's list of kinds.
 */
export const CustomKind = z.object({
  id: CustomKindId,
  names: KindNames,
  /** A one-click button in the popup. */
  oneClick: z.boolean(),
  hidden: z.boolean(),
  archived: z.boolean().optional(),
});
export type CustomKind = z.infer<typeof CustomKind>;

export const MAX_CUSTOM_KINDS = 100;

export const CustomKinds = z
  .array(CustomKind)
  .max(MAX_CUSTOM_KINDS)
  .refine((kinds) => new Set(kinds.map((k) => k.id)).size === kinds.length, { message: 'custom kind ids must be unique' });

/** A custom kind's name in `language`, else in the other language it has. */
export function customKindName(kind: Pick<CustomKind, 'names'>, language: string): string {
  const lang = language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
  return kind.names[lang] ?? kind.names.en ?? kind.names.ru ?? '';
}

const CYRILLIC: Record<string, string> = Object.fromEntries(
  [
    ...'а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya'.split(
      ' ',
    ),
  ].map((pair) => pair.split(':') as [string, string]),
);

/**
 * A new kind's id from its name: "Site visit" → custom:site-visit, "Визит" → custom:vizit; a name
 * with no Latin or Cyrillic letters or digits gets custom:kind. `taken` ids get -2, -3, … appended.
 */
export function customKindIdFor(name: string, taken: ReadonlySet<string>): CustomKindId {
  const latin = [...name.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
  const room = CUSTOM_KIND_MAX - 'custom:'.length - 4;
  const slug =
    latin
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, room)
      .replace(/-+$/, '') || 'kind';
  let id = `custom:${slug}`;
  for (let n = 2; taken.has(id); n += 1) id = `custom:${slug}-${n}`;
  return id as CustomKindId;
}

/**
 * The rule the report's conversion states: which kinds are outreach, which are its outcomes.
 * Opportunities are opened; deals and new customers are won (each a sale, logged once). Work reports
 * are internal, not outreach. Every other kind, the rep's own included, is outreach.
 */
export const OPPORTUNITY_KINDS: readonly BuiltInKind[] = ['opportunity'];
export const WON_KINDS: readonly BuiltInKind[] = ['deal', 'new_customer'];
export const NOT_OUTREACH_KINDS: readonly BuiltInKind[] = ['opportunity', 'deal', 'new_customer', 'work_report'];

export function isOutreachKind(kind: ActivityKind): boolean {
  return !(NOT_OUTREACH_KINDS as readonly string[]).includes(kind);
}

/** Kinds whose entries carry units sold (and an amount): deals and new customers. */
export function carriesUnits(kind: ActivityKind): boolean {
  return (WON_KINDS as readonly string[]).includes(kind);
}
