import { ACTIVITY_KINDS, type Activity } from '../activity';
import { periodContaining } from '../quota/calendar';
import {
  computeProgress,
  type EngineActivity,
  type ProgressReport,
  progressAt,
  progressValidUntil,
  requiredRanges,
} from '../quota/progress';
import type { Quota, Settings } from '../settings';
import type { ActivityStore } from '../store';
import { PROGRESS_MEMO_KEY } from '../store/kv';
import type { Config } from './config';

interface Fill {
  key: string;
  promise: Promise<Map<string, EngineActivity>>;
  /** Writes made while the fill was in flight, applied to its result. */
  patches: Activity[];
  /** An import or new settings overtook it: its result must not be kept. */
  stale: boolean;
}

/** How the last progress was made, for the benchmark's breakdown of a cold progress. */
export interface ProgressRun {
  /** memory: from the cached activities; kept: the progress kept by an earlier worker; read: from the store. */
  source: 'memory' | 'kept' | 'read';
  /** Reading settings, quotas and, for `kept`/`read`, the kept progress or the activities (ms). */
  readMs: number;
  computeMs: number;
}

/**
 * The activities the quota engine needs, by id, kept while the quotas, settings and day stay the
 * same. The background is the only writer, so each write patches the cache rather than forcing a
 * re-read; concurrent callers (the badge at start-up, the popup) share one fill.
 *
 * The last progress computed is also kept in the store (kv `progressMemo`), so that a freshly
 * started worker (the browser stops an idle one after 30 s) answers from one record instead of
 * reading activities: the clock-dependent fields are recomputed (progressAt), and it is only used
 * while no activity was written since (every activity write deletes it in its own transaction), for
 * the same quotas, settings and database version, and before its day ends or a pending capture
 * falls due.
 */
