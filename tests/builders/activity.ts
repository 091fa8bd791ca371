import { Activity } from '../../lib/activity';

/**
 * Builds valid activities for tests. Every call gets a fresh id and de-duplication key from a
 * counter, so two built activities never collide unless a test asks for it.
 */

let counter = 0;

/** A fixed moment (Wed 2026-01-14 12:00 in New York) so that a builder default never depends on the machine clock. */
export const DEFAULT_OCCURRED_AT = Date.parse('2026-01-14T12:00:00-05:00');

export function nextTestId(prefix = 'test'): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * A counted Gmail email from rep@seller.example to one prospect, unless overridden.
 * The result is parsed with the model, so a builder default can never be an invalid activity.
 */
export function anActivity(overrides: Partial<Activity> = {}): Activity {
  const id = overrides.id ?? nextTestId('act');
  const occurredAt = overrides.occurredAt ?? DEFAULT_OCCURRED_AT;
  return Activity.parse({
    id,
    kind: 'email',
    channel: 'gmail',
    occurredAt,
    account: 'rep@seller.example',
    recipients: [{ address: `prospect-${id}@buyer.example`, role: 'to' }],
    dedupeKey: `dedupe:${id}`,
    status: 'counted',
    detection: { method: 'page-request', source: 'test' },
    createdAt: occurredAt,
    updatedAt: occurredAt,
    ...overrides,
  });
}

/** A manually logged call (no recipient), as the popup records it. */
export function aManualCall(overrides: Partial<Activity> = {}): Activity {
  return anActivity({
    kind: 'call',
    channel: 'manual',
    account: 'me',
    recipients: [],
    detection: { method: 'manual' },
    ...overrides,
  });
}

/** `count` activities; `each(i)` gives the overrides of the i-th (0-based). */
export function manyActivities(count: number, each: (index: number) => Partial<Activity> = () => ({})): Activity[] {
  return Array.from({ length: count }, (_, index) => anActivity(each(index)));
}

/** `count` activities at the same moment (handy for "N done on that day"). */
export function activitiesAt(count: number, occurredAt: number, overrides: Partial<Activity> = {}): Activity[] {
  return manyActivities(count, () => ({ ...overrides, occurredAt }));
}
