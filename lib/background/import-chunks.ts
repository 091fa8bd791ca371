import { Activity, isCustomKind, isPlainActivity } from '../activity';
import { assertWithinLimits } from '../entry-limits';
import { describeZodError } from '../messages';
import type { Settings } from '../settings';
import type { ActivityStore, ImportResult, ImportSession } from '../store';
import type { Changed } from './changes';
import type { Config } from './config';
import type { Kinds } from './kinds';
import { keptActivity } from './privacy';
import type { HandlerTable } from './router';

type ImportRequests = 'activity/import-start' | 'activity/import-rows' | 'activity/import-finish' | 'activity/import-cancel';

/**
 * Checks an import's rows; the first bad one is reported as "row N" of the whole file. The fast
 * check accepts exactly what the schema would return unchanged; anything else gets the full parse.
 */
export function importRows(candidates: readonly unknown[], rules: ImportRules, offset = 0): Activity[] {
  const valid: Activity[] = [];
  for (const [index, candidate] of candidates.entries()) {
    let row: Activity;
    if (isPlainActivity(candidate)) row = candidate;
    else {
      const parsed = Activity.safeParse(candidate);
      if (!parsed.success) throw new Error(`row ${offset + index + 1}: ${describeZodError(parsed.error)}`);
      row = parsed.data;
    }
    // The same limits as the popup's: an import is no back door for a call dated 2031.
    assertWithinLimits(row, rules.now, `row ${offset + index + 1}: `);
    // A file keeps what this install's privacy settings keep: subjects and names only if allowed.
    valid.push(keptActivity(row, rules.privacy));
  }
  return valid;
}

/** What every imported row is held to: the entry limits at `now`, and the rep's privacy settings. */
export interface ImportRules {
  now: number;
  privacy: Settings['privacy'];
}

interface Running {
  id: string;
  session: ImportSession;
  total: number;
  /** The custom kinds defined once the chosen ones were created: a row of any other is refused. */
  known: ReadonlySet<string>;
  kindsCreated: string[];
  /** The next row expected: chunks are written in file order whatever order their messages arrive in. */
  next: number;
  waiting: Map<number, { rows: Activity[]; go: () => void }>;
  written: number;
  earliest: number;
  /** Every row's limits and privacy, fixed at the start. */
  rules: ImportRules;
  /** The rep chose, in the preview, to count from the first imported activity. */
  moveTrackingStart: boolean;
}

/**
 * An import whose rows come in chunks (a 300,000-row file is more than one message may carry),
 * written as they arrive into one transaction (see ImportSession): every row or none. One import
 * at a time; one whose page went away is given up after a pause, keeping nothing.
 */
export class ChunkedImport {
  private running?: Running;
  private nextId = 0;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly changed: Changed,
    private readonly kinds: Kinds,
    private readonly idleMs?: number,
  ) {}

  private current(importId: string): Running {
    if (this.running?.id !== importId) throw new Error('import: no such import running (it finished, failed or was given up)');
    return this.running;
  }

  private stop(running: Running, reason?: string): void {
    if (reason) running.session.cancel(reason);
    if (this.running === running) this.running = undefined;
  }

  readonly handlers: Pick<HandlerTable, ImportRequests> = {
    'activity/import-start': async ({ total, kinds: definitions = [], createKinds = [], moveTrackingStart = false }) => {
      if (this.running) throw new Error('import: another import is running; wait for it to finish');
      // Defined before the activities are written: should the import then fail, the new kinds stay
      // defined (and empty), never activities of a kind this install cannot name.
      const kindsCreated = await this.kinds.createForImport(createKinds, definitions);
      // Read now: nothing may read the store while the import's transaction holds it.
      const known = new Set((await this.config.customKinds()).map((k) => k.id));
      const { privacy } = await this.config.getSettings();
      this.nextId += 1;
      const running: Running = {
        id: `import-${this.clock()}-${this.nextId}`,
        session: this.store.startImport(this.clock(), this.idleMs),
        total,
        known,
        kindsCreated,
        next: 0,
        waiting: new Map(),
        written: 0,
        earliest: Infinity,
        rules: { now: this.clock(), privacy },
        moveTrackingStart,
      };
      running.session.finished.catch(() => this.stop(running));
      this.running = running;
      return { importId: running.id, ...(kindsCreated.length ? { kindsCreated } : {}) };
    },

    'activity/import-rows': async ({ importId, offset, activities }) => {
      const running = this.current(importId);
      // A chunk sent again (its answer was lost): already queued.
      if (offset < running.next || running.waiting.has(offset)) return { written: running.written };
      if (offset + activities.length > running.total) {
        this.stop(running, 'import: more rows than announced');
        throw new Error('import: more rows than announced');
      }
      let rows: Activity[];
      try {
        rows = importRows(activities, running.rules, offset);
        const unknown = [...new Set(rows.map((a) => a.kind).filter((kind) => isCustomKind(kind) && !running.known.has(kind)))];
        if (unknown.length) throw new Error(`unknown kinds: ${unknown.join(', ')}; create them to import their activities`);
      } catch (error) {
        this.stop(running, error instanceof Error ? error.message : String(error));
        throw error;
      }
      await new Promise<void>((go) => {
        running.waiting.set(offset, { rows, go });
        this.drain(running);
      });
      for (const a of rows) running.earliest = Math.min(running.earliest, a.occurredAt);
      // Checked by importRows against the same schema: not parsed twice.
      await running.session.add(rows, true);
      running.written += rows.length;
      return { written: running.written };
    },

    'activity/import-finish': async ({ importId }) => {
      const running = this.current(importId);
      if (running.next !== running.total) {
        this.stop(running, 'import: rows missing');
        throw new Error(`import: ${running.total - running.next} rows never arrived; nothing was imported`);
      }
      let result: ImportResult;
      try {
        result = await running.session.finish();
      } finally {
        this.stop(running);
      }
      // Counting reaches back to the first imported activity only when the rep chose so in the preview.
      if (running.moveTrackingStart && Number.isFinite(running.earliest)) await this.config.trackFrom(running.earliest);
      this.changed();
      return running.kindsCreated.length ? { ...result, kindsCreated: running.kindsCreated } : result;
    },

    'activity/import-cancel': async ({ importId }) => {
      if (this.running?.id === importId) this.stop(this.running, 'the import was cancelled');
      return null;
    },
  };

  /** Lets through, in file order, the chunks that are next. */
  private drain(running: Running): void {
    for (let chunk = running.waiting.get(running.next); chunk; chunk = running.waiting.get(running.next)) {
      running.waiting.delete(running.next);
      running.next += chunk.rows.length;
      chunk.go();
    }
  }
}
