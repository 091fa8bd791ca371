import { t } from '@/lib/i18n';
import type { ReportPeriod } from '@/lib/quota/report';

/** The periods a report or the team board can be read for, in the order they are offered. */
export const REPORT_PERIODS: readonly ReportPeriod[] = [
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
];

/** "Period: [This month]": the one picker of Reports and the team board. */
export function PeriodSelect({ value, onChange, testId }: { value: ReportPeriod; onChange: (p: ReportPeriod) => void; testId: string }) {
  return (
    <label>
      {t('reportPeriod')}
      <select value={value} onChange={(e) => onChange(e.target.value as ReportPeriod)} data-testid={testId}>
        {REPORT_PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(`report_${p}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
