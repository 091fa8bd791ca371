import fc from 'fast-check';
import { Activity, BUILT_IN_KINDS, CallOutcome, CHANNELS, SIGNAL_KINDS } from '../../../lib/activity';

/**
 * Valid activities of every shape a quota can count: any kind, channel and status; signals,
 * units, amounts, outcomes, talk times and booking times on some. Times fall in 2015–2025 (before
 * the service harness's fixed "now", so no date limit of an entry path refuses them). Optional
 * text is absent or non-empty: a CSV cell cannot tell an empty subject from none.
 */
// Within the entry limits (lib/entry-limits.ts: at most ten years back) of the test clocks, 2026-01-14 and later.
const moment = fc.integer({ min: Date.UTC(2017, 0, 1), max: Date.UTC(2026, 0, 1) });
const text = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' });
const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);

const recipient = fc.oneof(
  fc.record(
    { address: word.map((w) => `${w}@buyer.example`), name: fc.option(text(20), { nil: undefined }) },
    { requiredKeys: ['address'] },
  ),
  fc.record(
    { profileId: word.map((w) => `urn:li:fsd_profile:${w}`), role: fc.constantFrom('to' as const, 'cc' as const) },
    { requiredKeys: ['profileId'] },
  ),
  fc.record({ phone: fc.integer({ min: 1_000_000, max: 999_999_999 }).map((n) => `+7${n}`) }),
);

const signal = fc.record(
  {
    kind: fc.constantFrom(...SIGNAL_KINDS),
    engagedAt: moment,
    topics: fc.array(text(10), { minLength: 1, maxLength: 3 }),
    person: word,
  },
  { requiredKeys: ['kind', 'engagedAt'] },
);

export const anyActivity: fc.Arbitrary<Activity> = fc
  .record(
    {
      id: word,
      kind: fc.constantFrom(...BUILT_IN_KINDS, 'custom:site-visit' as const),
      channel: fc.constantFrom(...CHANNELS),
      occurredAt: moment,
      account: fc.constantFrom('me', 'rep@seller.example', 'urn:li:fsd_profile:me'),
      recipients: fc.array(recipient, { maxLength: 3 }),
      subject: text(30),
      note: text(30),
      amount: fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100),
      currency: fc.constantFrom('USD', 'EUR', 'RUB'),
      units: fc.integer({ min: 0, max: 1_000_000_000 }),
      subtype: fc.constantFrom('reply', 'comment', 'reaction', 'user', 'won'),
      status: fc.constantFrom('counted' as const, 'pending' as const, 'retracted' as const),
      confirmAt: moment,
      detection: fc.record(
        {
          method: fc.constantFrom('manual' as const, 'page-request' as const, 'web-request' as const, 'import' as const, 'api' as const),
          source: word,
          // Keys as our detectors write them (messageId, threadId…). Zod 4 refuses a record with an own
          // "constructor" key (it reads it as a class instance): fast-check found that once; an import
          // carrying one is refused with a clear error, which is right for a file that is not ours.
          ids: fc.dictionary(
            word.filter((key) => key !== 'constructor'),
            word,
            { maxKeys: 2, noNullPrototype: true },
          ),
        },
        { requiredKeys: ['method'] },
      ),
      outcome: fc.constantFrom(...CallOutcome.options),
      durationSec: fc.integer({ min: 0, max: 86_400 }),
      bookedAt: moment,
      signals: fc.array(signal, { minLength: 1, maxLength: 3 }),
      createdAt: moment,
      updatedAt: moment,
    },
    {
      requiredKeys: ['id', 'kind', 'channel', 'occurredAt', 'account', 'recipients', 'status', 'detection', 'createdAt', 'updatedAt'],
    },
  )
  .map((draft) => Activity.parse({ ...draft, dedupeKey: `key:${draft.id}` }));

/** Activities with distinct ids (and so distinct de-duplication keys). */
export const activitySets = (maxLength: number) => fc.uniqueArray(anyActivity, { selector: (a) => a.id, maxLength });
