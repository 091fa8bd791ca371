import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetingKey } from '../../../lib/api-connector/meetings';
import { buildFeedRequest, copyToEvents, icsSource, parseFeedAnswer } from '../../../lib/capture/ics/api';
import { addressInFeedUrl, FEED_AHEAD_MS, FEED_PAST_MS, feedAddress, readFeed } from '../../../lib/capture/ics/feed';
import { DetectorEvent } from '../../../lib/capture/types';
import { textAnswer } from '../../../tests/fixtures/connectors/answer';
import { GOOGLE_DAILY, ZIMBRA_NOW, ZIMBRA_OWNER, ZIMBRA_RECUR } from '../../fixtures/connectors/ics';

const OPTIONS = { now: ZIMBRA_NOW, ownAddresses: [ZIMBRA_OWNER], internalDomains: ['mozilla.com'] };
const OUTSIDE = ['calmozilla1@gmail.com', 'james@lightsofapollo.com', 'iam.revelation@gmail.com'];

/** The series' meetings as worked out by hand from the feed (first Tuesdays 10:00 in Los Angeles, RDATEs, less EXDATEs and overrides). */
const SERIES = [
  '2012-11-06T18:00:00.000Z', // first Tuesday of November (PST)
  '2012-11-10T18:00:00.000Z', // RDATE
  '2012-11-30T18:00:00.000Z', // RDATE
  // 2012-12-04, 2013-02-05, 2013-04-02: EXDATE
  '2013-01-01T18:00:00.000Z',
  '2013-03-05T18:00:00.000Z', // still PST (DST starts 10 March)
  '2013-05-07T17:00:00.000Z', // PDT
  '2013-06-04T17:00:00.000Z',
  '2013-07-02T17:00:00.000Z',
  '2013-08-06T17:00:00.000Z',
  '2013-09-03T17:00:00.000Z',
  '2013-10-01T17:00:00.000Z',
];

const starts = (read: { meetings: { startsAt: number }[] }) => read.meetings.map((m) => new Date(m.startsAt).toISOString());

/** Replaces one exact piece of the cited feed, failing loudly when the piece is not there. */
function edit(feed: string, from: string, to: string): string {
  expect(feed).toContain(from);
  return feed.replace(from, to);
}

describe('the pasted address', () => {
  it('is fetched over https, webcal:// included, and asks for its own origin only', () => {
    expect(feedAddress('webcal://p52-caldav.icloud.com/published/2/MTIz')).toEqual({
      url: 'https://p52-caldav.icloud.com/published/2/MTIz',
      origin: 'https://p52-caldav.icloud.com/*',
    });
    expect(feedAddress(' https://outlook.office365.com/owa/calendar/abc@contoso.com/def/calendar.ics ')?.origin).toBe(
      'https://outlook.office365.com/*',
    );
    expect(feedAddress('http://calendar.example.net/a.ics')).toBeUndefined();
    expect(feedAddress('https://user:pw@calendar.example.net/a.ics')).toBeUndefined();
    expect(feedAddress('not an address')).toBeUndefined();
    expect(icsSource.originOf?.({ url: 'webcal://calendar.yandex.ru/export/ics.xml?private_token=1' })).toBe(
      'https://calendar.yandex.ru/*',
    );
  });

  it("learns the owner from Google's secret address", () => {
    expect(addressInFeedUrl('https://calendar.google.com/calendar/ical/rep%40seller.example/private-0a1b/basic.ics')).toBe(
      'rep@seller.example',
    );
    expect(addressInFeedUrl('https://calendar.google.com/calendar/ical/abc%40group.calendar.google.com/private-0a1b/basic.ics')).toBe(
      undefined,
    );
  });
});

