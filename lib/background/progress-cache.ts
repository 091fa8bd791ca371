import { ACTIVITY_KINDS, type Activity } from '../activity';
import { periodContaining } from '../quota/calendar';
import { type EngineActivity, type ProgressReport, computeProgress, requiredRanges } from '../quota/progress';
import type { ActivityStore } from '../store';
import type { Config } from './config';

interface Fill {
  key: string;
  promise: Promise<Map<string, EngineActivity>>;
  /** Writes made while the fill was in flight, applied to its result. */
  patches: Activity[];
  /** An import or new settings overtook it: its result must not be kept. */
  stale: boolean;
}

/**
 * The activities the quota engine needs, by id, kept while the quotas, settings and day stay the
 * same. The background is the only writer, so each write patches the cache rather than forcing a
 * re-read; concurrent callers (the badge at start-up, the popup) share one fill.
 */
export class ProgressCache {
  private window?: { key: string; byId: Map<string, EngineActivity>; list?: EngineActivity[] };
  private filling?: Fill;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
  ) {}

  async progress(): Promise<ProgressReport> {
    const [settings, quotas] = await Promise.all([this.config.getSettings(), this.config.getQuotas()]);
    const now = this.clock();
    const ranges = requiredRanges(quotas, settings, now);
    const today = periodContaining(now, 'day', settings);
    const key = `${JSON.stringify(ranges)}:${today.start}`;
    let cache = this.window?.key === key ? this.window : undefined;
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
    cache.list ??= [...cache.byId.values()];
    return computeProgress({ quotas, settings, now, activities: cache.list });
  }

  /** Written activities replace their cached versions (and reach a fill in flight). */
  patch(written: readonly Activity[]): void {
    if (this.filling) this.filling.patches.push(...written);
    if (!this.window) return;
    for (const activity of written) this.window.byId.set(activity.id, activity);
    this.window.list = undefined;
  }

  /** Forgets cached activities, so that the next progress reads the store. */
  invalidate(): void {
    this.window = undefined;
    if (this.filling) this.filling.stale = true;
  }

  private startFill(key: string, ranges: ReturnType<typeof requiredRanges>, today: { start: number; end: number }): Fill {
    // Each kind over its quotas' own periods (not one window for all), every kind today, and anything
    // pending (a scheduled send may be due after the periods). Read from day packs; from the
    // activities themselves should a pack fail its check.
    const wanted = [...ranges, ...ACTIVITY_KINDS.map((kind) => ({ kind, start: today.start, end: today.end }))];
    const promise = (async () => {
      const [facts, pending] = await Promise.all([this.store.factsInRanges(wanted), this.store.pending()]);
      const byId = new Map<string, EngineActivity>((facts ?? (await this.store.inRanges(wanted))).map((a) => [a.id, a]));
      for (const a of pending) byId.set(a.id, a);
      return byId;
    })();
    this.filling = { key, promise, patches: [], stale: false };
    return this.filling;
  }
}
