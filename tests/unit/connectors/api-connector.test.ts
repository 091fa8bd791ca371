import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callsToCaptures, type PhoneCall } from '../../../lib/api-connector/calls';
import { base64Utf8, hmacSha1Hex, md5Hex, sha256Hex } from '../../../lib/api-connector/crypto';
import { fetchAnswer, httpFailure, retryAfterMs } from '../../../lib/api-connector/http';
import { meetingKey, meetingsToEvents } from '../../../lib/api-connector/meetings';
import { epochToZoned, zonedToEpoch } from '../../../lib/api-connector/zone';
import { Capture, DetectorEvent } from '../../../lib/capture/types';
import { jsonAnswer } from '../../fixtures/connectors/answer';

describe('crypto (Web Crypto, and MD5 written out)', () => {
  it("MD5 matches RFC 1321's test suite and Node for long and non-ASCII input", () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
    for (const text of ['x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'Звонок клиенту'.repeat(20)]) {
      expect(md5Hex(text)).toBe(createHash('md5').update(text).digest('hex'));
    }
  });

  it('SHA-256 and HMAC-SHA1 agree with Node', async () => {
    expect(await sha256Hex('key{"a":1}salt')).toBe(createHash('sha256').update('key{"a":1}salt').digest('hex'));
    expect(await hmacSha1Hex('secret', '/v1/statistics/a=1')).toBe(createHmac('sha1', 'secret').update('/v1/statistics/a=1').digest('hex'));
  });

  it('base64 of UTF-8, where btoa alone fails', () => {
    expect(base64Utf8('id:token')).toBe('aWQ6dG9rZW4=');
    expect(base64Utf8('ключ:é')).toBe(Buffer.from('ключ:é').toString('base64'));
  });
});

