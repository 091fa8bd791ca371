import { useState } from 'react';
import { CHANNELS } from '@/lib/activity';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { Settings, channelIsOn } from '@/lib/settings';
import { useValidatedSave } from './useValidatedSave';
import { FieldError } from './QuotasEditor';

type Part = 'calendar' | 'capture' | 'privacy';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];
const lines = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** The form keeps list and number fields as typed; they are parsed on save. */
interface Draft {
  settings: Settings;
  nonWorkingDates: string;
  internalDomains: string;
  /** The private-chat lists (settings.messengerChats), one chat id per line. */
  excludedChats: string;
  workChats: string;
  inviteLimit: string;
}

export function SettingsForm({ initial, accounts, onSaved }: { initial: Settings; accounts: string[]; onSaved: (s: Settings) => void }) {
  const [draft, setDraft] = useState<Draft>({
    settings: initial,
    nonWorkingDates: initial.nonWorkingDates.join('\n'),
    internalDomains: initial.internalDomains.join('\n'),
    excludedChats: initial.messengerChats.excluded.join('\n'),
    workChats: initial.messengerChats.work.join('\n'),
    inviteLimit: String(initial.linkedinWeeklyInviteLimit),
  });
  const { errors, status, submit } = useValidatedSave(Settings, async (settings) => {
    onSaved(await send({ type: 'settings/save', settings }));
  });
  // Each section has a Save (for all settings); the answer shows next to the one pressed.
  const [savedFrom, setSavedFrom] = useState<Part>('calendar');
  const s = draft.settings;
  const set = (patch: Partial<Settings>) => setDraft((d) => ({ ...d, settings: { ...d.settings, ...patch } }));
  const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const ownDomains = [...new Set(accounts.filter((a) => a.includes('@')).map((a) => a.split('@')[1]!))];

  const saveBar = (part: Part) => {
    return (
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            setSavedFrom(part);
            void save();
          }}
          data-testid={part === 'calendar' ? 'save-settings' : `save-settings-${part}`}
        >
          {t('saveSettings')}
        </button>
        {savedFrom === part && (
          <span role="status" data-testid="settings-status">
            {status}
          </span>
        )}
      </div>
    );
  };

  async function save() {
    const candidate = {
      ...s,
      nonWorkingDates: lines(draft.nonWorkingDates),
      internalDomains: lines(draft.internalDomains),
      messengerChats: { excluded: lines(draft.excludedChats), work: lines(draft.workChats) },
      linkedinWeeklyInviteLimit: draft.inviteLimit.trim() === '' ? Number.NaN : Number(draft.inviteLimit),
    };
    await submit(candidate);
  }

  const errorOf = (prefix: string) =>
    Object.entries(errors).find(([key]) => key === prefix || key.startsWith(`${prefix}.`))?.[1];

  return (
    <>
    <section id="calendar" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('calendarTitle')}</h2>
      <label>
        {t('timeZone')}
        <input list="zones" value={s.timeZone} onChange={(e) => set({ timeZone: e.target.value })} data-testid="time-zone" />
        <datalist id="zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
        <FieldError message={errorOf('timeZone')} />
      </label>
      <label>
        {t('weekStartsOn')}
        <select value={s.weekStartsOn} onChange={(e) => set({ weekStartsOn: Number(e.target.value) })}>
          {WEEKDAYS.map((d) => <option key={d} value={d}>{t(`weekday_${d}`)}</option>)}
        </select>
      </label>
      <div role="group" aria-label={t('workingDays')} className="kinds">
        <span>{t('workingDays')}</span>
        {WEEKDAYS.map((d) => (
          <label key={d} className="inline">
            <input
              type="checkbox"
              checked={s.workingDays.includes(d)}
              onChange={(e) => set({ workingDays: e.target.checked ? [...s.workingDays, d] : s.workingDays.filter((x) => x !== d) })}
              data-testid={`workday-${d}`}
            />
            {t(`weekday_${d}`)}
          </label>
        ))}
        <FieldError message={errorOf('workingDays')} />
      </div>
      <label>
        {t('workdayHours')}
        <span className="pair">
          <input type="number" min={0} max={23} value={Number.isNaN(s.workdayStartHour) ? '' : s.workdayStartHour} onChange={(e) => set({ workdayStartHour: e.target.value === '' ? Number.NaN : Number(e.target.value) })} aria-invalid={Boolean(errorOf('workdayStartHour'))} aria-label={t('workdayStart')} data-testid="workday-start" />
          –
          <input type="number" min={1} max={24} value={Number.isNaN(s.workdayEndHour) ? '' : s.workdayEndHour} onChange={(e) => set({ workdayEndHour: e.target.value === '' ? Number.NaN : Number(e.target.value) })} aria-invalid={Boolean(errorOf('workdayEndHour'))} aria-label={t('workdayEnd')} data-testid="workday-end" />
        </span>
        <FieldError message={errorOf('workdayEndHour') ?? errorOf('workdayStartHour')} />
      </label>
      <label>
        {t('nonWorkingDates')}
        <textarea rows={3} value={draft.nonWorkingDates} onChange={(e) => setDraft((d) => ({ ...d, nonWorkingDates: e.target.value }))} data-testid="holidays" />
        <FieldError message={errorOf('nonWorkingDates')} />
      </label>

      {saveBar('calendar')}
    </section>
    <section id="capture" aria-labelledby="capture-title">
      <h2 id="capture-title">{t('captureTitle')}</h2>
      <div role="group" aria-label={t('channels')} className="kinds">
        {CHANNELS.map((c) => (
          <label key={c} className="inline">
            <input type="checkbox" checked={channelIsOn(s, c)} onChange={(e) => set({ channels: { ...s.channels, [c]: e.target.checked } })} />
            {t(`channel_${c}`)}
          </label>
        ))}
      </div>
      <p className="hint" data-testid="messenger-chats-rule">{t('messengerChatsRule')}</p>
      <label>
        {t('messengerExcluded')}
        <textarea rows={2} value={draft.excludedChats} onChange={(e) => setDraft((d) => ({ ...d, excludedChats: e.target.value }))} data-testid="excluded-chats" />
        <FieldError message={errorOf('messengerChats.excluded')} />
      </label>
      <label>
        {t('messengerWork')}
        <textarea rows={2} value={draft.workChats} onChange={(e) => setDraft((d) => ({ ...d, workChats: e.target.value }))} data-testid="work-chats" />
        <FieldError message={errorOf('messengerChats.work')} />
      </label>
      <label>
        {t('gmailUndo')}
        <select value={s.gmailUndoSeconds} onChange={(e) => set({ gmailUndoSeconds: Number(e.target.value) as Settings['gmailUndoSeconds'] })}>
          {[5, 10, 20, 30].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label>
        {t('internalDomains')}
        <textarea rows={3} value={draft.internalDomains} onChange={(e) => setDraft((d) => ({ ...d, internalDomains: e.target.value }))} data-testid="internal-domains" />
        <FieldError message={errorOf('internalDomains')} />
      </label>
      {ownDomains.length > 0 && (
        <p className="hint">
          {t('seenDomains', ownDomains.join(', '))}{' '}
          {ownDomains
            .filter((d) => !lines(draft.internalDomains).includes(d))
            .map((d) => (
              <button
                key={d}
                type="button"
                className="chip"
                onClick={() => setDraft((x) => ({ ...x, internalDomains: [...lines(x.internalDomains), d].join('\n') }))}
              >
                + {d}
              </button>
            ))}
        </p>
      )}
      <label className="inline">
        <input type="checkbox" checked={s.senderDomainIsInternal} onChange={(e) => set({ senderDomainIsInternal: e.target.checked })} />
        {t('senderDomainIsInternal')}
      </label>
      <label>
        {t('inviteLimit')}
        <input inputMode="numeric" value={draft.inviteLimit} onChange={(e) => setDraft((d) => ({ ...d, inviteLimit: e.target.value }))} data-testid="invite-limit" />
        <FieldError message={errorOf('linkedinWeeklyInviteLimit')} />
      </label>

      {saveBar('capture')}
    </section>
    <section id="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacyTitle')}</h2>
      <label className="inline">
        <input type="checkbox" checked={s.privacy.storeSubjects} onChange={(e) => set({ privacy: { ...s.privacy, storeSubjects: e.target.checked } })} />
        {t('storeSubjects')}
      </label>
      <label className="inline">
        <input type="checkbox" checked={s.privacy.storeRecipientNames} onChange={(e) => set({ privacy: { ...s.privacy, storeRecipientNames: e.target.checked } })} />
        {t('storeRecipientNames')}
      </label>
      <label>
        {t('badgeMode')}
        <select value={s.badge} onChange={(e) => set({ badge: e.target.value as Settings['badge'] })}>
          {(['remaining_today', 'percent_of_pace', 'off'] as const).map((m) => <option key={m} value={m}>{t(`badge_${m}`)}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('notificationsTitle')}</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={s.notifications.endOfDayNudge}
            onChange={(e) => set({ notifications: { ...s.notifications, endOfDayNudge: e.target.checked } })}
            data-testid="notify-eod"
          />
          {t('notifyEndOfDay')}
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={s.notifications.quotaMet}
            onChange={(e) => set({ notifications: { ...s.notifications, quotaMet: e.target.checked } })}
            data-testid="notify-met"
          />
          {t('notifyQuotaMet')}
        </label>
      </fieldset>
      {saveBar('privacy')}
    </section>
    </>
  );
}
