import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PageResult } from '../../../lib/api-connector/http';
import * as aircall from '../../../lib/capture/aircall/client';
import * as mango from '../../../lib/capture/mango/client';
import * as ringcentral from '../../../lib/capture/ringcentral/client';
import { Capture } from '../../../lib/capture/types';
import * as zadarma from '../../../lib/capture/zadarma/client';
import * as aircallFx from '../../fixtures/connectors/aircall/calls';
import { jsonAnswer, textAnswer } from '../../fixtures/connectors/answer';
import * as mangoFx from '../../fixtures/connectors/mango/stats';
import * as rcFx from '../../fixtures/connectors/ringcentral/call-log';
import * as zadarmaFx from '../../fixtures/connectors/zadarma/statistics';

function ok<T, C>(result: PageResult<T, C>): { items: T[]; next?: C; retryAfterMs?: number } {
  if (!result.ok) throw new Error(`expected a page, got ${JSON.stringify(result.error)}`);
  return result;
}

const validCaptures = (captures: Capture[]) => {
  for (const capture of captures) expect(Capture.parse(capture)).toEqual(capture);
  return captures;
};

describe('Aircall', () => {
  const credentials = aircall.AircallCredentials.parse({ apiId: 'api_id_123', apiToken: 'api_token_456' });
  const since = Date.parse('2026-01-14T16:43:20Z');

  const now = (aircallFx.T0 + 3600) * 1000;

  it('asks for the calls created in [since, now] in unix seconds, 50 a page, with Basic auth, and no `order`', () => {
    const request = aircall.buildRequest(credentials, since, { page: 2 }, now);
    expect(request).toEqual({
      url: `https://api.aircall.io/v1/calls?from=1768409000&to=${aircallFx.T0 + 3600}&per_page=50&page=2`,
      method: 'GET',
      headers: { authorization: `Basic ${Buffer.from('api_id_123:api_token_456').toString('base64')}`, accept: 'application/json' },
    });
  });

  it('reads two pages: finished outbound and inbound calls, E.164 numbers, talk time, the next page', () => {
    const first = ok(aircall.parseResponse(jsonAnswer(aircallFx.page1), { page: 1 }, now, since));
    expect(first.next).toEqual({ page: 2, from: 1_768_409_000_000, to: now });
    expect(first.items.map((c) => c.id)).toEqual(['812', '813', '814', '815']);
    expect(first.items[0]).toEqual({
      id: '812',
      direction: 'outbound',
      startedAt: aircallFx.T0 * 1000,
      durationSec: 40,
      outcome: 'connected',
      otherNumber: '+33612345678',
      line: 'rep@seller.example',
      userId: '456',
    });
    expect(first.items[1]).toMatchObject({ outcome: 'no_answer', durationSec: 0, otherNumber: '+14155550123' });
    const second = ok(aircall.parseResponse(jsonAnswer(aircallFx.page2), first.next, now, since));
    expect(second.next).toBeUndefined();
    expect(second.items[0]).toMatchObject({ id: '817', otherNumber: '+74952129298', durationSec: 60 });
  });

  it("keeps the rep's own outbound calls, matched by email or by user id", () => {
    const calls = [
      ...ok(aircall.parseResponse(jsonAnswer(aircallFx.page1), { page: 1 }, now, since)).items,
      ...ok(aircall.parseResponse(jsonAnswer(aircallFx.page2), { page: 2 }, now, since)).items,
    ];
    const byEmail = validCaptures(aircall.toCaptures(calls, { account: 'rep@seller.example', lines: ['Rep@Seller.example'] }));
    expect(byEmail.map((c) => c.dedupeKey)).toEqual(['aircall:812', 'aircall:813', 'aircall:817']);
    expect(byEmail[0]).toMatchObject({
      channel: 'aircall',
      outcome: 'connected',
      durationSec: 40,
      detection: { method: 'api', source: 'aircall-calls' },
    });
    const byId = aircall.toCaptures(calls, { account: 'rep@seller.example', lines: ['456'] });
    expect(byId.map((c) => c.dedupeKey)).toEqual(['aircall:812', 'aircall:813', 'aircall:817']);
    expect(aircall.toCaptures(calls, { account: 'x', lines: ['999'] })).toEqual([]);
  });

  it("a window holding more than Aircall's 10,000 records is halved, then the rest is read", () => {
    const crowded = { ...aircallFx.page1, meta: { ...aircallFx.page1.meta, total: 10_001 } };
    const halved = ok(aircall.parseResponse(jsonAnswer(crowded), { page: 1 }, now, since));
    expect(halved).toEqual({ ok: true, items: [], next: { page: 1, from: 1_768_409_000_000, to: (1_768_409_000 + 2300) * 1000 } });
    const url = aircall.buildRequest(credentials, since, halved.next, now).url;
    expect(url).toContain(`from=1768409000&to=${1_768_409_000 + 2300}&`);
    // The first half read to its end: the next window starts at that half's last second and runs to now.
    expect(ok(aircall.parseResponse(jsonAnswer(aircallFx.page2), halved.next, now, since)).next).toEqual({
      page: 1,
      from: (1_768_409_000 + 2300) * 1000,
    });
  });

  it("errors: wrong key, rate limit with Aircall's reset time, a page that is not one", () => {
    const now = aircallFx.T0 * 1000;
    expect(aircall.parseResponse(jsonAnswer(aircallFx.unauthorized, 401))).toEqual({
      ok: false,
      error: { kind: 'wrong_key', status: 401, message: 'Check your API key' },
    });
    const limited = aircall.parseResponse(
      jsonAnswer(aircallFx.rateLimited, 429, { 'x-aircallapi-reset': String(aircallFx.T0 + 42) }),
      { page: 1 },
      now,
    );
    expect(limited).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 42_000 } });
    expect(aircall.parseResponse(jsonAnswer({ data: [] }))).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
    expect(aircall.parseResponse(textAnswer('<html>maintenance</html>'))).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
    const broken = { ...aircallFx.page2, calls: [{ ...aircallFx.page2.calls[0], started_at: '2026-01-14' }] };
    expect(aircall.parseResponse(jsonAnswer(broken))).toMatchObject({
      ok: false,
      error: { kind: 'bad_payload', message: expect.stringContaining('started_at') },
    });
  });

  it('credentials are checked before use', () => {
    expect(aircall.AircallCredentials.safeParse({ apiId: 'id with space', apiToken: 't' }).success).toBe(false);
    expect(aircall.AircallCredentials.safeParse({ apiId: '', apiToken: 't' }).success).toBe(false);
  });
});

