import type { CrmError, CrmRecordRef, CrmResult } from '../types';
import { ActivitiesAnswer, NotesAnswer, type PipedriveHttp, urlWith } from './api';
import { pipedriveTime, readMarker, rfc3339 } from './marker';

/**
 * Which of our activity ids already have a record in Pipedrive: the search before create.
 *
 * Pipedrive cannot search activities or notes by text (its item search covers deals, persons,
 * organizations, products, leads, files and projects only), and has no external-id field on them.
 * So the index lists the token user's own activities and notes updated in the last
 * `LOOKBACK_MS` (server-side `updated_since`, newest changes included) and reads our marker from
 * each note. Every record we wrote has an update time no earlier than its creation, so a record
 * whose create answer was lost shows up in the next listing. After the first full listing each
 * refresh asks only for what changed since the newest update time seen (Pipedrive's clock, less a
 * minute's overlap): one small request per record instead of a scan, and nothing at all within
 * `FRESH_MS` of the last refresh unless a write of ours failed in between (then the next lookup
 * always asks again).
 */

/** How long after its first attempt a lost create is still found (an offline week, a closed laptop). */
export const LOOKBACK_MS = 30 * 24 * 3600_000;
/** A refresh this recent answers without a request (the sync's findRecord then createRecord). */
export const FRESH_MS = 5_000;
/** Overlap with the last listing, for records written in the same second as it. */
const OVERLAP_MS = 60_000;
const PAGE = 500;
/** At most this many pages per refresh (250 000 records), so a broken cursor cannot loop forever. */
const MAX_PAGES = 500;

interface Source {
  refs: Map<string, CrmRecordRef>;
  /** Newest update time seen (ms, Pipedrive's clock); undefined before the first listing. */
  watermark?: number;
  refreshedAt?: number;
}

export class RecordIndex {
  private readonly activities: Source = { refs: new Map() };
  private readonly notes: Source = { refs: new Map() };
  private dirty = false;

  constructor(
    private readonly http: PipedriveHttp,
    private readonly userId: () => Promise<CrmResult<number>>,
    private readonly now: () => number,
  ) {}

  /** A write's answer was lost or refused: the next lookup lists again, whatever its age. */
  markDirty(): void {
    this.dirty = true;
  }

  remember(activityId: string, ref: CrmRecordRef): void {
    (ref.type === 'note' ? this.notes : this.activities).refs.set(activityId, ref);
  }

  forget(ref: CrmRecordRef): void {
    for (const source of [this.activities, this.notes]) {
      for (const [activityId, known] of source.refs) if (known.type === ref.type && known.id === ref.id) source.refs.delete(activityId);
    }
  }

  /** The record of this activity id among activities (and notes when `withNotes`), or null. */
  async find(activityId: string, withNotes: boolean): Promise<CrmResult<CrmRecordRef | null>> {
    const force = this.dirty;
    this.dirty = false;
    const sources: [Source, (source: Source, me: number) => Promise<CrmResult<void>>][] = [
      [this.activities, (s, me) => this.refreshActivities(s, me)],
    ];
    if (withNotes) sources.unshift([this.notes, (s, me) => this.refreshNotes(s, me)]);
    for (const [source, refresh] of sources) {
      const known = source.refs.get(activityId);
      if (known) return { ok: true, value: known };
      if (!force && source.refreshedAt !== undefined && this.now() - source.refreshedAt < FRESH_MS) continue;
      const me = await this.userId();
      if (!me.ok) return this.failed(me);
      const refreshed = await refresh(source, me.value);
      if (!refreshed.ok) return this.failed(refreshed);
      const found = source.refs.get(activityId);
      if (found) return { ok: true, value: found };
    }
    return { ok: true, value: null };
  }

  private failed(result: { ok: false; error: CrmError }): CrmResult<never> {
    this.dirty = true;
    return result;
  }

  private since(source: Source, startedAt: number): string {
    return rfc3339(source.watermark !== undefined ? source.watermark - OVERLAP_MS : startedAt - LOOKBACK_MS);
  }

  private seen(source: Source, activityId: string | undefined, ref: CrmRecordRef, deleted: boolean, updated: number | undefined): void {
    if (activityId !== undefined) {
      if (deleted) source.refs.delete(activityId);
      else source.refs.set(activityId, ref);
    }
    if (updated !== undefined && (source.watermark === undefined || updated > source.watermark)) source.watermark = updated;
  }

  private async refreshActivities(source: Source, me: number): Promise<CrmResult<void>> {
    const startedAt = this.now();
    const since = this.since(source, startedAt);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = urlWith(this.http.base.v2, '/activities', {
        owner_id: me,
        updated_since: since,
        sort_by: 'update_time',
        sort_direction: 'asc',
        limit: PAGE,
        cursor,
      });
      const answer = await this.http.call('GET', url, ActivitiesAnswer);
      if (!answer.ok) return answer;
      for (const activity of answer.value.data) {
        const ref = { type: 'activity', id: String(activity.id) };
        this.seen(source, readMarker(activity.note)?.activityId, ref, activity.is_deleted === true, pipedriveTime(activity.update_time));
      }
      cursor = answer.value.additional_data?.next_cursor ?? undefined;
      if (!cursor) break;
    }
    source.refreshedAt = startedAt;
    return { ok: true, value: undefined };
  }

  private async refreshNotes(source: Source, me: number): Promise<CrmResult<void>> {
    const startedAt = this.now();
    const since = this.since(source, startedAt);
    let start = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = urlWith(this.http.base.v1, '/notes', { user_id: me, updated_since: since, sort: 'update_time ASC', start, limit: PAGE });
      const answer = await this.http.call('GET', url, NotesAnswer);
      if (!answer.ok) return answer;
      for (const note of answer.value.data) {
        const ref = { type: 'note', id: String(note.id) };
        this.seen(
          source,
          readMarker(note.content)?.activityId,
          ref,
          note.active_flag === false,
          pipedriveTime(note.update_time ?? note.add_time),
        );
      }
      const pagination = answer.value.additional_data?.pagination;
      if (!pagination?.more_items_in_collection) break;
      start = pagination.next_start ?? start + answer.value.data.length;
    }
    source.refreshedAt = startedAt;
    return { ok: true, value: undefined };
  }
}