export class ProgressCache {
  private window?: { key: string; byId: Map<string, EngineActivity>; list?: EngineActivity[] };
  private filling?: Fill;
  /** The kept progress as read by this worker, while nothing was written. */
  private kept?: { inputs: string; report: ProgressReport };
  /** Bumped by every write this worker learns of: a progress computed before one is not kept. */
  private version = 0;
  /** What was last saved as the kept progress: saving the same again is skipped. */
  private saved?: { version: number; inputs: string; validUntil: number };
  lastRun?: ProgressRun;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly onKept?: (report: ProgressReport, validUntil: number) => void,
  ) {}

  async progress(): Promise<ProgressReport> {
    const started = performance.now();
    // A fresh worker reads the kept progress together with the settings and quotas: one round trip.
    const keptRead = !this.window && !this.filling && !this.kept ? this.readKept() : undefined;
    const [settings, quotas, trackingStart] = await Promise.all([
      this.config.getSettings(),
      this.config.getQuotas(),
      this.config.trackingStart(),
    ]);
    const now = this.clock();
    const ranges = requiredRanges(quotas, settings, now);
    const today = periodContaining(now, 'day', settings);
    const key = `${JSON.stringify(ranges)}:${today.start}`;
    let cache = this.window?.key === key ? this.window : undefined;
    // The tracking start is an input too: the first period is pro-rated from it.
    const inputs = `${inputsOf(quotas, settings, this.store.db.version)}:${trackingStart ?? ''}`;
    if (!cache && !this.filling) {
      const fromKept = await this.fromKept(inputs, quotas, settings, now, started, keptRead);
      if (fromKept) return fromKept;
    }
    const source = cache ? 'memory' : 'read';
    // A fill overtaken by an import or a settings change is read again (at most twice more).
    for (let attempt = 0; !cache && attempt < 3; attempt += 1) {
      const fill = this.filling?.key === key && !this.filling.stale ? this.filling : this.startFill(key, ranges, today);
      let byId: Map<string, EngineActivity>;
      try {
        byId = await fill.promise;
      } finally {
        if (this.filling === fill) this.filling = undefined;
      }
      if (fill.stale && attempt < 2) continue;
      for (const activity of fill.patches) byId.set(activity.id, activity);
      cache = { key, byId };
      if (!fill.stale) this.window = cache;
    }
    if (!cache) throw new Error('progress could not be read');
    const read = performance.now();
    // What the store's writes were when these activities were last complete (see keep()).
    const writes = this.store.writeState;
    const version = this.version;
    cache.list ??= [...cache.byId.values()];
    const report = computeProgress({ quotas, settings, now, activities: cache.list, trackingStart });
    this.lastRun = { source, readMs: read - started, computeMs: performance.now() - read };
    if (writes.running === 0) this.keep(report, inputs, settings, writes.started, version);
    return report;
  }

  /** The kept progress brought to now, when it is still exact (see the class comment). */
  private readKept() {
    const version = this.version;
    return this.store.readKv(PROGRESS_MEMO_KEY).then(
      (memo) => ({ memo, version }),
      () => ({ memo: undefined, version }),
    );
  }

  private async fromKept(
    inputs: string,
    quotas: readonly Quota[],
    settings: Settings,
    now: number,
    started: number,
    keptRead = this.readKept(),
  ) {
    if (this.kept?.inputs !== inputs) {
      const { memo, version } = await keptRead;
      // A write or new settings since the read began: what it read may predate them.
      if (version !== this.version) return undefined;
      this.kept = memo && memo.inputs === inputs ? { inputs, report: memo.report } : undefined;
    }
    if (!this.kept) return undefined;
    const read = performance.now();
    const report = progressAt(this.kept.report, quotas, settings, now);
    if (!report) this.kept = undefined;
    else this.lastRun = { source: 'kept', readMs: read - started, computeMs: performance.now() - read };
    return report;
  }

  /**
   * Keeps a progress in the store for the next worker, once the current task is over, and only if no
   * write started or was reported meanwhile: the report then reflects every activity write. (One
   * that starts after the save's transaction is created runs after it, and deletes it.)
   */
  private keep(report: ProgressReport, inputs: string, settings: Settings, writesStarted: number, version: number): void {
    const validUntil = progressValidUntil(report, settings);
    const saved = this.saved;
    if (saved && saved.version === version && saved.inputs === inputs && saved.validUntil === validUntil) return;
    setTimeout(() => {
      const writes = this.store.writeState;
      if (writes.started !== writesStarted || writes.running !== 0 || this.version !== version) return;
      this.saved = { version, inputs, validUntil };
      this.kept = { inputs, report };
      const dbVersion = this.store.db.version;
      void this.store.writeKv(PROGRESS_MEMO_KEY, { inputs, dbVersion, report }).catch(() => {
        this.saved = undefined;
      });
      this.onKept?.(report, validUntil);
    }, 0);
  }

  /** Written activities replace their cached versions (and reach a fill in flight). */
  patch(written: readonly Activity[]): void {
    this.forgetKept();
    if (this.filling) this.filling.patches.push(...written);
    if (!this.window) return;
    for (const activity of written) this.window.byId.set(activity.id, activity);
    this.window.list = undefined;
  }

  /** Forgets cached activities, so that the next progress reads the store. */
  invalidate(): void {
    this.forgetKept();
    this.window = undefined;
    if (this.filling) this.filling.stale = true;
  }

  private forgetKept(): void {
    this.version += 1;
    this.kept = undefined;
    this.saved = undefined;
  }

  private startFill(key: string, ranges: ReturnType<typeof requiredRanges>, today: { start: number; end: number }): Fill {
    // Each kind over its quotas' own periods (not one window for all), every kind today, and anything
    // pending (a scheduled send may be due after the periods). Read from day packs; from the
    // activities themselves should a pack fail its check.
    const promise = (async () => {
      // The rep's own kinds count in "today" as the built-in ones do.
      const custom = (await this.config.customKinds()).map((k) => k.id);
      const wanted = [...ranges, ...[...ACTIVITY_KINDS, ...custom].map((kind) => ({ kind, start: today.start, end: today.end }))];
      const [facts, pending] = await Promise.all([this.store.factsInRanges(wanted), this.store.pending()]);
      const byId = new Map<string, EngineActivity>((facts ?? (await this.store.inRanges(wanted))).map((a) => [a.id, a]));
      for (const a of pending) byId.set(a.id, a);
      return byId;
    })();
    this.filling = { key, promise, patches: [], stale: false };
    return this.filling;
  }
}

/**
 * What a kept progress depends on besides the activities: it is only reused for the same. A digest,
 * not the settings themselves, so that the kept copy repeats nothing of them (an excluded chat's id
 * must not reappear elsewhere in storage).
 */
function inputsOf(quotas: readonly Quota[], settings: Settings, dbVersion: number): string {
  const text = JSON.stringify([dbVersion, quotas, settings]);
  return `${text.length}:${cyrb53(text, 1)}:${cyrb53(text, 2)}`;
}

/** cyrb53, a fast 53-bit string hash (public domain); two seeds make a chance collision negligible. */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
