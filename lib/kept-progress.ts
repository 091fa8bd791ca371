import type { ProgressReport } from './quota/progress';

/**
 * The last progress the background computed, mirrored into extension storage for the popup: the
 * popup paints it at once, marked as updating, while the background (often stopped by the browser,
 * so starting first) computes the current one. The background removes it on every change and only
 * writes one computed with no write running (see ProgressCache), so one found reflects every write
 * but those of the last moments before a crash; `validUntil` is when its day ends or a pending
 * capture falls due. No zod here: this module is in the popup's first script, which must stay small.
 */
export const KEPT_PROGRESS_KEY = 'keptProgress';

export interface KeptProgress {
  report: ProgressReport;
  validUntil: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** What the first paint reads of each quota: checked so that a value that does not fit is ignored. */
function isQuotaProgress(v: unknown): boolean {
  if (!isObject(v)) return false;
  return (
    typeof v.quotaId === 'string' &&
    typeof v.name === 'string' &&
    typeof v.pace === 'string' &&
    typeof v.met === 'boolean' &&
    typeof v.asked === 'boolean' &&
    typeof v.measure === 'string' &&
    ['done', 'target', 'expectedByNow', 'remaining', 'pending', 'streak'].every((k) => isNumber(v[k]))
  );
}

/** A kept progress as read back from storage, or undefined when it does not fit. */
export function asKeptProgress(value: unknown): KeptProgress | undefined {
  if (!isObject(value) || !isNumber(value.validUntil) || !isObject(value.report)) return undefined;
  const report = value.report;
  if (!isNumber(report.at) || !Array.isArray(report.quotas) || !report.quotas.every(isQuotaProgress)) return undefined;
  if (!isObject(report.today) || !Array.isArray(report.pending) || !isNumber(report.streak) || !isObject(report.inviteGuard))
    return undefined;
  return value as unknown as KeptProgress;
}

/** The kept progress when it is still exact for `now` (the clock fields aside), else undefined. */
export function usableKeptProgress(value: unknown, now: number): KeptProgress | undefined {
  const kept = asKeptProgress(value);
  return kept && now >= kept.report.at && now < kept.validUntil ? kept : undefined;
}

/** What the popup's entry started before React: the kept progress (once read) and the first request. */
export interface EarlyProgress {
  kept: Promise<KeptProgress | undefined>;
  /** The kept progress, once read (so that React's first render can show it at once). */
  keptNow?: KeptProgress;
  first: Promise<ProgressReport>;
}
