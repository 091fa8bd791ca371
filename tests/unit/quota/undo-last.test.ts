import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { anActivity } from '../../builders/activity';
import { createHarness, type Harness, ok } from '../service/harness';

/**
 * Issue 21, point 3: "Undo last entry" undoes the rep's own last entry. A capture (an email sent
 * from Gmail, a LinkedIn comment or reaction) leaves only by name, from History or the recent list.
 */

const MINUTE = 60_000;
let harness: Harness | undefined;
afterEach(() => harness?.close());

/** One step: the rep logs a call (possibly back-dated), or a capture is recorded (possibly dated before). */
type Step = { own: boolean; minutesBack: number };

async function replay(steps: readonly Step[]) {
  harness?.close();
  harness = await createHarness();
  const h = harness;
  const ownIds: string[] = [];
  const capturedIds: string[] = [];
  for (const step of steps) {
    h.advance(MINUTE);
    const occurredAt = h.now() - step.minutesBack * MINUTE;
    if (step.own) {
      ownIds.push((await ok(h.service, { type: 'activity/log', entry: { kind: 'deal', occurredAt } })).id);
    } else {
      const capture = anActivity({
        kind: 'linkedin_message',
        channel: 'linkedin',
        subtype: 'comment',
        occurredAt,
        createdAt: h.now(),
        updatedAt: h.now(),
        recipients: [{ profileId: `urn:li:member:${capturedIds.length + 1}`, role: 'to' }],
      });
      await h.store.record(capture);
      capturedIds.push(capture.id);
    }
  }
  return { h, ownIds, capturedIds };
}

const steps = fc.array(fc.record({ own: fc.boolean(), minutesBack: fc.integer({ min: 0, max: 3 * 24 * 60 }) }), {
  minLength: 1,
  maxLength: 8,
});

describe('undo last entry (issue 21, point 3)', { timeout: 60_000 }, () => {
  it('undoes the last own entry, newest first, and never a capture, for any mix of entries and captures', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        const { h, ownIds, capturedIds } = await replay(sequence);
        // As many undos as there were own entries, and one more that finds nothing.
        for (const expected of [...ownIds].reverse()) {
          expect((await ok(h.service, { type: 'activity/undo-last' }))?.id).toBe(expected);
        }
        expect(await ok(h.service, { type: 'activity/undo-last' })).toBeNull();
        for (const id of capturedIds) expect((await h.store.get(id))?.status).toBe('counted');
      }),
      { numRuns: 25 },
    );
  });

  it("fast-check on the old code: one captured comment and nothing of the rep's was undone ([{ own: false, minutesBack: 0 }])", async () => {
    const { h, capturedIds } = await replay([{ own: false, minutesBack: 0 }]);
    expect(await ok(h.service, { type: 'activity/undo-last' })).toBeNull();
    expect((await h.store.get(capturedIds[0]!))?.status).toBe('counted');
  });

  it("the issue's case: deals by hand, then a captured comment and a reaction: two undos take the deals", async () => {
    const { h, ownIds, capturedIds } = await replay([
      { own: true, minutesBack: 0 },
      { own: true, minutesBack: 30 },
      { own: false, minutesBack: 0 },
      { own: false, minutesBack: 0 },
    ]);
    expect((await ok(h.service, { type: 'activity/undo-last' }))?.id).toBe(ownIds[1]);
    expect((await ok(h.service, { type: 'activity/undo-last' }))?.id).toBe(ownIds[0]);
    for (const id of capturedIds) expect((await h.store.get(id))?.status).toBe('counted');
  });
});
