import { formatMeasure } from '../format/money';
import type { Settings } from '../settings';
import { dayKey, daysOf, periodContaining } from './calendar';
import type { ProgressReport } from './progress';

export type DueNotification =
  | { type: 'nudge'; key: string; needed: { name: string; count: string }[] }
  | { type: 'met'; key: string; name: string; done: string; target: string };

type NotifySettings = Pick<
  Settings,
  'notifications' | 'timeZone' | 'weekStartsOn' | 'workingDays' | 'nonWorkingDates' | 'workdayStartHour' | 'workdayEndHour'
>;

const HOUR = 3_600_000;

/**
 * The notifications due now that were not sent yet (`sent` holds their keys): an end-of-day nudge
 * from an hour before work ends when some quota is behind (once a day), and a note when a quota is
 * met (once per quota and period), its numbers written as the popup writes them. Pure, so that the
 * rules are testable without a browser.
 */
export function dueNotifications(
  report: ProgressReport,
  settings: NotifySettings,
  sent: readonly string[],
  locale = 'en',
): DueNotification[] {
  const already = new Set(sent);
  const due: DueNotification[] = [];
  const now = report.at;
  if (settings.notifications.endOfDayNudge) {
    const [today] = daysOf(periodContaining(now, 'day', settings), settings);
    const key = `nudge:${dayKey(now, settings)}`;
    const behind = report.quotas.filter((q) => !q.met && (q.pace === 'behind' || q.pace === 'at_risk') && q.neededToday >= 1);
    if (today?.working && now >= today.workEnd - HOUR && now < today.end && behind.length > 0 && !already.has(key)) {
      due.push({ type: 'nudge', key, needed: behind.map((q) => ({ name: q.name, count: String(Math.ceil(q.neededToday - 1e-9)) })) });
    }
  }
  if (settings.notifications.quotaMet) {
    for (const q of report.quotas) {
      const key = `met:${q.quotaId}:${q.period.start}`;
      if (q.met && !already.has(key)) {
        // Money as money ("$12,500 of $10,000"), counts as whole numbers, in the UI's language.
        const show = (value: number) => formatMeasure(value, q.measure, q.currency, locale);
        due.push({ type: 'met', key, name: q.name, done: show(q.done), target: show(q.target) });
      }
    }
  }
  return due;
}
