import { t } from '@/lib/i18n';
import type { Settings } from '@/lib/settings';
import { SaveBar } from './SaveBar';
import { useSettingsSection } from './useSettingsSection';

export function PrivacySettings({ initial, onSaved }: { initial: Settings; onSaved: (s: Settings) => void }) {
  const { draft, update, dirty, status, save, saveLabel } = useSettingsSection({
    section: 'privacy',
    initial: initial.privacy,
    patchOf: (privacy) => ({ privacy }),
    onSaved,
  });
  return (
    <section id="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacyTitle')}</h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.storeSubjects}
          onChange={(e) => update({ storeSubjects: e.target.checked })}
          data-testid="store-subjects"
        />
        {t('storeSubjects')}
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.storeRecipientNames}
          onChange={(e) => update({ storeRecipientNames: e.target.checked })}
          data-testid="store-names"
        />
        {t('storeRecipientNames')}
      </label>
      <SaveBar section="privacy" label={saveLabel} status={status} dirty={dirty} onSave={() => void save()} />
    </section>
  );
}
