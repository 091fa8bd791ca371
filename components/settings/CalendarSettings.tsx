import { useId } from 'react';
import { t } from '@/lib/i18n';
import type { Settings } from '@/lib/settings';
import { FieldError } from '../FieldError';
import { errorAttributes } from '../fieldErrors';
import { datesOfLines, linesOfDates, numberOf } from './draftText';
import { OfficialHolidays } from './OfficialHolidays';
import { SaveBar } from './SaveBar';
import { TrackingStart } from './TrackingStart';
import { useSettingsSection } from './useSettingsSection';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

export function CalendarSettings({
  initial,
  onSaved,
  trackingStart,
}: {
  initial: Settings;
  onSaved: (s: Settings) => void;
  trackingStart?: number;
}) {
  const id = useId();
  const { draft, update, dirty, status, errorOf, save, saveLabel } = useSettingsSection({
    section: 'calendar',
    initial: {
      timeZone: initial.timeZone,
      weekStartsOn: initial.weekStartsOn,
      workingDays: initial.workingDays,
      workdayStartHour: String(initial.workdayStartHour),
      workdayEndHour: String(initial.workdayEndHour),
      nonWorkingDates: linesOfDates(initial.nonWorkingDates),
      holidayCountry: initial.holidayCountry,
      workingDates: linesOfDates(initial.workingDates ?? []),
    },
    patchOf: (d) => ({
      timeZone: d.timeZone.trim(),
      weekStartsOn: d.weekStartsOn,
      workingDays: d.workingDays,
      workdayStartHour: numberOf(d.workdayStartHour),
      workdayEndHour: numberOf(d.workdayEndHour),
      nonWorkingDates: datesOfLines(d.nonWorkingDates),
      holidayCountry: d.holidayCountry,
      // None is absent, as in settings saved before the field existed.
      workingDates: d.workingDates.trim() ? datesOfLines(d.workingDates) : undefined,
    }),
    onSaved,
  });
  const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const zoneError = errorOf('timeZone');
  const hoursError = errorOf('workdayEndHour') ?? errorOf('workdayStartHour');
  const daysError = errorOf('workingDays');
  const datesError = errorOf('nonWorkingDates');
  const workedError = errorOf('workingDates');
  // The year the official list opens on: display only (the counting reads each day's own year).
  const year = new Date().getFullYear();

  return (
    <section id="calendar" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('calendarTitle')}</h2>
      <label>
        {t('timeZone')}
        <input
          list={`${id}-zones`}
          value={draft.timeZone}
          onChange={(e) => update({ timeZone: e.target.value })}
          {...errorAttributes(`${id}-zone`, zoneError)}
          data-testid="time-zone"
        />
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <FieldError id={`${id}-zone`} message={zoneError} />
      </label>
      <label>
        {t('weekStartsOn')}
        <select value={draft.weekStartsOn} onChange={(e) => update({ weekStartsOn: Number(e.target.value) })}>
          {WEEKDAYS.map((d) => (
            <option key={d} value={d}>
              {t(`weekday_${d}`)}
            </option>
          ))}
        </select>
      </label>
      <div role="group" aria-label={t('workingDays')} className="kinds" {...(daysError ? { 'aria-describedby': `${id}-days` } : {})}>
        <span>{t('workingDays')}</span>
        {WEEKDAYS.map((d) => (
          <label key={d} className="inline">
            <input
              type="checkbox"
              checked={draft.workingDays.includes(d)}
              onChange={(e) =>
                update({ workingDays: e.target.checked ? [...draft.workingDays, d] : draft.workingDays.filter((x) => x !== d) })
              }
              data-testid={`workday-${d}`}
            />
            {t(`weekday_${d}`)}
          </label>
        ))}
        <FieldError id={`${id}-days`} message={daysError} />
      </div>
      <label>
        {t('workdayHours')}
        <span className="pair">
          <input
            type="number"
            min={0}
            max={23}
            value={draft.workdayStartHour}
            onChange={(e) => update({ workdayStartHour: e.target.value })}
            {...errorAttributes(`${id}-hours`, errorOf('workdayStartHour'))}
            aria-label={t('workdayStart')}
            data-testid="workday-start"
          />
          –
          <input
            type="number"
            min={1}
            max={24}
            value={draft.workdayEndHour}
            onChange={(e) => update({ workdayEndHour: e.target.value })}
            {...errorAttributes(`${id}-hours`, errorOf('workdayEndHour'))}
            aria-label={t('workdayEnd')}
            data-testid="workday-end"
          />
        </span>
        <FieldError id={`${id}-hours`} message={hoursError} />
      </label>
      <OfficialHolidays country={draft.holidayCountry} year={year} onChange={(holidayCountry) => update({ holidayCountry })} />
      <label>
        {t('nonWorkingDates')}
        <textarea
          rows={3}
          value={draft.nonWorkingDates}
          placeholder={t('nonWorkingDatesHint')}
          onChange={(e) => update({ nonWorkingDates: e.target.value })}
          {...errorAttributes(`${id}-dates`, datesError)}
          data-testid="holidays"
        />
        <FieldError id={`${id}-dates`} message={datesError} />
      </label>
      <label>
        {t('workingDates')}
        <textarea
          rows={2}
          value={draft.workingDates}
          placeholder={t('workingDatesHint')}
          onChange={(e) => update({ workingDates: e.target.value })}
          {...errorAttributes(`${id}-worked`, workedError)}
          data-testid="working-dates"
        />
        <FieldError id={`${id}-worked`} message={workedError} />
      </label>
      <SaveBar section="calendar" label={saveLabel} status={status} dirty={dirty} onSave={() => void save()} />
      {trackingStart !== undefined && <TrackingStart since={trackingStart} timeZone={initial.timeZone} />}
    </section>
  );
}
