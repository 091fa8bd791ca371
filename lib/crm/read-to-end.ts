import type { CrmResult } from './types';

/** One page of a paged list: its rows, and where the next page starts (absent on the last page). */
export interface ListPage<T> {
  items: readonly T[];
  next?: number;
}

/**
 * Every row of a paged list, to its last page, with no page cap: a cap cut big accounts' user lists
 * short (Bitrix24 at 2,000 users, amoCRM at 5,000) and the reps after them were missing from the
 * board without a word (issue 26). `read(at)` reads the page starting at `at` (an offset or a page
 * number; either grows). A next that does not move past `at` would loop for ever: an error in words
 * naming the list, never a short list.
 */
export async function readToEnd<T>(
  list: { what: string; position: string; first: number },
  read: (at: number) => Promise<CrmResult<ListPage<T>>>,
): Promise<CrmResult<T[]>> {
  const rows: T[] = [];
  let at = list.first;
  for (;;) {
    const got = await read(at);
    if (!got.ok) return got;
    rows.push(...got.value.items);
    const next = got.value.next;
    if (next === undefined) return { ok: true, value: rows };
    if (!(Number.isFinite(next) && next > at)) {
      return {
        ok: false,
        error: {
          kind: 'bad_payload',
          message: `${list.what} gave next ${list.position}=${next} after ${list.position}=${at}: the list does not move on`,
        },
      };
    }
    at = next;
  }
}
