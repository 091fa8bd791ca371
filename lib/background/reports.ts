import { ACTIVITY_KINDS, type Activity, type ActivityKind } from '../activity';
import { periodContaining } from '../quota/calendar';
import type { EngineActivity } from '../quota/measure';
import { dailyByKind, firstAtOrAfter, periodReport, quotaHistory, reportInterval, reportWindow } from '../quota/report';
import type { ActivityStore } from '../store';
import { factOf } from '../store/packs';
import type { Config } from './config';
import type { HandlerTable } from './router';

/** Past periods per quota in the report's achievement chart. */
const HISTORY_PERIODS = 6;
/** Days in the report's daily activity chart. */
const DAILY_DAYS = 90;
/** Days of packs per read transaction while filling: a capture never waits behind a long read. */
const SLICE_DAYS = 14;
const DAY_MS = 86_400_000;

/** The last report's parts, in ms: facts read (0 when kept), then each computation. */
export interface ReportRun {
  readMs: number;
  facts: number;
  periodMs: number;
  dailyMs: number;
  historyMs: number;
}

interface KindWindow {
  start: number;
  end: number;
  byId: Map<string, EngineActivity>;
  /** The facts in time order, made when first asked after a fill or a write. */
  sorted?: EngineActivity[];
}

export interface KindRange {
  kind: ActivityKind;
  start: number;
  end: number;
}

/**
 * What the reports read, from the day packs (the quota engine's view of each activity), per kind
 * over the span the report needs of it, kept in memory and patched by every write as the progress
 * cache is: a capture with the options page open makes the next report a computation over memory,
 * not a read of history again. A fill reads two weeks of packs per transaction.
 */
export class ReportFacts {
  private readonly windows = new Map<ActivityKind, KindWindow>();
  /** Where the last report's time went, in ms (read by `npm run bench`; no one else needs it). */
  lastRun?: ReportRun;
  /** Facts held for the last report. */
  factsHeld = 0;
  private filling?: { patches: Activity[]; stale: boolean };

  constructor(private readonly store: ActivityStore) {}

  /** The facts of each range in time order (an activity in two ranges of one kind comes once per kind). */
  async of(wanted: readonly KindRange[]): Promise<(kind: ActivityKind, start: number, end: number) => EngineActivity[]> {
    const spans = new Map<ActivityKind, { start: number; end: number }>();
    for (const { kind, start, end } of wanted) {
      const span = spans.get(kind);
      spans.set(kind, span ? { start: Math.min(span.start, start), end: Math.max(span.end, end) } : { start, end });
    }
    const missing = [...spans].filter(([kind, span]) => {
      const window = this.windows.get(kind);
      return !window || window.start > span.start || window.end < span.end;
    });
    const windows = new Map(this.windows);
    if (missing.length) for (const [kind, window] of await this.fill(missing)) windows.set(kind, window);
    this.factsHeld = [...windows.values()].reduce((sum, window) => sum + window.byId.size, 0);
    return (kind, start, end) => {
      const window = windows.get(kind);
      if (!window) return [];
      window.sorted ??= [...window.byId.values()].sort((a, b) => a.occurredAt - b.occurredAt);
      return window.sorted.slice(firstAtOrAfter(window.sorted, start), firstAtOrAfter(window.sorted, end));
    };
  }

  /** Written activities replace their facts (a fill in flight gets them too). */
  patch(written: readonly Activity[]): void {
    this.filling?.patches.push(...written);
    apply(this.windows, written);
  }

  /** An import, a delete or moved kinds: the next report reads the packs again. */
  invalidate(): void {
    this.windows.clear();
    if (this.filling) this.filling.stale = true;
  }

  private async fill(missing: readonly [ActivityKind, { start: number; end: number }][]): Promise<Map<ActivityKind, KindWindow>> {
    const filling = { patches: [] as Activity[], stale: false };
    this.filling = filling;
    try {
      const read = new Map<ActivityKind, KindWindow>(missing.map(([kind, span]) => [kind, { ...span, byId: new Map() }]));
      const first = Math.min(...missing.map(([, span]) => span.start));
      const last = Math.max(...missing.map(([, span]) => span.end));
      for (let from = first; from < last; from += SLICE_DAYS * DAY_MS) {
        const to = Math.min(last, from + SLICE_DAYS * DAY_MS);
        const ranges = missing
          .map(([kind, span]) => ({ kind, start: Math.max(from, span.start), end: Math.min(to, span.end) }))
          .filter((range) => range.start < range.end);
        if (!ranges.length) continue;
        // A pack that fails its check: that slice from the activities themselves.
        const facts = (await this.store.factsInRanges(ranges)) ?? (await this.store.inRanges(ranges));
        for (const fact of facts) read.get(fact.kind)?.byId.set(fact.id, fact);
      }
      apply(read, filling.patches);
      if (!filling.stale) for (const [kind, window] of read) this.windows.set(kind, window);
      return read;
    } finally {
      if (this.filling === filling) this.filling = undefined;
    }
  }
}

