import { useCallback, useEffect, useRef, useState } from 'react';
import { type ActivityKind, isCustomKind } from '@/lib/activity';
import { t, uiLocale } from '@/lib/i18n';
import { type CustomKind, customKindName } from '@/lib/kinds';
import { KIND_ANSWERS, MANUAL_KINDS, type ProtocolMap, type Request } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { useBackgroundChanges } from './useBackgroundChanges';

/**
 * A kind in words, on every surface: a built-in kind from the locale files, the rep's own by its
 * name in the UI's language (else its other name; "(removed)" after an archived one; the id itself
 * while the definitions load or when it is not defined here).
 */
export function kindLabel(kind: ActivityKind | string, customKinds: readonly CustomKind[] = []): string {
  if (!isCustomKind(kind)) return t(`kind_${kind}`);
  const definition = customKinds.find((k) => k.id === kind);
  if (!definition) return kind;
  const name = customKindName(definition, uiLocale());
  return definition.archived ? t('kindArchived', name) : name;
}

const NONE: CustomKind[] = [];

type KindRequest = Extract<Request, { type: keyof typeof KIND_ANSWERS }>;

/** Sends a kinds request and parses its answer with the protocol's schema (an answer that does not fit throws). */
export async function sendKinds<R extends KindRequest>(request: R): Promise<ProtocolMap[R['type']]> {
  const answer = await send(request as Parameters<typeof send>[0]);
  const parsed = KIND_ANSWERS[request.type].safeParse(answer);
  if (!parsed.success) throw new Error(`${request.type}: the background's answer does not fit the protocol`);
  return parsed.data as ProtocolMap[R['type']];
}

/**
 * The rep's own kinds (archived ones included), read again whenever the background reports a change.
 * The component re-renders only when they differ: most changes are captures, and a re-render of
 * History or Reports per capture runs on the open popup's renderer too.
 */
export function useCustomKinds(): CustomKind[] {
  const [kinds, setKinds] = useState<CustomKind[]>(NONE);
  // What is shown, as text: an answer equal to it sets no state (not even one React bails out of).
  const shown = useRef('[]');
  const asked = useRef(0);
  const load = useCallback(() => {
    const ask = ++asked.current;
    sendKinds({ type: 'kinds/list' }).then(
      (list) => {
        // A newer ask is under way: its answer is the one to keep.
        if (ask !== asked.current) return;
        const text = JSON.stringify(list);
        if (text === shown.current) return;
        shown.current = text;
        setKinds(list);
      },
      () => undefined,
    );
  }, []);
  useEffect(load, []);
  useBackgroundChanges(load);
  return kinds;
}

/**
 * The kinds a rep can give a new or edited entry: the manual built-in kinds, then the rep's own that
 * are neither hidden nor archived, and `current` (an entry keeps its kind even when it is hidden).
 */
export function entryKinds(customKinds: readonly CustomKind[], current?: ActivityKind): ActivityKind[] {
  const kinds: ActivityKind[] = [...MANUAL_KINDS, ...customKinds.filter((k) => !k.hidden && !k.archived).map((k) => k.id)];
  if (current !== undefined && !kinds.includes(current)) kinds.push(current);
  return kinds;
}

/**
 * The kinds a quota or a filter can choose: every built-in kind, then the rep's own that are not
 * hidden or archived, and any already `used` (a hidden kind stays selectable where it is counted).
 */
export function selectableKinds(builtIn: readonly ActivityKind[], customKinds: readonly CustomKind[], used: readonly ActivityKind[] = []) {
  const kinds: ActivityKind[] = [...builtIn];
  for (const k of customKinds) if ((!k.hidden && !k.archived) || used.includes(k.id)) kinds.push(k.id);
  for (const k of used) if (!kinds.includes(k)) kinds.push(k);
  return kinds;
}
