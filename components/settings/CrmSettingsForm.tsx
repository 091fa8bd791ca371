import { useEffect, useState } from 'react';
import { ACTIVITY_KINDS, CHANNELS } from '@/lib/activity';
import type { CrmSyncSettings } from '@/lib/crm/outbox';
import type { CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import { CrmStatus } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { errorText } from '../errorText';
import { CrmRecordOptions } from './CrmRecordOptions';

/** Options → CRM, once connected: what the rep lets go to the CRM (kinds, channels, from when, names, subjects). */
const toDateInput = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** Midnight of a yyyy-mm-dd in the rep's zone, as epoch ms. */
function fromDateInput(value: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // The zone's offset at that moment (close enough at midnight: a DST change is never at 00:00 UTC±offset).
  const shown = new Date(new Date(utc).toLocaleString('en-US', { timeZone }));
  const asUtc = new Date(new Date(utc).toLocaleString('en-US', { timeZone: 'UTC' }));
  return utc - (shown.getTime() - asUtc.getTime());
}

export function CrmSettingsForm({
  crm,
  initial,
  timeZone,
  onSaved,
}: {
  crm: CrmId;
  initial: CrmSyncSettings;
  timeZone: string;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [from, setFrom] = useState(toDateInput(initial.fromDate, timeZone));
  const [state, setState] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    setDraft(initial);
    setFrom(toDateInput(initial.fromDate, timeZone));
  }, [initial, timeZone]);
  const toggle = <T extends string>(list: readonly T[], value: T, on: boolean): T[] =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

  async function save() {
    setState(undefined);
    const fromDate = fromDateInput(from, timeZone);
    if (fromDate === undefined) {
      setState({ ok: false, text: t('crmFromDateInvalid') });
      return;
    }
    try {
      CrmStatus.parse(await send({ type: 'crm/settings-save', crm, settings: { ...draft, fromDate } }));
      setState({ ok: true, text: t('crmSettingsSaved') });
      onSaved();
    } catch (e) {
      setState({ ok: false, text: errorText(e) });
    }
  }

  return (
    <form
      className="crm-settings"
      data-testid={`crm-${crm}-settings`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t('crmSettingsTitle')}</h3>
      <fieldset>
        <legend>{t('crmSettingsKinds')}</legend>
        {ACTIVITY_KINDS.map((kind) => (
          <label key={kind} className="inline">
            <input
              type="checkbox"
              checked={draft.kinds.includes(kind)}
              onChange={(e) => setDraft({ ...draft, kinds: toggle(draft.kinds, kind, e.target.checked) })}
              data-testid={`crm-kind-${kind}`}
            />
            {t(`kind_${kind}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('crmSettingsChannels')}</legend>
        {CHANNELS.map((channel) => (
          <label key={channel} className="inline">
            <input
              type="checkbox"
              checked={draft.channels.includes(channel)}
              onChange={(e) => setDraft({ ...draft, channels: toggle(draft.channels, channel, e.target.checked) })}
              data-testid={`crm-channel-${channel}`}
            />
            {t(`channel_${channel}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('crmSettingsFrom')}
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid={`crm-${crm}-from`} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.includeSubjects}
          onChange={(e) => setDraft({ ...draft, includeSubjects: e.target.checked })}
          data-testid={`crm-${crm}-subjects`}
        />
        {t('crmSettingsSubjects')}
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.includeNames}
          onChange={(e) => setDraft({ ...draft, includeNames: e.target.checked })}
          data-testid={`crm-${crm}-names`}
        />
        {t('crmSettingsNames')}
      </label>
      <fieldset>
        <legend>{t('crmSettingsNoMatch')}</legend>
        <label className="inline">
          <input
            type="radio"
            checked={draft.noMatch === 'skip'}
            onChange={() => setDraft({ ...draft, noMatch: 'skip' })}
            data-testid={`crm-${crm}-nomatch-skip`}
          />
          {t('crmNoMatchSkip')}
        </label>
        <label className="inline">
          <input
            type="radio"
            checked={draft.noMatch === 'create'}
            onChange={() => setDraft({ ...draft, noMatch: 'create' })}
            data-testid={`crm-${crm}-nomatch-create`}
          />
          {t('crmNoMatchCreate')}
        </label>
      </fieldset>
      <CrmRecordOptions crm={crm} draft={draft} onChange={setDraft} />
      <p className="hint">{t('crmSettingsNeverBody')}</p>
      <button type="submit" data-testid={`crm-${crm}-settings-save`}>
        {t('crmSettingsSave')}
      </button>
      {state && (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'hint' : 'error'}>
          {state.text}
        </p>
      )}
    </form>
  );
}
