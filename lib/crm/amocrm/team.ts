import { E164_PATTERN } from '../../activity';
import { isRetractedText, markerFacts, readMarker } from '../marker';
import { readToEnd } from '../read-to-end';
import { sinceOf } from '../tracking-start';
import { type CrmPage, type CrmResult, type CrmTeamActivity, type CrmUser, type TeamReadRange, updatedWindow } from '../types';
import { type AmoCall, unixSeconds } from './rest';
import { NOTE_PAGE, type Note, Notes, OUTCOME_OF_STATUS, Users } from './schemas';
import type { amoTasks } from './tasks';

/**
 * The team board's reads: the account's users, and the notes (then contactless tasks) written in a
 * period, each turned into one team activity.
 */

/** users-api: `limit` is at most 250. */
const USER_PAGE = 250;

/** The `page` a next link points at; NaN when it names none (read-to-end.ts then stops with an error). */
function pageOf(href: string): number {
  const page = /[?&]page=(\d+)(?:&|$)/.exec(href)?.[1];
  return page === undefined ? Number.NaN : Number(page);
}

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export function amoTeam(call: AmoCall, tasks: ReturnType<typeof amoTasks>) {
  /**
   * Every user, 250 a page (the most users-api allows) by `page`, to the last page: the answer's
   * `_links.next` says there is one, and its `page` is the one read next (read-to-end.ts: no cap, a
   * next that does not move on is an error in words).
   */
  function listUsers(): Promise<CrmResult<CrmUser[]>> {
    return readToEnd({ what: 'GET /api/v4/users', position: 'page', first: 1 }, async (page) => {
      const got = await call('GET', 'users', Users, {
        query: [
          ['page', String(page)],
          ['limit', String(USER_PAGE)],
        ],
      });
      if (!got.ok) return got;
      const items = (got.value?._embedded.users ?? []).map(
        (u): CrmUser => ({ id: u.id, name: u.name || u.email || `#${u.id}`, ...(u.email ? { email: u.email } : {}) }),
      );
      const next = got.value?._links?.next?.href;
      return ok({ items, ...(next !== undefined ? { next: pageOf(next) } : {}) });
    });
  }

  function teamActivity(note: Note, range: { from: number; to: number }): CrmTeamActivity | undefined {
    const occurredAt = note.created_at * 1000;
    if (occurredAt < range.from || occurredAt >= range.to) return undefined;
    const ownerId = note.responsible_user_id ?? note.created_by;
    if (!ownerId) return undefined;
    if (note.note_type === 'call_out') {
      // Every outgoing call note counts: ours, and those amoCRM's telephony integrations write.
      if (isRetractedText(note.params?.call_result)) return undefined;
      const marker = readMarker(note.params?.call_result);
      const status = note.params?.call_status;
      const outcome = marker?.outcome ?? (status !== null && status !== undefined ? OUTCOME_OF_STATUS[status] : undefined);
      const phone = note.params?.phone ?? undefined;
      return {
        id: note.id,
        ownerId,
        kind: 'call',
        occurredAt,
        ...(outcome ? { outcome } : {}),
        ...(marker ? sinceOf(note.params?.call_result) : {}),
        ...(phone && E164_PATTERN.test(phone) ? { people: [{ phone }] } : {}),
      };
    }
    const marker = readMarker(note.params?.text);
    if (!marker || isRetractedText(note.params?.text)) return undefined;
    return {
      id: note.id,
      ownerId,
      kind: marker.kind,
      occurredAt,
      ...markerFacts(marker),
      ...sinceOf(note.params?.text),
    };
  }

  /** Notes first (cursor `<page>`), then contactless tasks (cursor `task:<page>`). */
  async function listActivities(range: TeamReadRange, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    const taskPage = cursor !== undefined ? /^task:(\d+)$/.exec(cursor) : null;
    if (taskPage) return tasks.listActivities(range, Number(taskPage[1]));
    const page = cursor !== undefined && /^\d+$/.test(cursor) ? Number(cursor) : 1;
    // Notes filter by updated_at only: those touched from the period's start to a grace after its end
    // (`updatedWindow`; a refresh from its `modifiedSince`), then kept by created_at (when it happened).
    const updated = updatedWindow(range);
    const got = await call('GET', 'contacts/notes', Notes, {
      query: [
        ['filter[note_type][]', 'call_out'],
        ['filter[note_type][]', 'common'],
        ['filter[updated_at][from]', String(unixSeconds(updated.from))],
        ['filter[updated_at][to]', String(unixSeconds(updated.to))],
        ['limit', String(NOTE_PAGE)],
        ['page', String(page)],
      ],
    });
    if (!got.ok) return got;
    const items = (got.value?._embedded.notes ?? []).flatMap((n) => teamActivity(n, range) ?? []);
    return ok({ items, next: got.value?._links?.next ? String(page + 1) : 'task:1' });
  }

  return { listUsers, listActivities };
}
