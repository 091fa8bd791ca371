import type { Activity } from '../activity';
import type { Db } from './open';
import { inTransaction, parseStored, validForWrite } from './rows';

/**
 * Passes every stored activity through `rewrite` in one transaction and stores those it changed
 * (returned as a different object). For rules that narrow what is kept (a privacy setting turned
 * off): subjects and names are not in the day packs, so the packs stay as they are. Returns the
 * activities rewritten.
 */
export async function rewriteActivities(db: Db, rewrite: (activity: Activity) => Activity): Promise<Activity[]> {
  const tx = db.transaction('activities', 'readwrite');
  return inTransaction(tx, async (track) => {
    const changed: Activity[] = [];
    const puts: Promise<unknown>[] = [];
    track(puts);
    let cursor = await tx.store.openCursor();
    while (cursor) {
      const stored = parseStored(cursor.value);
      const next = stored && rewrite(stored);
      if (stored && next && next !== stored) {
        const valid = validForWrite(next);
        puts.push(cursor.update(valid));
        changed.push(valid);
      }
      cursor = await cursor.continue();
    }
    await Promise.all(puts);
    return changed;
  });
}