describe('RingCentral', () => {
  const credentials = { accessToken: 'U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw' };

  it("asks for the signed-in extension's outbound voice calls since an ISO time, 100 a page, with a Bearer token", () => {
    const request = ringcentral.buildRequest(credentials, Date.parse('2026-01-14T00:00:00Z'), { page: 3 });
    expect(request.method).toBe('GET');
    expect(request.headers.authorization).toBe(`Bearer ${credentials.accessToken}`);
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/call-log');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      dateFrom: '2026-01-14T00:00:00.000Z',
      direction: 'Outbound',
      type: 'Voice',
      view: 'Simple',
      perPage: '100',
      page: '3',
    });
  });

  it('reads two pages: ISO times with Z, results as outcomes, internal extension calls left out', () => {
    const first = ok(ringcentral.parseResponse(jsonAnswer(rcFx.page1)));
    expect(first.next).toEqual({ page: 2 });
    expect(first.items).toEqual([
      {
        id: 'Y3s3EWRgS1r5VjE',
        direction: 'outbound',
        startedAt: Date.parse('2026-01-14T17:05:12.345Z'),
        durationSec: 125,
        outcome: 'connected',
        otherNumber: '+14155550123',
        vendorResult: 'Call connected',
      },
      {
        id: 'Y3s3EWRgS1r5VjF',
        direction: 'outbound',
        startedAt: Date.parse('2026-01-14T17:15:00Z'),
        durationSec: 0,
        outcome: 'no_answer',
        otherNumber: '+14155550124',
        vendorResult: 'No Answer',
      },
    ]);
    const second = ok(ringcentral.parseResponse(jsonAnswer(rcFx.page2)));
    expect(second.next).toBeUndefined();
    expect(second.items.map((c) => [c.id, c.outcome])).toEqual([
      ['Y3s3EWRgS1r5VjG', 'voicemail'],
      ['Y3s3EWRgS1r5VjH', 'busy'],
    ]);
    const captures = validCaptures(ringcentral.toCaptures([...first.items, ...second.items], { account: 'rep@seller.example' }));
    expect(captures.map((c) => c.dedupeKey)).toEqual([
      'ringcentral:Y3s3EWRgS1r5VjE',
      'ringcentral:Y3s3EWRgS1r5VjF',
      'ringcentral:Y3s3EWRgS1r5VjG',
      'ringcentral:Y3s3EWRgS1r5VjH',
    ]);
  });

  it('maps every documented result to an outcome', () => {
    expect(ringcentral.outcomeOf('Accepted')).toBe('connected');
    expect(ringcentral.outcomeOf('Wrong Number')).toBe('wrong_number');
    expect(ringcentral.outcomeOf('Missed')).toBe('no_answer');
    expect(ringcentral.outcomeOf('Call Failed')).toBe('failed');
    expect(ringcentral.outcomeOf(undefined)).toBe('failed');
  });

  it('errors: expired token, invalid token, rate limit with Retry-After, bad payload', () => {
    expect(ringcentral.parseResponse(jsonAnswer(rcFx.tokenExpired, 401))).toMatchObject({
      ok: false,
      error: { kind: 'expired_key', message: 'Access token expired' },
    });
    expect(ringcentral.parseResponse(jsonAnswer(rcFx.tokenInvalid, 401))).toMatchObject({ ok: false, error: { kind: 'wrong_key' } });
    expect(ringcentral.parseResponse(jsonAnswer(rcFx.rateExceeded, 429, { 'retry-after': '60' }))).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 60_000 },
    });
    const localTime = { ...rcFx.page2, records: [{ ...rcFx.page2.records[0], startTime: '2026-01-14 18:00:00' }] };
    expect(ringcentral.parseResponse(jsonAnswer(localTime))).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
  });

  it('exchanges a JWT credential for an access token', () => {
    const request = ringcentral.buildTokenRequest({ clientId: 'cid', clientSecret: 'csecret', jwt: 'eyJhbGciOi.jwt' });
    expect(request).toEqual({
      url: 'https://platform.ringcentral.com/restapi/oauth/token',
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('cid:csecret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOi.jwt',
    });
    const now = Date.parse('2026-01-14T17:00:00Z');
    expect(ringcentral.parseTokenResponse(jsonAnswer(rcFx.token), now)).toEqual({
      ok: true,
      credentials: { accessToken: rcFx.token.access_token },
      expiresAt: now + 3_600_000,
    });
    expect(ringcentral.parseTokenResponse(jsonAnswer(rcFx.invalidGrant, 400))).toMatchObject({
      ok: false,
      error: { kind: 'wrong_key', status: 400 },
    });
  });
});

