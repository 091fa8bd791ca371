import { describe, expect, it } from 'vitest';
import { hasMarkerOf, isRetractedText, markerLine, RETRACTED_SUFFIX, readMarker } from '../../../lib/crm/marker';

describe('record marker (the key in a record’s text, shared by the Bitrix24 and amoCRM clients)', () => {
  it('round-trips id, kind, channel, outcome, amount and currency', () => {
    const line = markerLine({ activityId: 'gmail:thread 1/[x]', kind: 'deal', channel: 'manual', amount: 1500.5, currency: 'EUR' });
    expect(line).toBe('[quota-radar:v1 id=gmail%3Athread%201%2F%5Bx%5D kind=deal channel=manual amount=1500.5 currency=EUR]');
    expect(readMarker(`Deal won\n${line}`)).toEqual({
      activityId: 'gmail:thread 1/[x]',
      kind: 'deal',
      channel: 'manual',
      amount: 1500.5,
      currency: 'EUR',
    });
    expect(readMarker(markerLine({ activityId: 'a', kind: 'call', channel: 'phone', outcome: 'busy' }))).toEqual({
      activityId: 'a',
      kind: 'call',
      channel: 'phone',
      outcome: 'busy',
    });
  });

  it('matches one activity exactly, not an id that starts the same', () => {
    const text = `x\n${markerLine({ activityId: 'act-10', kind: 'email', channel: 'gmail' })}`;
    expect(hasMarkerOf(text, 'act-10')).toBe(true);
    expect(hasMarkerOf(text, 'act-1')).toBe(false);
  });

  it('ignores text without a marker, an unknown kind, a broken id', () => {
    expect(readMarker('someone’s own note')).toBeUndefined();
    expect(readMarker(null)).toBeUndefined();
    expect(readMarker('[quota-radar:v1 id=a kind=fax channel=manual]')).toBeUndefined();
    expect(readMarker('[quota-radar:v1 id=%E0%A4%A kind=call channel=manual]')).toBeUndefined();
  });

  it('recognises a retracted record', () => {
    expect(isRetractedText(`Email sent\n${RETRACTED_SUFFIX}`)).toBe(true);
    expect(isRetractedText('Email sent')).toBe(false);
  });
});
