import { t, uiLocale } from '@/lib/i18n';

/** The name and today's date, in the zone the quotas count days in once it is known. */
export function PopupHeader({ timeZone }: { timeZone: string | undefined }) {
  return (
    <header>
      <h1>{t('extName')}</h1>
      <time>
        {new Intl.DateTimeFormat(uiLocale(), {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          ...(timeZone ? { timeZone } : {}),
        }).format(new Date())}
      </time>
    </header>
  );
}
