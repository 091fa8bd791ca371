import type { Activity } from '@/lib/activity';
import type { CustomKind } from '@/lib/kinds';
import { IMPORT_CHUNK_ROWS } from '@/lib/messages';
import { send } from '@/lib/messaging';

/** Chunks in flight at once: the next one travels while the background writes the last. */
const IN_FLIGHT = 2;

/**
 * Sends an import in chunks (a message may not exceed 64 MiB; a 300,000-row file is more), which the
 * background writes into one transaction as they come: every row or none. `onProgress` hears how
 * many rows are written. On any failure the import is cancelled and the error thrown.
 */
export async function importInChunks(
  activities: readonly Activity[],
  kinds: readonly CustomKind[],
  createKinds: readonly Activity['kind'][],
  onProgress: (done: number, total: number) => void,
  moveTrackingStart?: boolean,
) {
  const total = activities.length;
  const { importId } = await send({
    type: 'activity/import-start',
    total,
    ...(kinds.length ? { kinds: [...kinds] } : {}),
    ...(createKinds.length ? { createKinds: createKinds as `custom:${string}`[] } : {}),
    ...(moveTrackingStart !== undefined ? { moveTrackingStart } : {}),
  });
  try {
    const inFlight: Promise<unknown>[] = [];
    let done = 0;
    for (let offset = 0; offset < total; offset += IMPORT_CHUNK_ROWS) {
      const rows = activities.slice(offset, offset + IMPORT_CHUNK_ROWS);
      const sent = send({ type: 'activity/import-rows', importId, offset, activities: rows }).then(({ written }) => {
        done = Math.max(done, written);
        onProgress(done, total);
      });
      // Handled when awaited below; not an unhandled rejection meanwhile.
      sent.catch(() => undefined);
      inFlight.push(sent);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    return await send({ type: 'activity/import-finish', importId });
  } catch (error) {
    await send({ type: 'activity/import-cancel', importId }).catch(() => undefined);
    throw error;
  }
}
