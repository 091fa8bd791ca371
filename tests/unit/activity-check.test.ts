import { describe, expect, it } from 'vitest';
import { Activity, isPlainActivity } from '../../lib/activity';
import { anActivity } from './../builders/activity';

/** The fast check may only say yes where the full parse says yes and changes nothing. */
function agreesWithSchema(value: unknown): void {
  if (!isPlainActivity(value)) return;
  const parsed = Activity.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(parsed.data).toStrictEqual(value);
}

const full = (): Activity =>
  anActivity({
    kind: 'deal',
    channel: 'manual',
    recipients: [{ address: 'buyer@acme.example', name: 'Ann', role: 'cc' }, { profileId: 'urn:li:1' }],
    subject: 's',
    note: 'n',
    amount: 1200.5,
    currency: 'USD',
    subtype: 'won',
    status: 'pending',
    confirmAt: 5,
    detection: { method: 'manual', source: 'x', ids: { thread: 't1' } },
  });

describe('isPlainActivity', () => {
  it('accepts valid activities exactly as the schema returns them', () => {
    for (const value of [anActivity(), full()]) {
      expect(isPlainActivity(value)).toBe(true);
      agreesWithSchema(value);
    }
  });

  const broken: [string, (a: Record<string, unknown>) => void][] = [
    ['unknown kind', (a) => (a.kind = 'fax')],
    ['unknown channel', (a) => (a.channel = 'fax')],
    ['empty id', (a) => (a.id = '')],
    ['fractional time', (a) => (a.occurredAt = 1.5)],
    ['negative time', (a) => (a.occurredAt = -1)],
    ['time as a string', (a) => (a.occurredAt = '2026-01-01')],
    ['NaN amount', (a) => (a.amount = Number.NaN)],
    ['negative amount', (a) => (a.amount = -1)],
    ['lower-case currency', (a) => (a.currency = 'usd')],
    ['long subject', (a) => (a.subject = 'x'.repeat(1001))],
    ['unknown status', (a) => (a.status = 'maybe')],
    ['missing detection', (a) => delete a.detection],
    ['bad detection method', (a) => (a.detection = { method: 'magic' })],
    ['non-string detection id', (a) => (a.detection = { method: 'manual', ids: { x: 1 } })],
    ['recipients not an array', (a) => (a.recipients = {})],
    ['recipient with neither address nor profile', (a) => (a.recipients = [{ name: 'x' }])],
    ['invalid address', (a) => (a.recipients = [{ address: 'not-an-email' }])],
    // Valid after the schema normalises it, but not as stored: the full parse must handle it.
    ['address needing normalising', (a) => (a.recipients = [{ address: ' Buyer@Acme.example ' }])],
    ['extra key the schema strips', (a) => (a.body = 'secret')],
    ['extra recipient key', (a) => (a.recipients = [{ address: 'a@b.example', extra: 1 }])],
    ['null', () => undefined],
  ];
  for (const [what, breakIt] of broken) {
    it(`rejects ${what}`, () => {
      const value: Record<string, unknown> | null = what === 'null' ? null : { ...full() };
      if (value) breakIt(value);
      expect(isPlainActivity(value)).toBe(false);
      agreesWithSchema(value);
    });
  }

  it('a normalisable record still parses through the full schema', () => {
    const value = { ...anActivity(), recipients: [{ address: ' Buyer@Acme.example ' }] };
    expect(isPlainActivity(value)).toBe(false);
    expect(Activity.parse(value).recipients).toEqual([{ address: 'buyer@acme.example' }]);
  });
});
