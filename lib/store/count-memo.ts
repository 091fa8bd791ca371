import type { Activity } from '../activity';

type Placed = Pick<Activity, 'kind' | 'occurredAt'>;

interface Entry {
  kinds?: readonly string[];
  from: number;
  to: number;
  count: number;
}

/**
 * Told by a count's reader when it opens each transaction: `ends` (the range's first and last rows
 * looked up) and each `slice` [start, end) counted, per kind (undefined: every kind).
 */
export interface CountOpened {
  ends(kind: string | undefined): void;
  slice(kind: string | undefined, start: number, end: number): void;
}

/**
 * A count being read, a week per transaction: the write generation when each of its transactions
 * opened, and the writes committed meanwhile. IndexedDB runs transactions over the same store in
 * the order they were created, so a slice opened after a write started sees it, one opened before
 * does not: what the slices missed is added when the count is kept.
 */
class CountRead {
  dropped = false;
  readonly ends = new Map<string | undefined, number>();
  readonly slices: { kind: string | undefined; start: number; end: number; generation: number }[] = [];
  readonly committed: { generation: number; before?: Placed; after?: Placed }[] = [];

  /** Whether a transaction of the read opened after the write of `generation` started. */
  saw(generation: number): boolean {
    return [...this.ends.values(), ...this.slices.map((s) => s.generation)].some((opened) => opened >= generation);
  }

  private seen(kind: string | undefined, at: number, generation: number): boolean {
    const slice = this.slices.find((s) => s.kind === kind && at >= s.start && at < s.end);
    // Outside every slice: the range's ends were looked up after the write (it was not there, or gone).
    if (!slice) return (this.ends.get(kind) ?? -1) >= generation;
    return slice.generation >= generation;
  }

  /** What the writes committed during the read changed in the entry's range that its slices did not see. */
  missed(entry: Entry): number {
    let missed = 0;
    for (const { generation, before, after } of this.committed) {
      for (const [placed, sign] of [
        [before, -1],
        [after, 1],
      ] as const) {
        if (placed && holds(entry, placed) && !this.seen(entry.kinds ? placed.kind : undefined, placed.occurredAt, generation))
          missed += sign;
      }
    }
    return missed;
  }
}

/**
 * Index counts History asked for, kept between writes and moved by the store's own writes (a
 * capture adds one to each count whose range holds it): with History open, a capture's reload
 * counts nothing, where an index count walks every row of its range. A count read while captures
 * are written is kept too, with what its slices missed added (see CountRead): under a flow of
 * captures History's count is read once, not once per capture.
 */
export class CountMemo {
  private readonly counts = new Map<string, Entry>();
  private readonly reading = new Set<CountRead>();
  /** The generations of the writes started and not finished. */
  private readonly running = new Set<number>();
  /** Bumped by every write that starts. */
  private generation = 0;

  static key(kinds: readonly string[] | undefined, from: number, to: number): string {
    return JSON.stringify([kinds ?? null, from, to]);
  }

  get(key: string): number | undefined {
    return this.counts.get(key)?.count;
  }

  /** Reads a count through `read` (which says when it opens each transaction), and keeps it. */
  async through(kinds: readonly string[] | undefined, from: number, to: number, read: (opened: CountOpened) => Promise<number>) {
    const key = CountMemo.key(kinds, from, to);
    const kept = this.counts.get(key);
    if (kept) return kept.count;
    const current = new CountRead();
    this.reading.add(current);
    let count: number;
    try {
      count = await read({
        ends: (kind) => current.ends.set(kind, this.generation),
        slice: (kind, start, end) => current.slices.push({ kind, start, end, generation: this.generation }),
      });
    } finally {
      this.reading.delete(current);
    }
    // A write some transaction of the read saw, whose move is not noted yet: kept, it would count twice.
    if (current.dropped || [...this.running].some((generation) => current.saw(generation))) return count;
    const entry: Entry = { ...(kinds ? { kinds } : {}), from, to, count };
    entry.count += current.missed(entry);
    this.counts.set(key, entry);
    return entry.count;
  }

  /** A write that moves the counts itself starts (its transaction is created next): its generation. */
  writeStarted(): number {
    this.generation += 1;
    this.running.add(this.generation);
    return this.generation;
  }

  /** The write of `generation` ended (committed and moved, or failed). */
  writeFinished(generation: number): void {
    this.running.delete(generation);
  }

  /**
   * The write of `generation` committed: its activity out of the counts that held it before, into
   * those that hold it now (and noted for the counts being read).
   */
  moved(before: Placed | undefined, after: Placed | undefined, generation: number): void {
    for (const entry of this.counts.values()) {
      if (before && holds(entry, before)) entry.count -= 1;
      if (after && holds(entry, after)) entry.count += 1;
    }
    for (const read of this.reading) read.committed.push({ generation, before, after });
  }

  /** A write whose effect on counts is not followed (an import, a delete): counted again. */
  forget(): void {
    this.generation += 1;
    this.counts.clear();
    for (const read of this.reading) read.dropped = true;
  }
}

const holds = (entry: { kinds?: readonly string[]; from: number; to: number }, a: Placed) =>
  (!entry.kinds || entry.kinds.includes(a.kind)) && a.occurredAt >= entry.from && a.occurredAt < entry.to;