function apply(windows: ReadonlyMap<ActivityKind, KindWindow>, written: readonly Activity[]): void {
  for (const activity of written) {
    // Its kind may have changed: out of every window, then into its own kind's.
    for (const window of windows.values()) {
      const old = window.byId.get(activity.id);
      if (!old) continue;
      window.byId.delete(activity.id);
      if (window.sorted && !removeSorted(window.sorted, old)) window.sorted = undefined;
    }
    const window = windows.get(activity.kind);
    if (window && activity.occurredAt >= window.start && activity.occurredAt < window.end) {
      const fact = factOf(activity);
      window.byId.set(activity.id, fact);
      // The kept order is patched, not made again (a sort of a kind's year at every capture).
      window.sorted?.splice(firstAtOrAfter(window.sorted, fact.occurredAt), 0, fact);
    }
  }
}

/** Takes a fact out of a list in time order; false if it was not there (the list is then made again). */
function removeSorted(sorted: EngineActivity[], fact: EngineActivity): boolean {
  for (let i = firstAtOrAfter(sorted, fact.occurredAt); i < sorted.length && sorted[i]!.occurredAt === fact.occurredAt; i += 1)
    if (sorted[i] === fact) {
      sorted.splice(i, 1);
      return true;
    }
  return false;
}

/** A macrotask boundary: messages queued meanwhile are handled before the next piece. */
const letOthersThrough = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The options page's manager report: a period, its daily activity, and each quota's past periods. */
export function reportHandlers(facts: ReportFacts, clock: () => number, config: Config): Pick<HandlerTable, 'report/get'> {
  return {
    'report/get': async ({ period }) => {
      const [settings, quotas, trackingStart, custom] = await Promise.all([
        config.getSettings(),
        config.getQuotas(),
        config.trackingStart(),
        config.customKinds(),
      ]);
      const now = clock();
      const interval = reportInterval(period, now, settings);
      const today = periodContaining(now, 'day', settings);
      const daily = {
        start: periodContaining(today.start - (DAILY_DAYS - 1) * DAY_MS, 'day', settings).start,
        end: today.end,
      };
      // Every kind over the period and the daily chart; each quota's kinds over its past periods.
      const kinds: ActivityKind[] = [...ACTIVITY_KINDS, ...custom.map((k) => k.id)];
      const recent = { start: Math.min(interval.start, daily.start), end: Math.max(interval.end, daily.end) };
      const histories = quotas.map((quota) => ({ quota, span: reportWindow([quota], settings, now, interval, HISTORY_PERIODS, 0) }));
      let t = performance.now();
      const read = await facts.of([
        ...kinds.map((kind) => ({ kind, ...recent })),
        ...histories.flatMap(({ quota, span }) => quota.kinds.map((kind) => ({ kind, start: span.start, end: span.end }))),
      ]);
      const readMs = performance.now() - t;
      const all = (start: number, end: number) => kinds.flatMap((kind) => read(kind, start, end));
      t = performance.now();
      // Computed in pieces with the worker's queue let through between them: a capture or a popup's
      // progress that arrives meanwhile waits for one piece, not the whole report.
      const report = periodReport({ quotas, settings, now, interval, activities: all(interval.start, interval.end), trackingStart });
      const periodMs = performance.now() - t;
      await letOthersThrough();
      t = performance.now();
      const last90 = dailyByKind(all(daily.start, daily.end), daily, settings, now, quotas);
      const dailyMs = performance.now() - t;
      const history = [];
      let historyMs = 0;
      for (const { quota, span } of histories) {
        await letOthersThrough();
        t = performance.now();
        history.push(
          quotaHistory({
            quota,
            settings,
            now,
            activities: quota.kinds.flatMap((kind) => read(kind, span.start, span.end)),
            count: HISTORY_PERIODS,
            trackingStart,
          }),
        );
        historyMs += performance.now() - t;
      }
      facts.lastRun = { readMs, facts: facts.factsHeld, periodMs, dailyMs, historyMs };
      return { report, last90, history };
    },
  };
}
