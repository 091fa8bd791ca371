import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { type IngestSnapshot, planIngest, type WritePlan } from '../../../lib/background/ingest-plan';
import type { Capture, DetectorEvent } from '../../../lib/capture/types';
import { defaultSettings } from '../../../lib/settings';

/** The plan applied to an in-memory store: what ActivityStore.apply does, without IndexedDB. */
function applied(stored: Map<string, Activity>, plan: WritePlan): Map<string, Activity> {
  const next = new Map(stored);
  for (const w of plan.writes) next.set(w.after.dedupeKey, w.after);
  return next;
}

let ids = 0;
function snapshotOf(stored: Map<string, Activity>, now: number): IngestSnapshot {
  return {
    now,
    settings: { ...defaultSettings('UTC'), channels: { ...defaultSettings('UTC').channels, phone: true } },
    byKey: stored,
    nearby: [...stored.values()],
    undone: {},
    signalsFor: () => [],
    accountOf: (c) => c,
    newId: () => `id-${(ids += 1)}`,
  };
}

const NOW = Date.UTC(2026, 0, 7, 12);
const PHONE = '+33612345678';
const attempt = (at: number, i: number): Capture => ({
  kind: 'call',
  channel: 'phone',
  subtype: 'attempt',
  occurredAt: at,
  account: 'rep',
  recipients: [{ phone: PHONE, role: 'to' }],
  dedupeKey: `click:${i}`,
  detection: { method: 'page-request', source: 'phone-link' },
});
const polled = (at: number, i: number): Capture => ({
  kind: 'call',
  channel: 'phone',
  occurredAt: at,
  account: 'rep',
  recipients: [{ phone: PHONE, role: 'to' }],
  dedupeKey: `aircall:${i}`,
  detection: { method: 'api', source: 'aircall' },
});

const events = fc.array(
  fc.oneof(
    fc
      .record({ at: fc.integer({ min: -600_000, max: 600_000 }), i: fc.nat(3) })
      .map(({ at, i }) => ({ type: 'record' as const, capture: attempt(NOW - 3_600_000 + at, i) })),
    fc
      .record({ at: fc.integer({ min: -600_000, max: 600_000 }), i: fc.nat(3) })
      .map(({ at, i }) => ({ type: 'record' as const, capture: polled(NOW - 3_600_000 + at, i) })),
    fc.nat(3).map((i) => ({ type: 'retract' as const, dedupeKey: `click:${i}` })),
  ),
  { maxLength: 12 },
) as fc.Arbitrary<DetectorEvent[]>;

const counted = (stored: Map<string, Activity>) => [...stored.values()].filter((a) => a.status !== 'retracted');

describe('planIngest', () => {
  it('gives nothing more to write when the same captures come again after their plan was applied', () => {
    fc.assert(
      fc.property(events, (all) => {
        // Captures only: a retraction coming again retracts what was recorded since, by design.
        const batch = all.filter((e) => e.type === 'record');
        const once = applied(new Map(), planIngest(batch, snapshotOf(new Map(), NOW)));
        const again = planIngest(batch, snapshotOf(once, NOW));
        expect(again.recorded).toBe(0);
        expect(applied(once, again)).toEqual(once);
      }),
    );
  });

  it('never leaves a polled call and the phone-link attempt it absorbed both counted', () => {
    fc.assert(
      fc.property(events, events, (first, second) => {
        const one = applied(new Map(), planIngest(first, snapshotOf(new Map(), NOW)));
        const two = applied(one, planIngest(second, snapshotOf(one, NOW + 1000)));
        for (const call of counted(two).filter((a) => a.detection.method === 'api')) {
          const absorbed = call.detection.ids?.attempt;
          if (absorbed !== undefined) expect(two.get(absorbed)?.status).toBe('retracted');
        }
      }),
    );
  });

  it('records a merged call and retracts its attempt in one plan (one transaction)', () => {
    const clicked = applied(new Map(), planIngest([{ type: 'record', capture: attempt(NOW - 60_000, 0) }], snapshotOf(new Map(), NOW)));
    const plan = planIngest([{ type: 'record', capture: polled(NOW - 30_000, 0) }], snapshotOf(clicked, NOW));
    expect(plan.writes.map((w) => [w.after.dedupeKey, w.after.status])).toEqual([
      ['aircall:0', 'counted'],
      ['click:0', 'retracted'],
    ]);
  });
});