describe('Zadarma', () => {
  const credentials = zadarma.ZadarmaCredentials.parse({ key: 'a1b2c3', secret: 's3cr3t', timeZone: zadarmaFx.timezone.timezone });
  const since = Date.parse('2026-01-13T21:00:00Z'); // 2026-01-14 00:00:00 at UTC+3
  const now = Date.parse('2026-01-14T21:00:00Z'); // 2026-01-15 00:00:00 at UTC+3

  it('signs as the official client does: sorted RFC 1738 query, md5, HMAC-SHA1 hex, base64', async () => {
    const request = await zadarma.buildRequest(credentials, since, undefined, now);
    const query = 'end=2026-01-15+00%3A00%3A00&format=json&limit=1000&skip=0&start=2026-01-14+00%3A00%3A00';
    expect(request.url).toBe(`https://api.zadarma.com/v1/statistics/?${query}`);
    const md5 = createHash('md5').update(query).digest('hex');
    const hmacHex = createHmac('sha1', 's3cr3t').update(`/v1/statistics/${query}${md5}`).digest('hex');
    expect(request.headers.authorization).toBe(`a1b2c3:${Buffer.from(hmacHex).toString('base64')}`);
  });

  it('asks for at most 30 days at a time', async () => {
    const request = await zadarma.buildRequest(credentials, Date.parse('2025-11-01T00:00:00Z'), undefined, now);
    expect(new URL(request.url).searchParams.get('end')).toBe('2025-12-01 03:00:00');
  });

  it('reads "Y-m-d H:i:s" in the account\'s zone, dispositions as outcomes, numbers without "+"', () => {
    const page = ok(zadarma.parseResponse(jsonAnswer(zadarmaFx.lastPage), credentials, since, undefined, now));
    expect(page.next).toBeUndefined();
    expect(page.items[0]).toEqual({
      id: '155112249',
      direction: 'outbound',
      startedAt: Date.parse('2026-01-14T17:05:00Z'),
      durationSec: 95,
      outcome: 'connected',
      otherNumber: '+74951234567',
      line: '00001',
      vendorResult: 'answered',
    });
    expect(page.items.map((c) => c.outcome)).toEqual(['connected', 'no_answer', 'busy', 'wrong_number', 'failed', 'connected']);
    expect(page.items[1]!.otherNumber).toBe('+442079460958');
    const captures = validCaptures(zadarma.toCaptures(page.items, { account: 'rep@seller.example', lines: ['00001'] }));
    expect(captures.map((c) => c.dedupeKey)).toEqual([
      'zadarma:155112249',
      'zadarma:155112250',
      'zadarma:155112251',
      'zadarma:155112252',
      'zadarma:155112253',
    ]);
  });

  it('pages by skip on a full page, then moves the window on until now', () => {
    const full = {
      ...zadarmaFx.lastPage,
      stats: Array.from({ length: zadarma.ZADARMA_PAGE_SIZE }, (_, i) => zadarmaFx.row({ id: String(1000 + i) })),
    };
    const first = ok(zadarma.parseResponse(jsonAnswer(full), credentials, since, undefined, now));
    expect(first.items).toHaveLength(1000);
    expect(first.next).toEqual({ start: since, skip: 1000 });
    const second = ok(zadarma.parseResponse(jsonAnswer(zadarmaFx.lastPage), credentials, since, first.next, now));
    expect(second.next).toBeUndefined();
    const old = Date.parse('2025-11-01T00:00:00Z');
    const windowed = ok(zadarma.parseResponse(jsonAnswer(zadarmaFx.lastPage), credentials, old, undefined, now));
    expect(windowed.next).toEqual({ start: old + 30 * 86_400_000, skip: 0 });
  });

  it('errors: not authorized (also as a 200 with status error), rate limit, bad payload', () => {
    expect(zadarma.parseResponse(jsonAnswer(zadarmaFx.notAuthorized, 401), credentials, since, undefined, now)).toMatchObject({
      ok: false,
      error: { kind: 'wrong_key', message: 'Not authorized' },
    });
    expect(zadarma.parseResponse(jsonAnswer(zadarmaFx.notAuthorized, 200), credentials, since, undefined, now)).toMatchObject({
      ok: false,
      error: { kind: 'wrong_key' },
    });
    expect(zadarma.parseResponse(jsonAnswer(zadarmaFx.tooManyRequests, 429), credentials, since, undefined, now)).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 60_000 },
    });
    const bad = { ...zadarmaFx.lastPage, stats: [zadarmaFx.row({ callstart: '14/01/2026 20:05' })] };
    expect(zadarma.parseResponse(jsonAnswer(bad), credentials, since, undefined, now)).toMatchObject({
      ok: false,
      error: { kind: 'bad_payload' },
    });
  });

  it('refuses a zone it cannot read', () => {
    expect(zadarma.ZadarmaCredentials.safeParse({ key: 'k', secret: 's', timeZone: 'Moscow time' }).success).toBe(false);
  });
});

