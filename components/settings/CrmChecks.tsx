import type { z } from 'zod';
import { t } from '@/lib/i18n';
import type { CrmCheckLine } from '@/lib/messages';

/**
 * The connection check's lines (issue 22): what the sync and the board will need, and whether it
 * will work, probed without writing before the first record. Each line is two message keys
 * (`crmCheckWhat_<what>`, `crmCheck_<words>`) so it reads in the rep's language.
 */
export function CrmChecks({ crm, checks }: { crm: string; checks: z.infer<typeof CrmCheckLine>[] }) {
  if (checks.length === 0) return null;
  return (
    <ul className="crm-checks" data-testid={`crm-${crm}-checks`}>
      {checks.map((check) => (
        <li key={`${check.what}:${check.words}`} className={check.ok ? 'ok' : 'warning'} data-ok={check.ok}>
          {check.ok ? '✓ ' : '✗ '}
          <strong>{t(`crmCheckWhat_${check.what}`)}</strong>: {t(`crmCheck_${check.words}`, check.subs ?? [])}
        </li>
      ))}
    </ul>
  );
}
