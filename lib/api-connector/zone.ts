import { TZDate } from '@date-fns/tz';

/**
 * Wall-clock times without a zone ("2026-01-14 17:05:00", as Zadarma writes them) read in a named
 * zone: an IANA name ("Europe/Moscow") or a fixed offset as vendors print them ("UTC+3", "UTC+5:30",
 * "UTC-05:00", "GMT+3", "+03:00").
 */

const FIXED = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** A fixed offset in minutes, 0 for "UTC"/"GMT", or undefined for a zone name. */
function fixedOffsetMinutes(zone: string): number | undefined {
  const trimmed = zone.trim();
  if (/^(UTC|GMT|Z)$/i.test(trimmed)) return 0;
  const match = FIXED.exec(trimmed);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return match[1] === '-' ? -minutes : minutes;
}

export function isKnownZone(zone: string): boolean {
  if (fixedOffsetMinutes(zone) !== undefined) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Epoch ms of a local "Y-m-d H:i:s" in `zone`, or undefined when either is not understood. */
export function zonedToEpoch(local: string, zone: string): number | undefined {
  const match = LOCAL.exec(local.trim());
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc)) return undefined;
  const offset = fixedOffsetMinutes(zone);
  if (offset !== undefined) return asUtc - offset * 60_000;
  if (!isKnownZone(zone)) return undefined;
  return new TZDate(y, mo - 1, d, h, mi, s, zone).getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "Y-m-d H:i:s" of an instant in `zone`. */
export function epochToZoned(at: number, zone: string): string {
  const offset = fixedOffsetMinutes(zone);
  let parts: [number, number, number, number, number, number];
  if (offset !== undefined) {
    const shifted = new Date(at + offset * 60_000);
    parts = [
      shifted.getUTCFullYear(),
      shifted.getUTCMonth() + 1,
      shifted.getUTCDate(),
      shifted.getUTCHours(),
      shifted.getUTCMinutes(),
      shifted.getUTCSeconds(),
    ];
  } else {
    const zoned = new TZDate(at, zone);
    parts = [zoned.getFullYear(), zoned.getMonth() + 1, zoned.getDate(), zoned.getHours(), zoned.getMinutes(), zoned.getSeconds()];
  }
  const [y, mo, d, h, mi, s] = parts;
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}