describe('http failures', () => {
  const now = Date.parse('2026-01-14T17:00:00Z');

  it('401 is a wrong key unless the vendor says it expired; 403 is a wrong key too', () => {
    expect(httpFailure(jsonAnswer({ message: 'The access token is invalid' }, 401))).toMatchObject({
      kind: 'wrong_key',
      status: 401,
      message: 'The access token is invalid',
    });
    expect(httpFailure(jsonAnswer({ message: 'The access token expired' }, 401))).toMatchObject({ kind: 'expired_key' });
    expect(httpFailure(jsonAnswer({ errors: [{ message: 'Permission denied' }] }, 403))).toMatchObject({
      kind: 'wrong_key',
      message: 'Permission denied',
    });
  });

  it('429 waits as long as Retry-After says (seconds or a date), a minute otherwise', () => {
    expect(httpFailure(jsonAnswer({}, 429, { 'retry-after': '30' }), now)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(retryAfterMs({ 'retry-after': 'Wed, 14 Jan 2026 17:02:00 GMT' }, now)).toBe(120_000);
    expect(httpFailure(jsonAnswer({}, 429), now).retryAfterMs).toBe(60_000);
  });

  it("5xx is the vendor's failure, other 4xx a refusal; a non-JSON body still gives a message", () => {
    expect(httpFailure({ status: 502, headers: {}, body: '<html>Bad gateway</html>' })).toMatchObject({
      kind: 'server_error',
      message: '<html>Bad gateway</html>',
    });
    expect(httpFailure(jsonAnswer({ error: 'bad from' }, 422))).toMatchObject({ kind: 'rejected', message: 'bad from' });
  });

  it('fetchAnswer reads status, lower-cased headers and body; no answer at all is a network error', async () => {
    const answer = await fetchAnswer({ url: 'https://api.example/x', method: 'GET', headers: { a: 'b' } }, async (url, init) => {
      expect(url).toBe('https://api.example/x');
      expect(init).toMatchObject({ method: 'GET', headers: { a: 'b' }, credentials: 'omit' });
      return new Response('{"ok":1}', { status: 200, headers: { 'X-Thing': '1' } });
    });
    expect(answer).toEqual({ status: 200, headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-thing': '1' }, body: '{"ok":1}' });
    const offline = await fetchAnswer({ url: 'https://api.example/x', method: 'GET', headers: {} }, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(offline).toEqual({ error: { kind: 'network', message: 'Failed to fetch' } });
  });
});

describe('zone', () => {
  it('reads "Y-m-d H:i:s" in a fixed offset or an IANA zone, and writes it back', () => {
    const at = Date.parse('2026-01-14T17:05:00Z');
    expect(zonedToEpoch('2026-01-14 20:05:00', 'UTC+3')).toBe(at);
    expect(zonedToEpoch('2026-01-14 20:05:00', 'Europe/Moscow')).toBe(at);
    expect(zonedToEpoch('2026-01-14 12:05:00', 'America/New_York')).toBe(at);
    expect(zonedToEpoch('2026-01-14 22:35:00', 'UTC+5:30')).toBe(at);
    expect(zonedToEpoch('2026-01-14 17:05:00', 'UTC+0')).toBe(at);
    expect(zonedToEpoch('2026-07-14 13:05:00', 'America/New_York')).toBe(Date.parse('2026-07-14T17:05:00Z'));
    expect(epochToZoned(at, 'UTC+3')).toBe('2026-01-14 20:05:00');
    expect(epochToZoned(at, 'America/New_York')).toBe('2026-01-14 12:05:00');
    expect(zonedToEpoch('14.01.2026 20:05', 'UTC+3')).toBeUndefined();
    expect(zonedToEpoch('2026-01-14 20:05:00', 'Mars/Olympus')).toBeUndefined();
  });
});

describe('callsToCaptures', () => {
  const call = (overrides: Partial<PhoneCall>): PhoneCall => ({
    id: '1',
    direction: 'outbound',
    startedAt: 1_768_410_000_000,
    durationSec: 40,
    outcome: 'connected',
    otherNumber: '+14155550123',
    line: '101',
    ...overrides,
  });

  it("keeps outbound calls of the rep's lines, keyed by the vendor's id", () => {
    const captures = callsToCaptures(
      'mango',
      'mango-stats',
      [call({}), call({ id: '2', direction: 'inbound' }), call({ id: '3', line: '102' }), call({ id: '4', line: undefined })],
      {
        account: 'rep@seller.example',
        lines: ['101'],
      },
    );
    expect(captures.map((c) => c.dedupeKey)).toEqual(['mango:1']);
    expect(Capture.parse(captures[0])).toEqual(captures[0]);
    expect(captures[0]).toMatchObject({
      kind: 'call',
      channel: 'mango',
      subtype: 'outbound',
      outcome: 'connected',
      durationSec: 40,
      recipients: [{ phone: '+14155550123', role: 'to' }],
    });
  });

  it('with no lines given, every outbound call counts; a call without a number has no recipient', () => {
    const captures = callsToCaptures('ringcentral', 'rc', [call({ otherNumber: undefined, durationSec: 100_000 })], {
      account: 'me',
      lines: [],
    });
    expect(captures[0]).toMatchObject({ recipients: [], durationSec: 86_400 });
  });
});

describe('meetingKey', () => {
  const start = Date.parse('2026-01-20T15:00:00Z');

  it('is the same for the same meeting seen by two sources: minute, outside attendees in any order and case', () => {
    const fromCalendly = meetingKey(
      start + 12_345,
      [{ address: 'buyer@buyer.example' }, { address: 'cfo@buyer.example' }, { address: 'rep@seller.example' }],
      {
        ownAddresses: ['rep@seller.example'],
      },
    );
    const fromOutlook = meetingKey(
      start,
      [{ address: 'CFO@buyer.example' }, { address: 'ally@seller.example' }, { address: 'buyer@buyer.example' }],
      {
        internalDomains: ['seller.example'],
      },
    );
    expect(fromCalendly).toBeDefined();
    expect(fromOutlook).toBe(fromCalendly);
  });

  it('differs for another minute or other attendees, and is undefined without anyone outside', () => {
    const key = meetingKey(start, [{ address: 'buyer@buyer.example' }]);
    expect(meetingKey(start + 60_000, [{ address: 'buyer@buyer.example' }])).not.toBe(key);
    expect(meetingKey(start, [{ address: 'other@buyer.example' }])).not.toBe(key);
    expect(meetingKey(start, [{ address: 'ally@seller.example' }], { internalDomains: ['seller.example'] })).toBeUndefined();
    expect(meetingKey(start, [])).toBeUndefined();
  });

  it('meetingsToEvents records booked meetings with the key and retracts cancelled ones', () => {
    const events = meetingsToEvents(
      'calcom',
      'calcom-bookings',
      [
        {
          id: 'a',
          startsAt: start,
          bookedAt: start - 86_400_000,
          state: 'booked',
          attendees: [{ address: 'buyer@buyer.example' }, { address: 'rep@seller.example' }],
          title: 'Demo',
        },
        { id: 'b', startsAt: start, state: 'cancelled', attendees: [] },
      ],
      { account: 'rep@seller.example' },
    );
    for (const event of events) DetectorEvent.parse(event);
    expect(events[0]).toMatchObject({
      type: 'record',
      capture: {
        kind: 'meeting',
        channel: 'calcom',
        occurredAt: start,
        bookedAt: start - 86_400_000,
        recipients: [{ address: 'buyer@buyer.example' }],
        dedupeKey: 'calcom:a',
        subject: 'Demo',
      },
    });
    const first = events[0]!;
    expect(first.type === 'record' && first.capture.detection.ids?.meeting).toBe(meetingKey(start, [{ address: 'buyer@buyer.example' }]));
    expect(events[1]).toEqual({ type: 'retract', dedupeKey: 'calcom:b' });
  });
});
