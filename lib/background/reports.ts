import { ACTIVITY_KINDS, type ActivityKind } from '../activity';
import { type CalendarDay, daysOf, periodContaining } from '../quota/calendar';
import { countsNowRule } from '../quota/counting';
import { countingRuleKey, dayHolding, judgeKindDay, type KindDay, type KindDayLookup } from '../quota/kind-days';
import type { EngineActivity } from '../quota/measure';
import type { EngineSettings } from '../quota/progress';
import { dailyByKindOf, periodReportOf, quotaHistoryOf, reportInterval, reportWindow } from '../quota/report';
import type { Quota } from '../settings';
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
/** Judged days kept per write transaction, and how many times keeping waits for a running write. */
const KEEP_CHUNK = 250;
const KEEP_WAITS = 50;

/** The last report's parts: where its days came from, and the time each step took (ms). */
export interface ReportRun {
  /** Kind-days the report looked at, and how many were in memory, kept in IndexedDB, judged afresh. */
  days: number;
  inMemory: number;
  stored: number;
  judged: number;
  /** Activities read from the day packs to judge days afresh. */
  facts: number;
  storedMs: number;
  readMs: number;
  judgeMs: number;
  computeMs: number;
}

export interface KindRange {
  kind: ActivityKind;
  start: number;
  end: number;
}

/**
 * What the reports read: each kind's calendar days judged once (lib/quota/kind-days.ts), held in
 * memory and kept in IndexedDB. A year of Reports is a few thousand of them. A day is judged from
 * the day packs when neither holds it; every write of a pack forgets the days it touches, in memory
 * at once and in IndexedDB in the write's own transaction, so a capture costs the next report its
 * own day only. A fill reads two weeks of packs per transaction: a capture never waits long.
 */
export class ReportDays {
  private readonly byKind = new Map<ActivityKind, Map<number, KindDay>>();
  /** The counting rule the days in memory were judged by. */
  private rule?: string;
  /** Where the last report's days came from (read by `npm run bench`; no one else needs it). */
  lastRun?: ReportRun;
  /** The judged days being kept in IndexedDB after the last report's answer. */
  private keeping: Promise<void> = Promise.resolve();

  constructor(private readonly store: ActivityStore) {
    store.onJudgedDaysForgotten((kind, lower, upper) => {
      if (kind === undefined) return this.byKind.clear();
      const days = this.byKind.get(kind);
      if (days) for (const start of days.keys()) if (start > lower && start < upper) days.delete(start);
    });
  }

  /** Resolves once the judged days of the reports asked so far are kept (or given up). */
  settled(): Promise<void> {
    return this.keeping;
  }

  /** Moved kinds, an import, settings: the next report starts from what IndexedDB keeps. */
  invalidate(): void {
    this.byKind.clear();
  }

  /** The judged days of each range (whole calendar days in the settings' zone), at `now`. */
  async of(wanted: readonly KindRange[], quotas: readonly Quota[], settings: EngineSettings, now: number): Promise<KindDayLookup> {
    const rule = countingRuleKey(quotas, settings);
    if (rule !== this.rule) {
      this.byKind.clear();
      this.rule = rule;
    }
    const usable = (judged: KindDay | undefined, day: CalendarDay): judged is KindDay =>
      judged !== undefined && judged.end === day.end && judged.rule === rule && (judged.until === null || judged.until > now);
    const spans = new Map<ActivityKind, { start: number; end: number }>();
    for (const { kind, start, end } of wanted) {
      const span = spans.get(kind);
      spans.set(kind, span ? { start: Math.min(span.start, start), end: Math.max(span.end, end) } : { start, end });
    }
    // This report's days: what memory holds now (a write meanwhile forgets only memory's copy).
    const found = new Map<ActivityKind, Map<number, KindDay>>();
    const missing = new Map<ActivityKind, CalendarDay[]>();
    let days = 0;
    for (const [kind, span] of spans) {
      const held = this.byKind.get(kind);
      const mine = new Map<number, KindDay>();
      found.set(kind, mine);
      for (const day of daysOf(span, settings)) {
        days += 1;
        const judged = held?.get(day.start);
        if (usable(judged, day)) mine.set(day.start, judged);
        else pushTo(missing, kind, day);
      }
    }
    const run: ReportRun = { days, inMemory: days, stored: 0, judged: 0, facts: 0, storedMs: 0, readMs: 0, judgeMs: 0, computeMs: 0 };
    this.lastRun = run;
    if (!missing.size) return lookupOf(found);
    const writesStarted = this.store.writeState.started;
    let t = performance.now();
    const stored = await this.store.judgedDays(
      [...missing].map(([kind, list]) => ({ kind, start: list[0]!.start, end: list.at(-1)!.end })),
    );
    run.storedMs = performance.now() - t;
    const storedByKey = new Map(stored.map((judged) => [`${judged.kind}|${judged.start}`, judged]));
    // What this fill adds to memory: read after every write started before it, so exact.
    const loaded: KindDay[] = [];
    const toJudge = new Map<ActivityKind, CalendarDay[]>();
    for (const [kind, list] of missing)
      for (const day of list) {
        const judged = storedByKey.get(`${kind}|${day.start}`);
        if (usable(judged, day)) {
          found.get(kind)!.set(day.start, judged);
          loaded.push(judged);
        } else pushTo(toJudge, kind, day);
      }
    t = performance.now();
    const facts = await this.readFacts(toJudge);
    run.readMs = performance.now() - t;
    t = performance.now();
    const fresh: KindDay[] = [];
    const countsNow = countsNowRule(quotas, settings, now);
    for (const [kind, list] of toJudge) {
      const byDay = new Map<number, EngineActivity[]>();
      for (const fact of facts.get(kind) ?? []) {
        const day = dayHolding(list, fact.occurredAt);
        if (day) pushTo(byDay, day.start, fact);
      }
      for (const day of list) {
        const judged = judgeKindDay(kind, day, byDay.get(day.start) ?? [], quotas, settings, now, rule, countsNow);
        found.get(kind)!.set(day.start, judged);
        fresh.push(judged);
      }
    }
    run.judgeMs = performance.now() - t;
    run.judged = fresh.length;
    run.stored = loaded.length;
    run.facts = [...facts.values()].reduce((sum, list) => sum + list.length, 0);
    run.inMemory = days - run.stored - run.judged;
    // Held only when no write started meanwhile: what was read may predate it. (What came from memory
    // stays there, unless a write made memory forget it since: it is not put back.)
    if (this.store.writeState.started === writesStarted && this.rule === rule) {
      for (const judged of [...loaded, ...fresh]) {
        let held = this.byKind.get(judged.kind);
        if (!held) this.byKind.set(judged.kind, (held = new Map()));
        held.set(judged.start, judged);
      }
      this.keeping = this.keeping.then(() => this.keep(fresh)).catch(() => undefined);
    }
    return lookupOf(found);
  }

