import { type ActivityKind, isCountedAt } from '../activity';
import { WON_KINDS } from '../kinds';
import type { Quota } from '../settings';
import type { CalendarDay } from './calendar';
import { type SalesParts, SalesTally } from './conversion';
import { countsNowRule } from './counting';
import { addExact, type Partials } from './exact-sum';
import { createAccumulator, type EngineActivity, type InternalSettings } from './measure';

/**
 * What Reports need of one kind's activities on one calendar day, judged once and added up: a year
 * of Reports is then a few thousand of these instead of hundreds of thousands of activities. Every
 * figure a report shows is a sum of these over its days (a unique-recipient quota a union of their
 * people; money and units exact, so the order of adding does not matter). The worker keeps them in
 * IndexedDB beside the day packs, and a write of a pack forgets the days it touches.
 */
export interface KindDay {
  kind: ActivityKind;
  /** The calendar day, in the settings' zone: its first instant and the next day's. */
  start: number;
  end: number;
  /** The counting rule it was judged by (see countingRuleKey): another rule judges the day again. */
  rule: string;
  /** When a pending activity of the day falls due and counts: the day is judged again then. Null: never. */
  until: number | null;
  /** Activities that count now by the quotas' rule (Reports by kind and by day, conversion). */
  counted: number;
  /** Won kinds: the sales that count, their units, and revenue per currency. */
  won?: SalesParts;
  /**
   * Per quota of this kind, what the day adds to its measure: a count, exact partials of a sum (money,
   * units), or the recipient keys a unique-recipient quota reached that day.
   */
  quotas: Record<string, number | Partials | string[]>;
}

/** Looks a kind's day up; undefined when nothing of that kind happened that day. */
export type KindDayLookup = (kind: ActivityKind, day: Pick<CalendarDay, 'start'>) => KindDay | undefined;

/** Bumped when KindDay's meaning changes: every kept day is judged again. */
const KIND_DAY_VERSION = 1;

/**
 * What a day's judgement depends on besides its activities and the clock: each quota's counting
 * fields (kinds, measure, who is left out, currency, connected calls, signals) and who counts as a
 * colleague. A name or target changes nothing of it.
 */
export function countingRuleKey(quotas: readonly Quota[], settings: InternalSettings): string {
  return JSON.stringify([
    KIND_DAY_VERSION,
    quotas.map((q) => [q.id, q.kinds, q.measure, q.excludeInternal, q.currency ?? null, q.callsCount ?? null, q.signal ?? null]),
    settings.internalDomains,
    settings.senderDomainIsInternal,
  ]);
}

/** Judges one kind's activities of one day (any order; others are ignored) at `now`. */
export function judgeKindDay(
  kind: ActivityKind,
  day: Pick<CalendarDay, 'start' | 'end'>,
  activities: readonly EngineActivity[],
  quotas: readonly Quota[],
  settings: InternalSettings,
  now: number,
  rule: string = countingRuleKey(quotas, settings),
  countsNow: (activity: EngineActivity) => boolean = countsNowRule(quotas, settings, now),
): KindDay {
  const own = activities.filter((a) => a.kind === kind && a.occurredAt >= day.start && a.occurredAt < day.end);
  let until: number | null = null;
  for (const a of own)
    if (a.status === 'pending' && a.confirmAt !== undefined && a.confirmAt > now) until = Math.min(until ?? a.confirmAt, a.confirmAt);
  const counting = own.filter((a) => countsNow(a));
  const result: KindDay = { kind, start: day.start, end: day.end, rule, until, counted: counting.length, quotas: {} };
  if ((WON_KINDS as readonly string[]).includes(kind)) {
    const tally = new SalesTally();
    for (const a of counting) tally.add(a);
    result.won = tally.parts();
  }
  // Each quota measures its own way: it may count an internal email the rule above leaves out.
  const counted = own.filter((a) => isCountedAt(a, now));
  for (const quota of quotas) {
    if (!quota.kinds.includes(kind)) continue;
    const accumulator = createAccumulator(quota, settings);
    if (quota.measure === 'unique_recipients') {
      for (const a of counted) accumulator.add(a);
      result.quotas[quota.id] = [...accumulator.reached()];
    } else if (quota.measure === 'count') {
      let n = 0;
      for (const a of counted) n += accumulator.add(a);
      result.quotas[quota.id] = n;
    } else {
      const partials: Partials = [];
      for (const a of counted) {
        const value = accumulator.add(a);
        if (value !== 0) addExact(partials, value);
      }
      result.quotas[quota.id] = partials;
    }
  }
  return result;
}

/**
 * Judges activities (any order) per kind and calendar day of `days` (contiguous, in order): a lookup
 * over the days an activity fell in. What the pure report functions read when handed activities.
 */
export function judgeActivities(
  activities: readonly EngineActivity[],
  days: readonly Pick<CalendarDay, 'start' | 'end'>[],
  quotas: readonly Quota[],
  settings: InternalSettings,
  now: number,
): KindDayLookup {
  const groups = new Map<string, { kind: ActivityKind; day: Pick<CalendarDay, 'start' | 'end'>; activities: EngineActivity[] }>();
  for (const a of activities) {
    const day = dayHolding(days, a.occurredAt);
    if (!day) continue;
    const key = `${a.kind}|${day.start}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { kind: a.kind, day, activities: [] }));
    group.activities.push(a);
  }
  const rule = countingRuleKey(quotas, settings);
  const countsNow = countsNowRule(quotas, settings, now);
  const judged = new Map<string, KindDay>();
  for (const [key, group] of groups)
    judged.set(key, judgeKindDay(group.kind, group.day, group.activities, quotas, settings, now, rule, countsNow));
  return (kind, day) => judged.get(`${kind}|${day.start}`);
}

/** The day of `days` (contiguous, in order) holding an instant, if any. */
export function dayHolding<D extends Pick<CalendarDay, 'start' | 'end'>>(days: readonly D[], at: number): D | undefined {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (days[mid]!.start <= at) low = mid + 1;
    else high = mid;
  }
  const day = days[low - 1];
  return day && at < day.end ? day : undefined;
}

/** A kept day as read back from storage: checked cheaply, since a broken one must not be trusted. */
export function isKindDay(value: unknown): value is KindDay {
  if (typeof value !== 'object' || value === null) return false;
  const day = value as Partial<KindDay>;
  if (
    typeof day.kind !== 'string' ||
    typeof day.start !== 'number' ||
    typeof day.end !== 'number' ||
    typeof day.rule !== 'string' ||
    (day.until !== null && typeof day.until !== 'number') ||
    typeof day.counted !== 'number' ||
    typeof day.quotas !== 'object' ||
    day.quotas === null
  )
    return false;
  for (const part of Object.values(day.quotas))
    if (typeof part !== 'number' && !(Array.isArray(part) && part.every((x) => typeof x === 'number' || typeof x === 'string')))
      return false;
  if (day.won === undefined) return true;
  const won = day.won as Partial<NonNullable<KindDay['won']>>;
  return (
    typeof won.sales === 'number' &&
    Array.isArray(won.units) &&
    Array.isArray(won.revenue) &&
    won.revenue.every((r) => typeof r === 'object' && r !== null && Array.isArray(r.amount) && typeof r.first === 'number')
  );
}
