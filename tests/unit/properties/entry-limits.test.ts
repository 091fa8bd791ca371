import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toZonedInput } from '../../../components/zonedTime';
import type { Activity } from '../../../lib/activity';
import { entryFromForm } from '../../../lib/entry-form';
import { aGmailCapture, createHarness, type Harness, ok, record } from '../service/harness';
import { speak } from '../ui/locale';

beforeEach(() => speak('en'));

/**
 * Every entry path applies the same limits on dates and amounts (issue 21.8): the popup's and
 * History's form, the background's log and edit, the import and capture accept a record exactly
 * when it is dated within ten years back and five minutes ahead and its amount is at most a trillion.
 * The window is written out here, not imported: the test states the rule, the code must meet it.
 */

const DAY = 86_400_000;
const TEN_YEARS = 3653 * DAY;
const DRIFT = 5 * 60_000;
const TRILLION = 1_000_000_000_000;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Dates around both edges and anywhere in thirty years either way, to the minute (forms have no seconds). */
const offset = fc.oneof(
  fc.integer({ min: -30 * 365, max: 30 * 365 }).map((days) => days * DAY),
  fc.integer({ min: -3 * DAY, max: 3 * DAY }).map((ms) => ms - TEN_YEARS),
  fc.integer({ min: -15, max: 15 }).map((minutes) => DRIFT + minutes * 60_000),
);
const amount = fc.option(fc.oneof(fc.integer({ min: 0, max: 10 * TRILLION }), fc.constantFrom(TRILLION, TRILLION + 1)), {
  nil: undefined,
});

function expectedToPass(at: number, now: number, value: number | undefined): boolean {
  return at >= now - TEN_YEARS && at <= now + DRIFT && (value === undefined || value <= TRILLION);
}

async function importOne(at: number, value: number | undefined): Promise<boolean> {
  const now = h.now();
  const id = crypto.randomUUID();
  const activity: Activity = {
    id,
    kind: 'deal',
    channel: 'manual',
    occurredAt: at,
    account: 'me',
    recipients: [],
    ...(value !== undefined ? { amount: value, currency: 'USD' } : {}),
    dedupeKey: `manual:${id}`,
    status: 'counted',
    detection: { method: 'manual' },
    createdAt: now,
    updatedAt: now,
  };
  return (await h.service.handle({ type: 'activity/import', activities: [activity] })).ok;
}

describe('every entry path applies the same limits on dates and amounts', () => {
  it('form, log, edit, import and capture all accept exactly what the limits allow', async () => {
    await fc.assert(
      fc.asyncProperty(offset, amount, async (by, value) => {
        const now = h.now();
        const at = Math.floor((now + by) / 60_000) * 60_000;
        const expected = expectedToPass(at, now, value);
        const text = value === undefined ? '' : String(value);
        const form = entryFromForm(
          { kind: 'deal', amount: text, currency: 'USD', units: '', note: '', when: toZonedInput(at, 'UTC') },
          { locale: 'en', timeZone: 'UTC', now, whenRequired: true },
        );
        const entry = { kind: 'deal', occurredAt: at, ...(value !== undefined ? { amount: value, currency: 'USD' } : {}) };
        const logged = await h.service.handle({ type: 'activity/log', entry, requestId: crypto.randomUUID() });
        const base = await ok(h.service, { type: 'activity/log', entry: { kind: 'deal' }, requestId: crypto.randomUUID() });
        const edited = await h.service.handle({
          type: 'activity/update',
          id: base.id,
          patch: { occurredAt: at, ...(value !== undefined ? { amount: value, currency: 'USD' } : {}) },
        });
        const imported = await importOne(at, value);
        // Captures carry no amount: their date alone decides.
        const captured = await h.service.applyEvents([record(aGmailCapture({ occurredAt: at }))]);
        expect({
          form: form.ok,
          log: logged.ok,
          edit: edited.ok,
          import: imported,
          capture: captured.recorded === 1,
        }).toEqual({ form: expected, log: expected, edit: expected, import: expected, capture: expectedToPass(at, now, undefined) });
      }),
      { numRuns: 40 },
    );
    // Five paths through a real (fake-indexeddb) store per run: seconds, more on a loaded machine.
  }, 60_000);
});

describe('the counterexamples fast-check printed on the old code, kept', () => {
  async function allPaths(at: number, value: number | undefined) {
    const now = h.now();
    const form = entryFromForm(
      {
        kind: 'deal',
        amount: value === undefined ? '' : String(value),
        currency: 'USD',
        units: '',
        note: '',
        when: toZonedInput(at, 'UTC'),
      },
      { locale: 'en', timeZone: 'UTC', now, whenRequired: true },
    );
    const entry = { kind: 'deal', occurredAt: at, ...(value !== undefined ? { amount: value, currency: 'USD' } : {}) };
    const logged = await h.service.handle({ type: 'activity/log', entry, requestId: crypto.randomUUID() });
    const imported = await importOne(at, value);
    const captured = await h.service.applyEvents([record(aGmailCapture({ occurredAt: at }))]);
    return { form: form.ok, log: logged.ok, import: imported, capture: captured.recorded === 1 };
  }

  it('[0, 1000000000001]: an amount over a trillion, dated now, was accepted by every path', async () => {
    expect(await allPaths(h.now(), 1_000_000_000_001)).toEqual({ form: false, log: false, import: false, capture: true });
  });

  it('[-315619200001]: ten years and a millisecond back was accepted by every path', async () => {
    const at = h.now() - 315_619_200_001;
    expect(await allPaths(at, undefined)).toEqual({ form: false, log: false, import: false, capture: false });
  });

  it('[86400000]: a day ahead was refused by the popup but added by the import and capture', async () => {
    expect(await allPaths(h.now() + 86_400_000, undefined)).toEqual({ form: false, log: false, import: false, capture: false });
  });

  it('a meeting booked ahead is scheduled: recorded up to two years ahead, not three', async () => {
    const meeting = (at: number) => record(aGmailCapture({ kind: 'meeting', occurredAt: at }));
    expect((await h.service.applyEvents([meeting(h.now() + 365 * DAY)])).recorded).toBe(1);
    expect((await h.service.applyEvents([meeting(h.now() + 3 * 365 * DAY)])).recorded).toBe(0);
  });
});
