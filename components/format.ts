import type { Activity } from '@/lib/activity';
import { uiLocale } from '@/lib/i18n';

export const formatDateTime = (ms: number) =>
  new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
/** Day and time; in `timeZone` when given (History shows the settings' zone, like the engine counts). */
export const formatShortDateTime = (ms: number, timeZone?: string) =>
  new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(ms);
export const formatDate = (ms: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' }).format(ms);
export const formatMoney = (amount: number, currency?: string) => {
  try {
    return currency
      ? new Intl.NumberFormat(uiLocale(), { style: 'currency', currency }).format(amount)
      : new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
};

/** Who an activity went to, for a list row. */
export function recipientsLabel(activity: Activity): string {
  return activity.recipients.map((r) => r.name ?? r.address ?? r.profileId ?? '').filter(Boolean).join(', ');
}
