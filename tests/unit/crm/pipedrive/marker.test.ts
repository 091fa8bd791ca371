import { describe, expect, it } from 'vitest';
import { dueAt, hhmm, markerText, noteHtml, pipedriveTime, readMarker } from '../../../../lib/crm/pipedrive/marker';

describe('Pipedrive marker (our activity id in the note text)', () => {
  it('round-trips any activity id, kind, channel, outcome and amount', () => {
    const marker = {
      activityId: 'imp:2026/11 [x] ünï',
      kind: 'deal',
      channel: 'manual',
      occurredAt: Date.parse('2026-11-02T09:30:00Z'),
      outcome: 'voicemail',
      amount: 99.5,
      currency: 'USD',
    } as const;
    const text = markerText(marker);
    expect(text).toBe(
      '[qr id=imp%3A2026%2F11%20%5Bx%5D%20%C3%BCn%C3%AF kind=deal channel=manual at=2026-11-02T09:30:00Z outcome=voicemail amount=99.5 currency=USD]',
    );
    expect(readMarker(`<p>Deal won</p><p>${text}</p>`)).toEqual(marker);
    expect(readMarker(noteHtml('Call made · <Quota Radar>', { activityId: 'a-1', kind: 'call', channel: 'phone' }, 'Re: "Offer"'))).toEqual(
      {
        activityId: 'a-1',
        kind: 'call',
        channel: 'phone',
      },
    );
  });

  it('escapes our text inside the note HTML', () => {
    expect(noteHtml('a & b', { activityId: 'x', kind: 'email', channel: 'gmail' }, '<script>')).toBe(
      '<p><b>&lt;script&gt;</b><br>a &amp; b</p><p>[qr id=x kind=email channel=gmail]</p>',
    );
  });

  it('ignores notes that are not ours or whose marker is damaged', () => {
    expect(readMarker('Met at the fair')).toBeUndefined();
    expect(readMarker(null)).toBeUndefined();
    expect(readMarker('[qr id=x kind=lunch channel=gmail]')).toBeUndefined();
    expect(readMarker('[qr kind=call channel=gmail]')).toBeUndefined();
    expect(readMarker('[qr id=%E0%A4%A kind=call channel=gmail]')).toBeUndefined();
    // A non-breaking space written by an editor still reads.
    expect(readMarker('[qr&nbsp;id=x kind=call channel=gmail]')).toMatchObject({ activityId: 'x' });
    // A date that is not ours is left out, the rest still reads.
    expect(readMarker('[qr id=x kind=call channel=gmail at=yesterday]')).toEqual({ activityId: 'x', kind: 'call', channel: 'gmail' });
  });

  it('reads and writes Pipedrive’s times in UTC', () => {
    expect(dueAt('2026-11-02', '09:30')).toBe(Date.parse('2026-11-02T09:30:00Z'));
    expect(dueAt('2026-11-02', '09:30:15')).toBe(Date.parse('2026-11-02T09:30:15Z'));
    expect(dueAt('2026-11-02', null)).toBe(Date.parse('2026-11-02T00:00:00Z'));
    expect(dueAt(null, '09:30')).toBeUndefined();
    expect(pipedriveTime('2026-11-02 12:01:00')).toBe(Date.parse('2026-11-02T12:01:00Z'));
    expect(pipedriveTime('2026-11-02T12:01:00Z')).toBe(Date.parse('2026-11-02T12:01:00Z'));
    expect(pipedriveTime('yesterday')).toBeUndefined();
    expect([hhmm(1), hhmm(170), hhmm(5400), hhmm(86_400)]).toEqual(['00:01', '00:03', '01:30', '23:59']);
  });
});
