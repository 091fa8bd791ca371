import type { Activity } from '@/lib/activity';
import { uiLocale } from '@/lib/i18n';

export const formatDateTime = (ms: number) =>
  new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
export const formatShortDateTime = (ms: number) =>
  new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'short', timeStyle: 'short' }).format(ms);
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

/** The yyyy-mm-dd of a date input as epoch ms at local midnight (the start of that day). */
export function dayStart(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

/** A datetime-local value for epoch ms, and back. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export function fromLocalInput(value: string): number | undefined {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}
