import type { Activity } from './activity';

/**
 * What an import would change beyond the activities themselves (issue 21, point 7): listed in its
 * preview, applied only when the rep confirms it there. Today one change: activities from before
 * "Counting since" can move it back to the first of them, which changes targets, paces and the badge.
 */
export type ImportSettingsChange = { setting: 'trackingStart'; from: number; to: number };

/** The earliest moment among `activities` (a loop: a spread of 2 million rows overflows Math.min). */
export function earliestOccurredAt(activities: readonly Pick<Activity, 'occurredAt'>[]): number | undefined {
  let earliest = Infinity;
  for (const a of activities) earliest = Math.min(earliest, a.occurredAt);
  return Number.isFinite(earliest) ? earliest : undefined;
}

/** The settings an import of `activities` would change, given when counting starts now. */
export function importSettingsChanges(activities: readonly Pick<Activity, 'occurredAt'>[], trackingStart: number): ImportSettingsChange[] {
  const earliest = earliestOccurredAt(activities);
  return earliest !== undefined && earliest < trackingStart ? [{ setting: 'trackingStart', from: trackingStart, to: earliest }] : [];
}
