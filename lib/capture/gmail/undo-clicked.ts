import type { Activity } from '../../activity';

/** A click this soon after the undo window closed still counts as inside it (the toast lags). */
const CLICK_GRACE_MS = 1000;

/**
 * The send that a click on Gmail's "Undo" toast undoes: the newest Gmail send still pending inside
 * its undo window, recorded before the click. Undefined when there is none.
 */
export function sendUndoneByClick(pending: readonly Activity[], clickedAt: number): Activity | undefined {
  let newest: Activity | undefined;
  for (const a of pending) {
    if (a.channel !== 'gmail' || a.status !== 'pending') continue;
    if ((a.confirmAt ?? 0) <= clickedAt - CLICK_GRACE_MS || a.createdAt > clickedAt) continue;
    if (!newest || a.createdAt > newest.createdAt) newest = a;
  }
  return newest;
}