describe('reading a feed (ical.js samples)', () => {
  it('expands RRULE and RDATE, drops EXDATEs, applies RECURRENCE-ID overrides, in the feed time zone', async () => {
    const read = await readFeed(ZIMBRA_RECUR, OPTIONS);
    expect(starts(read)).toEqual(SERIES);
    // The two overridden occurrences (moved, without attendees) are read but are not meetings.
    expect(read.occurrences).toBe(SERIES.length + 2);
    expect(read.meetings[0]?.attendees.map((a) => a.address)).toEqual(OUTSIDE);
    expect(read.meetings[0]?.title).toBe('Crazy Event Thingy!');
  });

  it('only outside attendees make a meeting: a colleague-only or attendee-less calendar records nothing', async () => {
    expect(
      (await readFeed(ZIMBRA_RECUR, { ...OPTIONS, internalDomains: ['mozilla.com', 'gmail.com', 'lightsofapollo.com'] })).meetings,
    ).toEqual([]);
    const google = await readFeed(GOOGLE_DAILY, {
      now: Date.parse('2012-09-01T00:00:00Z'),
      ownAddresses: ['calmozilla1@gmail.com'],
      internalDomains: [],
    });
    expect(google.meetings).toEqual([]);
    expect(google.occurrences).toBeGreaterThan(0);
  });

  it('a cancelled series, a cancelled occurrence and an occurrence declined by all are not meetings', async () => {
    const cancelledSeries = edit(ZIMBRA_RECUR, 'STATUS:CONFIRMED\nCOLOR:red', 'STATUS:CANCELLED\nCOLOR:red');
    expect((await readFeed(cancelledSeries, OPTIONS)).meetings).toEqual([]);

    // An override of the 1 January 2013 occurrence that cancels it, as Google and Outlook publish one.
    const override = [
      'BEGIN:VEVENT',
      'UID:623c13c0-6c2b-45d6-a12b-c33ad61c4868',
      'RECURRENCE-ID;TZID=America/Los_Angeles:20130101T100000',
      'DTSTART;TZID=America/Los_Angeles:20130101T100000',
      'DTEND;TZID=America/Los_Angeles:20130101T103000',
      'STATUS:CANCELLED',
      'SUMMARY:Crazy Event Thingy!',
      'END:VEVENT',
      'BEGIN:X-UNKNOWN',
    ].join('\n');
    const oneCancelled = edit(ZIMBRA_RECUR, 'BEGIN:X-UNKNOWN', override);
    expect(starts(await readFeed(oneCancelled, OPTIONS))).toEqual(SERIES.filter((s) => !s.startsWith('2013-01-01')));

    const declinedByAll = ZIMBRA_RECUR.replaceAll(/PARTSTAT=(ACCEPTED|NEEDS-ACTION)/g, 'PARTSTAT=DECLINED');
    expect((await readFeed(declinedByAll, OPTIONS)).meetings).toEqual([]);
    // One outside attendee still coming: a meeting, with the one who declined left out.
    const oneDeclined = edit(ZIMBRA_RECUR, 'PARTSTAT=ACCEPTED', 'PARTSTAT=DECLINED');
    expect((await readFeed(oneDeclined, OPTIONS)).meetings[0]?.attendees.map((a) => a.address)).toEqual(OUTSIDE.slice(1));
    // The rep (an attendee here) declined: not the rep's meeting.
    const repDeclined = { ...OPTIONS, ownAddresses: ['calmozilla1@gmail.com'] };
    expect((await readFeed(ZIMBRA_RECUR, repDeclined)).meetings).toHaveLength(SERIES.length);
    expect((await readFeed(oneDeclined, repDeclined)).meetings).toEqual([]);
  });

  it('property: the meetings are exactly the series inside [now - 60 days, now + 1 year), counted independently', async () => {
    // The oracle, without ical.js: first Tuesdays at 10:00 in Los Angeles from November 2012, the RDATEs,
    // less the EXDATEs (the October and 5 November occurrences are overridden and are not meetings).
    const firstTuesdays: number[] = [];
    for (let month = 10; month < 12 * 4; month += 1) {
      const first = new TZDate(2012 + Math.floor(month / 12), month % 12, 1, 10, 0, 0, 'America/Los_Angeles');
      firstTuesdays.push(
        new TZDate(first.getFullYear(), first.getMonth(), 1 + ((9 - first.getDay()) % 7), 10, 0, 0, 'America/Los_Angeles').getTime(),
      );
    }
    const excluded = new Set(['2012-12-04T18:00:00.000Z', '2013-02-05T18:00:00.000Z', '2013-04-02T17:00:00.000Z']);
    const series = [...firstTuesdays, Date.parse('2012-11-10T18:00:00Z'), Date.parse('2012-11-30T18:00:00Z')]
      .filter((at) => !excluded.has(new Date(at).toISOString()))
      .sort((a, b) => a - b);
    expect(series.slice(0, SERIES.length).map((at) => new Date(at).toISOString())).toEqual(SERIES);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Date.parse('2012-06-01T00:00:00Z'), max: Date.parse('2014-12-31T00:00:00Z') }), async (now) => {
        const read = await readFeed(ZIMBRA_RECUR, { ...OPTIONS, now });
        expect(read.window).toEqual({ from: now - FEED_PAST_MS, to: now + FEED_AHEAD_MS });
        const expected = series.filter((at) => at >= now - FEED_PAST_MS && at < now + FEED_AHEAD_MS);
        expect(read.meetings.map((m) => m.startsAt)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('a calendar that is not one fails to read instead of recording nothing quietly', async () => {
    await expect(readFeed('<html>sign in</html>', OPTIONS)).rejects.toThrow();
  });
});

describe('polling the address', () => {
  const secret = { url: 'https://calendar.example.net/a.ics', email: ZIMBRA_OWNER };

  it('asks again with the last copy validators; 304 is the same copy; 401/404 are a reset address', () => {
    expect(buildFeedRequest(secret, { etag: '"v1"', lastModified: 'Sat, 20 Oct 2012 00:00:00 GMT', listed: {} }).headers).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Sat, 20 Oct 2012 00:00:00 GMT',
    });
    expect(buildFeedRequest(secret).headers['if-none-match']).toBeUndefined();
    expect(parseFeedAnswer(textAnswer('', 304))).toEqual({ ok: true, items: [{ kind: 'unchanged' }] });
    for (const status of [401, 403, 404, 410]) {
      const answer = parseFeedAnswer(textAnswer('gone', status));
      expect(answer.ok ? undefined : answer.error.kind).toBe('address_reset');
    }
    const portal = parseFeedAnswer(textAnswer('<html></html>'));
    expect(portal.ok ? undefined : portal.error.kind).toBe('bad_payload');
  });

  it('records each meeting once with the cross-source key; what the next copy no longer lists is retracted', async () => {
    const copy = { kind: 'copy' as const, text: ZIMBRA_RECUR, etag: '"v1"' };
    const options = { now: ZIMBRA_NOW, email: ZIMBRA_OWNER, internalDomains: ['mozilla.com'] };
    const first = await copyToEvents(copy, undefined, options);
    const records = first.events.map((e) => DetectorEvent.parse(e)).flatMap((e) => (e.type === 'record' ? [e.capture] : []));
    expect(records.map((c) => new Date(c.occurredAt).toISOString())).toEqual(SERIES);
    expect(records[0]).toMatchObject({
      kind: 'meeting',
      channel: 'ics',
      account: ZIMBRA_OWNER,
      detection: {
        method: 'api',
        source: 'ics-feed',
        ids: {
          meeting: meetingKey(
            Date.parse(SERIES[0]!),
            OUTSIDE.map((address) => ({ address })),
          )!,
        },
      },
    });
    expect(new Set(records.map((c) => c.dedupeKey)).size).toBe(SERIES.length);
    expect(first.memo.etag).toBe('"v1"');
    expect(Object.keys(first.memo.listed)).toEqual(records.map((c) => c.dedupeKey));

    // The same copy again retracts nothing; a cancelled series retracts every meeting it listed.
    expect((await copyToEvents(copy, first.memo, options)).events.filter((e) => e.type === 'retract')).toEqual([]);
    const cancelled = edit(ZIMBRA_RECUR, 'STATUS:CONFIRMED\nCOLOR:red', 'STATUS:CANCELLED\nCOLOR:red');
    const second = await copyToEvents({ kind: 'copy', text: cancelled }, first.memo, options);
    expect(second.events).toEqual(records.map((c) => ({ type: 'retract', dedupeKey: c.dedupeKey })));
    expect(second.memo.listed).toEqual({});

    // Months later, meetings that fell out of the window are forgotten, not retracted.
    const later = await copyToEvents(copy, first.memo, { ...options, now: Date.parse('2013-04-01T00:00:00Z') });
    expect(later.events.filter((e) => e.type === 'retract')).toEqual([]);
  });
  it('property: what a later copy excludes (EXDATE) is exactly what is retracted, nothing else', async () => {
    const options = { now: ZIMBRA_NOW, email: ZIMBRA_OWNER, internalDomains: ['mozilla.com'] };
    const first = await copyToEvents({ kind: 'copy', text: ZIMBRA_RECUR }, undefined, options);
    const keyOf = new Map(Object.entries(first.memo.listed).map(([key, at]) => [new Date(at).toISOString(), key]));
    await fc.assert(
      fc.asyncProperty(fc.subarray(SERIES), async (dropped) => {
        // EXDATE lines in the series' zone for the dropped occurrences (local 10:00 in Los Angeles).
        const local = (iso: string) => new TZDate(Date.parse(iso), 'America/Los_Angeles');
        const exdates = dropped.map((iso) => {
          const d = local(iso);
          const pad = (n: number) => String(n).padStart(2, '0');
          return `EXDATE;TZID=America/Los_Angeles:${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}T100000`;
        });
        const text = exdates.length ? edit(ZIMBRA_RECUR, 'BEGIN:VALARM', `${exdates.join('\n')}\nBEGIN:VALARM`) : ZIMBRA_RECUR;
        const next = await copyToEvents({ kind: 'copy', text }, first.memo, options);
        const retracted = next.events.flatMap((e) => (e.type === 'retract' ? [e.dedupeKey] : [])).sort();
        expect(retracted).toEqual(dropped.map((iso) => keyOf.get(iso)!).sort());
        expect(Object.keys(next.memo.listed)).toHaveLength(SERIES.length - dropped.length);
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  it('a years-long feed is read in slices: the worker is given back between them', async () => {
    const events = Array.from({ length: 1000 }, (_, i) =>
      [
        'BEGIN:VEVENT',
        `UID:bulk-${i}@example.net`,
        `DTSTART:${new Date(ZIMBRA_NOW - i * 86_400_000)
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '')}`,
        'ORGANIZER:mailto:jlal@mozilla.com',
        'ATTENDEE;PARTSTAT=ACCEPTED:mailto:buyer@buyer.example',
        'END:VEVENT',
      ].join('\r\n'),
    );
    const feed = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR'].join('\r\n');
    let pauses = 0;
    const read = await readFeed(feed, { ...OPTIONS, pause: async () => void (pauses += 1) });
    expect(pauses).toBe(5);
    // Only the last 60 days (today and 60 days back, the window's start included) are in the window.
    expect(read.meetings).toHaveLength(61);
  });
});
