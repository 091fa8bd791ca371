/**
 * The sanity limits on what enters the database (issue 21.8, 21.1): one module, so that the popup,
 * History's edit, the import and capture accept the same dates and amounts. A call dated 1999 or a
 * JSON row dated 2031 is a typo, not history; an amount of 10^22 is a key held down, not a deal.
 *
 * The stored schema (lib/activity.ts) stays wider on purpose: it reads back whatever an older
 * version wrote. These limits are about what may come in now, so they take `now`.
 */

/** The largest amount an entry, an import row or a revenue target may hold: a trillion in any currency. */
export const AMOUNT_MAX = 1_000_000_000_000;

/** How far ahead of the clock something done may be dated (clocks differ a little). */
export const FUTURE_MARGIN_MS = 5 * 60_000;

/** How far back an activity may be dated: ten years of history is more than any quota looks at. */
export const HISTORY_MS = 3653 * 86_400_000;

/** How far ahead something scheduled (a booked meeting, a scheduled send) may be dated. */
export const SCHEDULE_AHEAD_MS = 731 * 86_400_000;

export interface DateWindow {
  earliest: number;
  latest: number;
}

/**
 * What a record may be dated: from ten years back to now (with a little drift); a scheduled one up
 * to two years ahead.
 */
export function dateWindow(now: number, scheduled = false): DateWindow {
  return { earliest: now - HISTORY_MS, latest: now + (scheduled ? SCHEDULE_AHEAD_MS : FUTURE_MARGIN_MS) };
}

/**
 * Whether a record's date is when something will happen rather than when it happened: a meeting
 * captured from a calendar or booking service takes place later; a pending scheduled send is due
 * later. A manual entry is always something the rep did.
 */
export function isScheduled(record: {
  kind: string;
  status?: string;
  confirmAt?: number | undefined;
  occurredAt: number;
  detection?: { method: string };
}): boolean {
  if (record.detection?.method === 'manual') return false;
  if (record.kind === 'meeting') return true;
  // A scheduled send is held until it is due (lib/background/ingest.ts: confirmAt is its date); an undo window is not a schedule.
  return record.status === 'pending' && record.confirmAt === record.occurredAt;
}

export type LimitProblem =
  | { field: 'occurredAt'; rule: 'tooEarly'; earliest: number }
  | { field: 'occurredAt'; rule: 'future'; latest: number }
  | { field: 'amount'; rule: 'tooBig'; max: number }
  | { field: 'amount'; rule: 'negative' };

export function occurredAtProblem(occurredAt: number, now: number, scheduled = false): LimitProblem | undefined {
  const { earliest, latest } = dateWindow(now, scheduled);
  if (occurredAt < earliest) return { field: 'occurredAt', rule: 'tooEarly', earliest };
  if (occurredAt > latest) return { field: 'occurredAt', rule: 'future', latest };
  return undefined;
}

export function amountProblem(amount: number): LimitProblem | undefined {
  if (!(amount >= 0)) return { field: 'amount', rule: 'negative' };
  if (amount > AMOUNT_MAX) return { field: 'amount', rule: 'tooBig', max: AMOUNT_MAX };
  return undefined;
}

/** Every limit a record (an entry, an edit, an import row, a capture) breaks; none when it may come in. */
export function limitProblems(
  record: {
    kind?: string;
    occurredAt?: number | undefined;
    amount?: number | undefined;
    status?: string;
    confirmAt?: number | undefined;
    detection?: { method: string };
  },
  now: number,
): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (record.occurredAt !== undefined) {
    const scheduled = record.kind !== undefined && isScheduled({ ...record, kind: record.kind, occurredAt: record.occurredAt });
    const date = occurredAtProblem(record.occurredAt, now, scheduled);
    if (date) problems.push(date);
  }
  if (record.amount !== undefined) {
    const amount = amountProblem(record.amount);
    if (amount) problems.push(amount);
  }
  return problems;
}

/** The problems in English, for the background's refusals and logs ("occurredAt: …" names the field as the forms expect). */
export function describeLimitProblem(problem: LimitProblem): string {
  switch (problem.rule) {
    case 'tooEarly':
      return `occurredAt: dated before ${new Date(problem.earliest).toISOString().slice(0, 10)}, more than ten years ago`;
    case 'future':
      return 'occurredAt: an entry cannot be in the future';
    case 'tooBig':
      return `amount: at most ${problem.max.toLocaleString('en')}`;
    case 'negative':
      return 'amount: an amount cannot be negative';
  }
}

/** Throws the first problem, worded for the caller's message; for the background handlers. */
export function assertWithinLimits(record: Parameters<typeof limitProblems>[0], now: number, prefix = ''): void {
  const [problem] = limitProblems(record, now);
  if (problem) throw new Error(`${prefix}${describeLimitProblem(problem)}`);
}
