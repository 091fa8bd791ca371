import type { TeamBoard } from '../crm/team-board';
import { READ_CHUNKS, readChunkKey, type TeamBoardKept, type TeamBoardReading } from '../crm/team-board-keys';
import type { CrmClient, CrmError, CrmTeamActivity } from '../crm/types';
import type { ActivityStore } from '../store';

/**
 * A board read's pages, saved as it goes (issue 26): every CHECKPOINT_PAGES pages the records read
 * since the last checkpoint are written as one chunk and the read's place (step, cursor, counts) beside
 * them, so a worker the browser stops mid-read is taken up by the next one at its last checkpoint, not
 * from the first page. Pages read after the checkpoint come again; the board keeps each record once
 * (by id), so nothing counts twice. A checkpoint that cannot be written (the store refused it) only
 * costs the resume: the read goes on.
 */

/** A read is saved this often: 50 pages (10,000 HubSpot records, 25,000 Pipedrive ones) is at most ~25 s at a vendor's pace. */
export const CHECKPOINT_PAGES = 50;

/**
 * A board reads at most this many pages: a CRM whose cursor never ends must not keep the worker busy
 * forever. 200 reps' month is 730 HubSpot pages or 580 amoCRM ones (issue 26): the cap is well above
 * any real team's, and a board stopped by it says so (`cutOff`).
 */
export const MAX_BOARD_PAGES = 5_000;

/** The board's kept records and a read under way, in the store (lib/crm/team-board-keys.ts). */
export class BoardKeeping {
  /** What was kept, parsed once a worker: 145,000 records are not parsed again at every board. */
  private memo?: { value: TeamBoardKept | undefined };

  constructor(private readonly store: ActivityStore) {}

  async kept(owner: string): Promise<TeamBoardKept | undefined> {
    if (!this.memo) this.memo = { value: await this.store.readKv('teamBoardKept') };
    return this.memo.value?.owner === owner ? this.memo.value : undefined;
  }

  async keep(value: TeamBoardKept): Promise<void> {
    this.memo = { value };
    try {
      await this.store.writeKv('teamBoardKept', value);
    } catch {
      // Kept for this worker only (the store refused it): the next worker reads whole again.
    }
  }

  /** The read under way for this connection and range, if a stopped worker left one. */
  async reading(owner: string, range: { from: number; to: number }): Promise<TeamBoardReading | undefined> {
    const reading = await this.store.readKv('teamBoardReading');
    return reading?.owner === owner && reading.range.from === range.from && reading.range.to === range.to ? reading : undefined;
  }

  /** Any read under way (the status shows where it stopped). */
  readingAny(): Promise<TeamBoardReading | undefined> {
    return this.store.readKv('teamBoardReading');
  }

  /** The records a stopped read saved, or undefined when a chunk is missing (then it starts over). */
  async readingRecords(reading: TeamBoardReading): Promise<CrmTeamActivity[] | undefined> {
    const records: CrmTeamActivity[] = [];
    for (let n = 0; n < reading.chunks; n++) {
      const chunk = await this.store.readKv(readChunkKey(n));
      if (!chunk) return undefined;
      records.push(...chunk);
    }
    return records;
  }

  /** A checkpoint: the records since the last one as the next chunk, then the read's place. */
  async checkpoint(reading: TeamBoardReading, since: readonly CrmTeamActivity[]): Promise<boolean> {
    try {
      if (since.length > 0) {
        if (reading.chunks >= READ_CHUNKS) return false;
        await this.store.writeKv(readChunkKey(reading.chunks), [...since]);
        reading.chunks += 1;
      }
      await this.store.writeKv('teamBoardReading', reading);
      return true;
    } catch {
      return false;
    }
  }

  async clearReading(): Promise<void> {
    const reading = await this.store.readKv('teamBoardReading');
    await this.store.deleteKv('teamBoardReading');
    for (let n = 0; n < (reading?.chunks ?? READ_CHUNKS); n++) await this.store.deleteKv(readChunkKey(n));
  }

  /** Disconnect: nothing of this connection stays. */
  async forget(): Promise<void> {
    this.memo = { value: undefined };
    await this.store.deleteKv('teamBoardKept');
    await this.clearReading();
  }
}

export type StepsResult = { ok: true; cutOff?: TeamBoard['cutOff'] } | { ok: false; error: CrmError };

/**
 * Reads the users (unless the read has them) and the pages of every step from the read's place,
 * adding each page's records to `records` and saving a checkpoint every CHECKPOINT_PAGES pages and
 * before answering a failure (a rate limit's next try goes on from there). `progress` hears of every page.
 */
export async function readSteps(
  client: CrmClient,
  reading: TeamBoardReading,
  records: CrmTeamActivity[],
  keeping: BoardKeeping,
  progress: (reading: TeamBoardReading) => void,
): Promise<StepsResult> {
  let since: CrmTeamActivity[] = [];
  let pagesSince = 0;
  const checkpoint = async () => {
    if (await keeping.checkpoint(reading, since)) {
      since = [];
      pagesSince = 0;
    }
  };
  if (!reading.users) {
    const users = await client.listUsers();
    if (!users.ok) return users;
    reading.users = users.value;
  }
  const seen = new Set(reading.seenCursors);
  progress(reading);
  while (reading.step < reading.steps.length) {
    // Never silently short: a read stopped before the CRM's last page says so on the board.
    if (reading.pages >= MAX_BOARD_PAGES) return { ok: true, cutOff: { reason: 'page_cap', pagesRead: reading.pages } };
    const page = await client.listActivities(reading.steps[reading.step]!, reading.cursor);
    if (!page.ok) {
      await checkpoint();
      return page;
    }
    records.push(...page.value.items);
    since.push(...page.value.items);
    reading.pages += 1;
    reading.records += page.value.items.length;
    const next = page.value.next;
    if (next === undefined) {
      reading.step += 1;
      delete reading.cursor;
      reading.seenCursors = [];
      seen.clear();
    } else if (seen.has(next)) {
      return { ok: true, cutOff: { reason: 'cursor_loop', pagesRead: reading.pages } };
    } else {
      seen.add(next);
      reading.seenCursors.push(next);
      reading.cursor = next;
    }
    progress(reading);
    pagesSince += 1;
    if (pagesSince >= CHECKPOINT_PAGES && reading.step < reading.steps.length) await checkpoint();
  }
  return { ok: true };
}
