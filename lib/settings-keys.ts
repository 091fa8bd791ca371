import { z } from 'zod';
import { CustomKinds } from './kinds';
import { defineKeys } from './registry/merge';
import { isRealIsoDate, MAX_COUNT_TARGET, Quotas, Settings } from './settings';
import { isWebmailDomain } from './webmail-domains';

/**
 * Quotas saved before count targets had to be whole (0.5 calls, 999,999,999 calls) read back rounded
 * into range, rather than failing the schema and dropping every quota for the defaults.
 */
function wholeCountTargets(stored: unknown): unknown {
  if (!Array.isArray(stored)) return stored;
  return stored.map((q: unknown) => {
    if (typeof q !== 'object' || q === null) return q;
    const { measure, target } = q as { measure?: unknown; target?: unknown };
    if (measure === 'sum' || typeof target !== 'number' || !Number.isFinite(target) || target <= 0) return q;
    return { ...q, target: Math.min(MAX_COUNT_TARGET, Math.max(1, Math.round(target))) };
  });
}

/**
 * Settings saved before two rules existed read back repaired rather than failing the schema (which
 * would drop all of them for the defaults): holidays that are not real dates (2026-13-45) are dropped,
 * and so are free-mail domains taken as internal (they stopped every prospect there from counting).
 */
function repairSettings(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const { nonWorkingDates: dates, internalDomains: domains } = stored as { nonWorkingDates?: unknown; internalDomains?: unknown };
  return {
    ...stored,
    ...(Array.isArray(dates) ? { nonWorkingDates: dates.filter((d) => typeof d !== 'string' || isRealIsoDate(d)) } : {}),
    ...(Array.isArray(domains) ? { internalDomains: domains.filter((d) => typeof d !== 'string' || !isWebmailDomain(d)) } : {}),
  };
}

export const SETTINGS_KEYS = defineKeys({
  settings: z.preprocess(repairSettings, Settings),
  quotas: z.preprocess(wholeCountTargets, Quotas),
  /**
   * When tracking started: the first run, or the first imported activity if earlier. The quotas'
   * first period is pro-rated from then, and earlier periods are not misses.
   */
  trackingStart: z.number().int().nonnegative(),
  /** The rep's own activity kinds (issue 15), archived ones included; absent: none. */
  customKinds: CustomKinds,
});
