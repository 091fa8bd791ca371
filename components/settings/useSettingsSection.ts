import { useRef, useState } from 'react';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { Settings } from '@/lib/settings';
import { errorText } from '../errorText';
import { useUnsavedFlag } from '../unsavedChanges';
import { useValidatedSave } from '../useValidatedSave';

export type SettingsSection = 'calendar' | 'capture' | 'privacy' | 'notifications' | 'topics';

/**
 * One options section's own form over part of the settings. Its Save reads the latest stored
 * settings, patches only this section's fields and saves that, so it never discards or overwrites
 * another section's edits (saved or not). `D` is the section's draft as typed (numbers and lists
 * kept as text until saved); `patchOf` turns it into the settings fields it owns.
 */
export function useSettingsSection<D>(options: {
  section: SettingsSection;
  initial: D;
  patchOf: (draft: D) => Partial<Record<keyof Settings, unknown>>;
  onSaved: (settings: Settings) => void;
}) {
  const { section, patchOf, onSaved } = options;
  const [draft, setDraft] = useState<D>(options.initial);
  const [savedDraft, setSavedDraft] = useState<D>(options.initial);
  const submitted = useRef<D>(options.initial);
  const { errors, status, setStatus, submit } = useValidatedSave(Settings, async (settings) => {
    onSaved(await send({ type: 'settings/save', settings }));
    setSavedDraft(submitted.current);
  });
  const dirty = JSON.stringify(draft) !== JSON.stringify(savedDraft);
  useUnsavedFlag(section, dirty);

  async function save(): Promise<void> {
    submitted.current = draft;
    let latest: Settings;
    try {
      latest = (await send({ type: 'settings/get' })).settings;
    } catch (e) {
      setStatus(errorText(e));
      return;
    }
    await submit({ ...latest, ...patchOf(draft) });
  }

  /** The first problem of a field or of anything under it ("privacy" covers "privacy.storeSubjects"). */
  const errorOf = (field: string) => Object.entries(errors).find(([key]) => key === field || key.startsWith(`${field}.`))?.[1];
  const update = (patch: Partial<D>) => setDraft((d) => ({ ...d, ...patch }));

  return { draft, update, dirty, status, errorOf, save, saveLabel: t('saveSettings') };
}
