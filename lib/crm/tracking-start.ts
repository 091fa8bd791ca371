import { z } from 'zod';

/**
 * Issue 27, point 5: the team board pro-rates a rep's first period from their tracking start, as the
 * rep's popup does, only if it knows that start. The CRM is the only thing the board and the rep
 * share, and every record the rep's sync writes already carries our marker line (lib/crm/marker.ts,
 * pipedrive/marker.ts). So the start rides beside that line, as a second bracket
 * `[quota-radar:since=<epoch ms>]`: no extra CRM write, no field to create, the same for every CRM,
 * and a start moved earlier (an import of older history) reaches the board with the next record.
 * A bracket of its own, not a token inside the marker: the marker's reader in versions already
 * installed requires `]` right after its last field, so a token inside would make them miss their
 * own records and write them again. The board takes, per rep, the earliest start its period's
 * records carry.
 *
 * Written by marker.ts `markerLines` (Bitrix24, amoCRM, Salesforce's Description), pipedrive/marker.ts
 * `noteHtml` (a paragraph of its own) and hubspot/properties.ts (after the kind tag in each body);
 * the sync puts the store's `trackingStart` on every CrmRecord (lib/crm/sync.ts). Read by each
 * CRM's board reader (`sinceOf`), then lib/background/team-board.ts passes `trackingStartsOf(pages)`
 * to computeTeamBoard. Salesforce's board counts calls, emails and meetings by SOQL aggregate, which
 * cannot carry a long-text Description: there only the records it reads one by one (messages,
 * notes) carry the start, and a rep with none of those in the period stays "not known".
 */

/** Not before 2020 (no Quota Radar record is older), not after 2100: a typo or an edit beyond this is ignored. */
const TrackingStart = z
  .number()
  .int()
  .min(Date.UTC(2020, 0, 1))
  .max(Date.UTC(2100, 0, 1));

/** The line a record carries after its marker: `[quota-radar:since=<ms>]`, or nothing when the start is not known. */
export function trackingStartLine(trackingStart: number | undefined): string {
  return trackingStart !== undefined && TrackingStart.safeParse(trackingStart).success ? `[quota-radar:since=${trackingStart}]` : '';
}

const SINCE = /\[quota-radar:since=(\d{1,15})\]/;

/** The tracking start a record's text carries, if any (records written before carry none). */
export function readSince(text: string | null | undefined): number | undefined {
  const match = text ? SINCE.exec(text) : null;
  const parsed = TrackingStart.safeParse(match ? Number(match[1]) : undefined);
  return parsed.success ? parsed.data : undefined;
}

/** What a board reader adds to a record it read: `{ trackingStart }` when the text carries one, else nothing. */
export function sinceOf(text: string | null | undefined): { trackingStart?: number } {
  const since = readSince(text);
  return since !== undefined ? { trackingStart: since } : {};
}

/** Per rep (CRM owner id), the earliest tracking start their records carry; reps whose records carry none are absent. */
export function trackingStartsOf(pages: readonly (readonly { ownerId: string; trackingStart?: number }[])[]): Record<string, number> {
  const starts: Record<string, number> = Object.create(null);
  for (const page of pages)
    for (const record of page) {
      if (record.trackingStart === undefined) continue;
      const known = starts[record.ownerId];
      if (known === undefined || record.trackingStart < known) starts[record.ownerId] = record.trackingStart;
    }
  return starts;
}
