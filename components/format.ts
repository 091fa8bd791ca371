import { uiLocale } from '@/lib/i18n';

export const formatDateTime = (ms: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
/** Day and time; in `timeZone` when given (History shows the settings' zone, like the engine counts). */
export const formatShortDateTime = (ms: number, timeZone?: string) =>
  new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(ms);
export const formatDate = (ms: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' }).format(ms);
