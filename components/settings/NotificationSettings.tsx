import { t } from '@/lib/i18n';
import { Settings } from '@/lib/settings';
import { SaveBar } from './SaveBar';
import { useSettingsSection } from './useSettingsSection';

const BADGE_MODES = Settings.shape.badge.options;

/** What the toolbar badge shows, and which notifications to send. */
export function NotificationSettings({ initial, onSaved }: { initial: Settings; onSaved: (s: Settings) => void }) {
  const { draft, update, dirty, status, save, saveLabel } = useSettingsSection({
    section: 'notifications',
    initial: { badge: initial.badge, notifications: initial.notifications },
    patchOf: (d) => d,
    onSaved,
  });
  return (
    <section id="notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t('section_notifications')}</h2>
      <label>
        {t('badgeMode')}
        <select value={draft.badge} onChange={(e) => update({ badge: e.target.value as Settings['badge'] })} data-testid="badge-mode">
          {BADGE_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`badge_${m}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('notificationsTitle')}</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={draft.notifications.endOfDayNudge}
            onChange={(e) => update({ notifications: { ...draft.notifications, endOfDayNudge: e.target.checked } })}
            data-testid="notify-eod"
          />
          {t('notifyEndOfDay')}
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={draft.notifications.quotaMet}
            onChange={(e) => update({ notifications: { ...draft.notifications, quotaMet: e.target.checked } })}
            data-testid="notify-met"
          />
          {t('notifyQuotaMet')}
        </label>
      </fieldset>
      <SaveBar section="notifications" label={saveLabel} status={status} dirty={dirty} onSave={() => void save()} />
    </section>
  );
}
