import { describe, expect, it } from 'vitest';
import {
  FULL_READ_AFTER_MS,
  keepRead,
  keptCovers,
  mergeRead,
  planRead,
  REFRESH_OVERLAP_MS,
  REUSE_MIN_RECORDS,
} from '../../../lib/background/team-board-cache';
import { MAX_KEPT_SPANS, TeamBoardKept } from '../../../lib/crm/team-board-keys';
import type { CrmTeamActivity } from '../../../lib/crm/types';

/**
 * What the board keeps between reads (lib/background/team-board-cache.ts), on small numbers: which
 * queries a read makes, how a whole read and a refresh change what is kept, and the bound.
 */

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const record = (id: string, day: number, ownerId = '7'): CrmTeamActivity => ({
  id,
  ownerId,
  kind: 'call',
  occurredAt: T0 + day * DAY + 3_600_000,
});
const month = { from: T0, to: T0 + 31 * DAY };
const many = (n: number, day: number) => Array.from({ length: n }, (_, i) => record(`r${day}-${i}`, day));

describe('the board keeps what it read', () => {
  it('a first read is whole; a refresh asks for changes since the read began (less the overlap); a stale whole read is whole again', () => {
    expect(planRead(undefined, month, T0, false)).toEqual([month]);
    const kept = keepRead(undefined, { owner: 'hubspot:acme', steps: [month], startedAt: T0 + DAY, users: [], records: [record('a', 0)] });
    expect(planRead(kept, month, T0 + DAY + 3_600_000, false)).toEqual([{ ...month, modifiedSince: T0 + DAY - REFRESH_OVERLAP_MS }]);
    expect(keptCovers(kept, month, T0 + DAY + 3_600_000)).toBe(true);
    expect(planRead(kept, month, T0 + DAY + FULL_READ_AFTER_MS, false)).toEqual([month]);
    expect(planRead(kept, month, T0 + 2 * DAY, true)).toEqual([month]);
  });

  it('a whole read replaces what was kept in its span (a deletion seen); a refresh replaces by id (an edit seen)', () => {
    const before = [record('a', 1), record('b', 2), record('c', 40)];
    const whole = mergeRead(before, [month], [record('a', 1)]);
    expect(whole.map((r) => r.id).sort()).toEqual(['a', 'c']);
    const refreshed = mergeRead(before, [{ ...month, modifiedSince: T0 }], [record('b', 2, '8')]);
    expect(refreshed.find((r) => r.id === 'b')?.ownerId).toBe('8');
    expect(refreshed).toHaveLength(3);
  });

  it('a larger period: the kept part asks for changes, the rest is read whole; a small kept part joins the whole read', () => {
    const quarter = { from: T0 - 28 * DAY, to: T0 + 61 * DAY };
    const bigKept = keepRead(undefined, { owner: 'o', steps: [month], startedAt: T0, users: [], records: many(REUSE_MIN_RECORDS, 3) });
    expect(planRead(bigKept, quarter, T0 + 3_600_000, false)).toEqual([
      { from: quarter.from, to: month.from },
      { ...month, modifiedSince: T0 - REFRESH_OVERLAP_MS },
      { from: month.to, to: quarter.to },
    ]);
    const smallKept = keepRead(undefined, { owner: 'o', steps: [month], startedAt: T0, users: [], records: many(3, 3) });
    expect(planRead(smallKept, quarter, T0 + 3_600_000, false)).toEqual([quarter]);
    // Inside the kept part, however small: changes only.
    expect(planRead(smallKept, { from: T0, to: T0 + 7 * DAY }, T0 + 3_600_000, false)).toEqual([
      { from: T0, to: T0 + 7 * DAY, modifiedSince: T0 - REFRESH_OVERLAP_MS },
    ]);
  });

  it('the refreshed span keeps the older whole-read time: what a refresh cannot see is not claimed seen', () => {
    const kept = keepRead(undefined, { owner: 'o', steps: [month], startedAt: T0, users: [], records: [] });
    const after = keepRead(kept, { owner: 'o', steps: [{ ...month, modifiedSince: T0 }], startedAt: T0 + DAY, users: [], records: [] });
    expect(after.spans).toEqual([{ ...month, readAt: T0 + DAY, fullAt: T0 }]);
    // Another connection's spans are not carried over.
    expect(keepRead(kept, { owner: 'other', steps: [month], startedAt: T0 + DAY, users: [], records: [] }).spans).toEqual([
      { ...month, readAt: T0 + DAY, fullAt: T0 + DAY },
    ]);
  });

  it('bounded: spans beyond the limit go, those read longest ago first, with their records; what is kept parses', () => {
    let kept: TeamBoardKept | undefined;
    const days = MAX_KEPT_SPANS + 5;
    for (let day = 0; day < days; day++) {
      const steps = [{ from: T0 + day * DAY, to: T0 + (day + 1) * DAY }];
      const records = mergeRead(kept?.records ?? [], steps, [record(`d${day}`, day)]);
      kept = keepRead(kept, { owner: 'o', steps, startedAt: T0 + day * DAY, users: [{ id: '7', name: 'Ann' }], records });
    }
    expect(kept!.spans).toHaveLength(MAX_KEPT_SPANS);
    expect(kept!.spans[0]!.from).toBe(T0 + 5 * DAY);
    expect(kept!.records.map((r) => r.id)).not.toContain('d4');
    expect(kept!.records).toHaveLength(MAX_KEPT_SPANS);
    expect(TeamBoardKept.safeParse(kept).success).toBe(true);
  });
});
