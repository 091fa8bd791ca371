import { describe, expect, it } from 'vitest';
import { Activity, isPlainActivity, Recipient, recipientKey } from '../../../lib/activity';
import { Capture } from '../../../lib/capture/types';
import { defaultSettings, Settings } from '../../../lib/settings';
import { anActivity } from '../../builders/activity';

/** The fast check may only say yes where the full parse says yes and changes nothing. */
function agreesWithSchema(value: unknown): void {
  if (!isPlainActivity(value)) return;
  const parsed = Activity.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(parsed.data).toStrictEqual(value);
}

const polledCall = (): Activity =>
  anActivity({
    kind: 'call',
    channel: 'ringcentral',
    recipients: [{ phone: '+14155550123', role: 'to' }],
    subtype: 'outbound',
    outcome: 'voicemail',
    durationSec: 0,
    detection: { method: 'api', source: 'ringcentral-call-log', ids: { call: 'Y3s3' } },
  });

const bookedMeeting = (): Activity =>
  anActivity({
    kind: 'meeting',
    channel: 'calendly',
    bookedAt: 5,
    recipients: [{ address: 'buyer@buyer.example' }],
    detection: { method: 'api' },
  });

describe('calls and meetings in the activity model', () => {
  it('accepts phone recipients, outcomes, durations, booking times and API detection, fast and full', () => {
    for (const value of [polledCall(), bookedMeeting(), { ...polledCall(), durationSec: 86_400, outcome: 'connected' as const }]) {
      expect(isPlainActivity(value)).toBe(true);
      agreesWithSchema(value);
    }
  });

  const broken: [string, (a: Record<string, unknown>) => void][] = [
    ['unknown outcome', (a) => (a.outcome = 'maybe')],
    ['negative duration', (a) => (a.durationSec = -1)],
    ['fractional duration', (a) => (a.durationSec = 1.5)],
    ['duration over a day', (a) => (a.durationSec = 86_401)],
    ['booking time as a string', (a) => (a.bookedAt = '2026-01-14')],
    ['phone not in E.164', (a) => (a.recipients = [{ phone: '4155550123' }])],
    ['phone with separators', (a) => (a.recipients = [{ phone: '+1 415 555 0123' }])],
    ['phone as a number', (a) => (a.recipients = [{ phone: 14155550123 }])],
    ['unknown detection method', (a) => (a.detection = { method: 'poll' })],
  ];
  for (const [what, breakIt] of broken) {
    it(`rejects ${what}`, () => {
      const value: Record<string, unknown> = { ...polledCall() };
      breakIt(value);
      expect(isPlainActivity(value)).toBe(false);
      expect(Activity.safeParse(value).success).toBe(false);
    });
  }

  it('a recipient may be a phone number alone; it still needs one of address, profile or phone', () => {
    expect(Recipient.safeParse({ phone: '+442079460958' }).success).toBe(true);
    expect(Recipient.safeParse({ name: 'Someone', role: 'to' }).success).toBe(false);
    expect(recipientKey({ phone: '+442079460958' })).toBe('phone:+442079460958');
    expect(recipientKey({ address: 'a@b.example', phone: '+442079460958' })).toBe('a@b.example');
    expect(recipientKey({ profileId: 'ACoA' })).toBe('profile:ACoA');
  });

  it('a capture carries outcome, duration and booking time through to the background', () => {
    const capture = {
      kind: 'call',
      channel: 'zadarma',
      occurredAt: 1,
      account: 'rep@seller.example',
      recipients: [{ phone: '+74951234567' }],
      dedupeKey: 'zadarma:1',
      detection: { method: 'api' },
      outcome: 'connected',
      durationSec: 95,
      bookedAt: 0,
    };
    expect(Capture.parse(capture)).toEqual(capture);
    expect(Capture.safeParse({ ...capture, outcome: 'hung_up' }).success).toBe(false);
  });

  it('settings saved before the new channels still parse; a channel missing from them counts as on', () => {
    const saved = {
      ...defaultSettings('UTC'),
      channels: { gmail: true, outlook: true, yahoo: true, linkedin: true, sales_navigator: true, manual: false },
    };
    const parsed = Settings.parse(saved);
    expect(parsed.channels.aircall).toBeUndefined();
    expect(parsed.channels.manual).toBe(false);
  });
});