describe('Mango Office', () => {
  const credentials = mango.MangoCredentials.parse({ apiKey: 'vpbx-key', apiSalt: 'vpbx-salt', extension: '101' });
  const since = Date.parse('2026-01-14T00:00:00Z');
  const now = Date.parse('2026-01-14T18:00:00Z');

  it('step 1 posts a signed stats/request: sign = sha256(key + json + salt)', async () => {
    const request = await mango.buildRequest(credentials, since, undefined, now);
    expect(request).toMatchObject({ url: 'https://app.mango-office.ru/vpbx/stats/request', method: 'POST' });
    const form = new URLSearchParams(request.body);
    const json = form.get('json')!;
    expect(JSON.parse(json)).toEqual({
      date_from: '1768348800',
      date_to: '1768413600',
      fields: 'entry_id,start,finish,answer,from_extension,from_number,to_extension,to_number,disconnect_reason',
      from: { extension: '101' },
    });
    expect(form.get('vpbx_api_key')).toBe('vpbx-key');
    expect(form.get('sign')).toBe(createHash('sha256').update(`vpbx-key${json}vpbx-salt`).digest('hex'));
  });

  it('step 2 fetches the result by key, waits while it is prepared, then reads the CSV', async () => {
    const requested = ok(mango.parseResponse(jsonAnswer(mangoFx.requestAnswer)));
    expect(requested).toEqual({ items: [], next: { step: 'result', key: mangoFx.requestAnswer.key }, retryAfterMs: 5000, ok: true });
    const cursor = requested.next!;
    const request = await mango.buildRequest(credentials, since, cursor, now);
    expect(request.url).toBe('https://app.mango-office.ru/vpbx/stats/result');
    expect(JSON.parse(new URLSearchParams(request.body).get('json')!)).toEqual({ key: mangoFx.requestAnswer.key });

    expect(ok(mango.parseResponse(textAnswer('', 204), cursor))).toEqual({ ok: true, items: [], next: cursor, retryAfterMs: 5000 });

    const result = ok(mango.parseResponse(textAnswer(mangoFx.resultCsv), cursor));
    expect(result.next).toBeUndefined();
    expect(result.items).toEqual([
      {
        id: 'MToxMDA1NzU5Mzo1MDI6NjI1ODM4MzQ=',
        direction: 'outbound',
        startedAt: 1_768_410_000_000,
        durationSec: 120,
        outcome: 'connected',
        otherNumber: '+74952129298',
        line: '101',
        vendorResult: '1110',
      },
      {
        id: 'MToxMDA1NzU5Mzo1MDI6NjI1ODM4MzU=',
        direction: 'outbound',
        startedAt: 1_768_410_300_000,
        durationSec: 0,
        outcome: 'no_answer',
        otherNumber: '+79161234567',
        line: '101',
        vendorResult: '1120',
      },
      {
        id: 'MToxMDA1NzU5Mzo1MDI6NjI1ODM4Mzc=',
        direction: 'inbound',
        startedAt: 1_768_410_900_000,
        durationSec: 55,
        outcome: 'connected',
        otherNumber: '+74994725673',
        vendorResult: '1110',
      },
    ]);
    const captures = validCaptures(mango.toCaptures(result.items, { account: 'rep@seller.example', lines: ['101'] }));
    expect(captures.map((c) => c.dedupeKey)).toEqual(['mango:MToxMDA1NzU5Mzo1MDI6NjI1ODM4MzQ=', 'mango:MToxMDA1NzU5Mzo1MDI6NjI1ODM4MzU=']);
  });

  it('errors: a refusal code, a wrong key by HTTP status, a request answer without a key, a malformed line', () => {
    expect(mango.parseResponse(jsonAnswer(mangoFx.refusedResult))).toMatchObject({
      ok: false,
      error: { kind: 'rejected', message: expect.stringContaining('3102') },
    });
    expect(mango.parseResponse(jsonAnswer({ message: 'Unauthorized' }, 401))).toMatchObject({ ok: false, error: { kind: 'wrong_key' } });
    expect(mango.parseResponse(jsonAnswer({ result: 1000 }))).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
    expect(mango.parseResponse(textAnswer('a;b;c'), { step: 'result', key: 'k' })).toMatchObject({
      ok: false,
      error: { kind: 'bad_payload', message: expect.stringContaining('3 fields') },
    });
    expect(mango.parseResponse(jsonAnswer({}, 429, { 'retry-after': '10' }), { step: 'result', key: 'k' })).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 10_000 },
    });
  });
});

describe('Zadarma time zone', () => {
  it('asks /v1/info/timezone/ signed like any method and reads the zone', async () => {
    const request = await zadarma.buildTimezoneRequest({ key: 'a1b2c3', secret: 's3cr3t' });
    expect(request.url).toBe('https://api.zadarma.com/v1/info/timezone/?format=json');
    const md5 = createHash('md5').update('format=json').digest('hex');
    const hmacHex = createHmac('sha1', 's3cr3t').update(`/v1/info/timezone/format=json${md5}`).digest('hex');
    expect(request.headers.authorization).toBe(`a1b2c3:${Buffer.from(hmacHex).toString('base64')}`);
    expect(zadarma.parseTimezoneResponse(jsonAnswer(zadarmaFx.timezone))).toEqual({ ok: true, timeZone: 'UTC+3' });
    expect(zadarma.parseTimezoneResponse(jsonAnswer({ status: 'success', timezone: 'Moscow' }))).toMatchObject({
      ok: false,
      error: { kind: 'bad_payload' },
    });
    expect(zadarma.parseTimezoneResponse(jsonAnswer(zadarmaFx.notAuthorized, 401))).toMatchObject({
      ok: false,
      error: { kind: 'wrong_key' },
    });
  });
});
