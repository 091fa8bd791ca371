import { HOLIDAY_COUNTRIES, type HolidayCountry, OFFICIAL_YEARS, officialYear } from '@/lib/holidays/official';
import { t, uiLocale } from '@/lib/i18n';

const dayWords = (date: string) =>
  new Intl.DateTimeFormat(uiLocale(), { day: 'numeric', month: 'short', weekday: 'short', timeZone: 'UTC' }).format(
    Date.parse(`${date}T00:00:00Z`),
  );

/**
 * Options → Calendar: whose official calendar counts (public holidays, and Russia's moved days), and
 * what it holds this year and next, so that the rep sees it and can override it below.
 */
export function OfficialHolidays({
  country,
  year,
  onChange,
}: {
  country: HolidayCountry | undefined;
  /** The year shown first (the calendar's current year); the next one follows. */
  year: number;
  onChange: (country: HolidayCountry | undefined) => void;
}) {
  const russian = uiLocale().toLowerCase().startsWith('ru');
  return (
    <div className="official-holidays" data-testid="official-holidays">
      <label>
        {t('holidayCountry')}
        <select
          value={country ?? ''}
          onChange={(e) => {
            const picked = HOLIDAY_COUNTRIES.find((c) => c === e.target.value);
            onChange(picked);
          }}
          data-testid="holiday-country"
        >
          <option value="">{t('holidayCountryNone')}</option>
          {HOLIDAY_COUNTRIES.map((c) => (
            <option key={c} value={c}>
              {t(`holidayCountry_${c}`)}
            </option>
          ))}
        </select>
      </label>
      {country &&
        [year, year + 1].map((y) => {
          const official = officialYear(country, y);
          if (!official.covered) {
            return (
              <p key={y} className="hint" data-testid={`official-${y}`}>
                {t('holidayYearNotCovered', [String(y), String(OFFICIAL_YEARS.first), String(OFFICIAL_YEARS.last)])}
              </p>
            );
          }
          return (
            <details key={y} open={y === year} data-testid={`official-${y}`}>
              <summary>
                {t('holidayYearSummary', [String(y), String(official.off.length), String(official.working.length)])}
                {/* Seen without opening: the year's moved days may still change (Russia, no decree yet). */}
                {country === 'RU' && !official.transfers && (
                  <span data-testid={`official-${y}-pending`}> · {t('holidayTransfersPending')}</span>
                )}
              </summary>
              <ul className="official-days">
                {official.off.map((day) => (
                  <li key={day.date}>
                    {dayWords(day.date)} — {russian ? day.name.ru : day.name.en}
                  </li>
                ))}
                {official.working.map((day) => (
                  <li key={day.date} className="working-day">
                    {dayWords(day.date)} — {russian ? day.name.ru : day.name.en}
                  </li>
                ))}
              </ul>
              {country === 'RU' && (
                <p className="hint">
                  {official.transfers
                    ? t(official.transfers.decree ? 'holidayTransfersDecree' : 'holidayTransfersUnchecked', official.transfers.source)
                    : t('holidayTransfersUnknown', String(y))}
                </p>
              )}
            </details>
          );
        })}
    </div>
  );
}