  /**
   * Keeps freshly judged days in IndexedDB, a few hundred per transaction (a capture waits for one
   * of them at most): those memory still holds, which every write has made forget what it touched,
   * so what is left is exact. A chunk waits while a write is running.
   */
  private async keep(fresh: readonly KindDay[]): Promise<void> {
    for (let from = 0, waits = 0; from < fresh.length; ) {
      const chunk = fresh.slice(from, from + KEEP_CHUNK).filter((judged) => this.byKind.get(judged.kind)?.get(judged.start) === judged);
      if (chunk.length && !(await this.store.keepJudgedDays(chunk))) {
        // A write is running: try again shortly (given up after a while; the next report keeps them).
        if ((waits += 1) > KEEP_WAITS) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      from += KEEP_CHUNK;
    }
  }

  /** The facts of the days to judge, per kind, two weeks of packs per read transaction. */
  private async readFacts(toJudge: ReadonlyMap<ActivityKind, CalendarDay[]>): Promise<Map<ActivityKind, EngineActivity[]>> {
    const runs: KindRange[] = [];
    for (const [kind, list] of toJudge)
      for (const day of list) {
        const last = runs.at(-1);
        if (last && last.kind === kind && last.end === day.start) last.end = day.end;
        else runs.push({ kind, start: day.start, end: day.end });
      }
    const byKind = new Map<ActivityKind, EngineActivity[]>();
    if (!runs.length) return byKind;
    const first = Math.min(...runs.map((r) => r.start));
    const last = Math.max(...runs.map((r) => r.end));
    for (let from = first; from < last; from += SLICE_DAYS * DAY_MS) {
      const to = Math.min(last, from + SLICE_DAYS * DAY_MS);
      const ranges = runs
        .map((r) => ({ kind: r.kind, start: Math.max(from, r.start), end: Math.min(to, r.end) }))
        .filter((r) => r.start < r.end);
      if (!ranges.length) continue;
      // A pack that fails its check: that slice from the activities themselves.
      const facts = (await this.store.factsInRanges(ranges)) ?? (await this.store.inRanges(ranges)).map(factOf);
      for (const fact of facts) pushTo(byKind, fact.kind, fact);
    }
    return byKind;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lookupOf(found: ReadonlyMap<ActivityKind, ReadonlyMap<number, KindDay>>): KindDayLookup {
  return (kind, day) => found.get(kind)?.get(day.start);
}

/** The options page's manager report: a period, its daily activity, and each quota's past periods. */
export function reportHandlers(days: ReportDays, clock: () => number, config: Config): Pick<HandlerTable, 'report/get'> {
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
      const histories = quotas.map((quota) => reportWindow([quota], settings, now, interval, HISTORY_PERIODS, 0));
      const lookup = await days.of(
        [
          ...kinds.map((kind) => ({ kind, ...recent })),
          ...quotas.flatMap((quota, i) => quota.kinds.map((kind) => ({ kind, start: histories[i]!.start, end: histories[i]!.end }))),
        ],
        quotas,
        settings,
        now,
      );
      const t = performance.now();
      const report = periodReportOf({ quotas, settings, now, interval, kinds, lookup, trackingStart });
      const last90 = dailyByKindOf(daysOf(daily, settings), kinds, lookup);
      const history = quotas.map((quota) => quotaHistoryOf({ quota, settings, now, lookup, count: HISTORY_PERIODS, trackingStart }));
      if (days.lastRun) days.lastRun.computeMs = performance.now() - t;
      return { report, last90, history };
    },
  };
}
