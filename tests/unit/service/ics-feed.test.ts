import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest } from '../../../lib/api-connector/http';
import { QuotaRadarService } from '../../../lib/background';
import type { ConnectorPlatform } from '../../../lib/background/connectors';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { textAnswer } from '../../fixtures/connectors/answer';
import { icsAnswer, ZIMBRA_NOW, ZIMBRA_OWNER, ZIMBRA_RECUR } from '../../fixtures/connectors/ics';
import { calendarItemRequest, calendarItemResponse, meetingObservation } from '../../fixtures/connectors/outlook/meeting';
import { ok } from './harness';

/**
 * The calendar feed through the service: connect with the pasted address (its own origin asked),
 * polls that send the copy's validators back, a cancelled series retracted, a reset address said so.
 */

const FEED = 'webcal://p52-caldav.icloud.com/published/2/MTIzNDU2Nzg5';
const FETCHED = 'https://p52-caldav.icloud.com/published/2/MTIzNDU2Nzg5';

let store: ActivityStore;
let service: QuotaRadarService;
let answer: (request: ApiRequest) => ApiAnswer;
const requests: ApiRequest[] = [];
const asked: string[][] = [];
const removed: string[][] = [];

beforeEach(async () => {
  store = await ActivityStore.open(`ics-${crypto.randomUUID()}`);
  await store.writeKv('settings', { ...defaultSettings('America/Los_Angeles'), internalDomains: ['mozilla.com'] });
  requests.length = 0;
  asked.length = 0;
  removed.length = 0;
  const platform: ConnectorPlatform = {
    send: async (request) => {
      requests.push(request);
      return answer(request);
    },
    hasOrigins: async (origins) => {
      asked.push([...origins]);
      return true;
    },
    removeOrigins: async (origins) => void removed.push([...origins]),
    setPhoneLinkScript: async () => undefined,
  };
  service = new QuotaRadarService(store, () => ZIMBRA_NOW, { platform });
});

afterEach(() => store.close());

const meetings = async () => (await store.all()).filter((a) => a.kind === 'meeting');

describe('a calendar by its private address', () => {
  it('connects, records the series once, sends the validators back, retracts what the feed drops', async () => {
    answer = () => icsAnswer(ZIMBRA_RECUR, { etag: '"v1"', 'last-modified': 'Fri, 19 Oct 2012 10:00:00 GMT' });
    const connected = await ok(service, { type: 'connectors/connect', id: 'ics', input: { url: FEED, email: ZIMBRA_OWNER } });
    expect(connected.ok).toBe(true);
    expect(asked[0]).toEqual(['https://p52-caldav.icloud.com/*']);
    expect(requests[0]?.url).toBe(FETCHED);
    expect(connected.status).toMatchObject({ account: ZIMBRA_OWNER, origin: 'https://p52-caldav.icloud.com/*', recorded: 11 });
    // The address is a secret: shown masked, never in the status in full (an address shows its host
    // only, the one mask rule of lib/connections/mask.ts, as a Bitrix24 webhook does).
    expect(connected.status.fields).toEqual([
      { name: 'url', secret: true, value: 'https://p52-caldav.icloud.com/…' },
      { name: 'email', secret: false, value: ZIMBRA_OWNER },
    ]);
    expect(JSON.stringify(await ok(service, { type: 'connectors/status' }))).not.toContain('MTIzNDU2Nzg5');
    expect((await meetings()).map((m) => m.status)).toEqual(Array(11).fill('counted'));

    // Unchanged: the server answers 304 to the validators, and nothing moves.
    answer = (request) => (request.headers['if-none-match'] === '"v1"' ? textAnswer('', 304) : icsAnswer(''));
    await ok(service, { type: 'connectors/poll', id: 'ics', reason: 'manual' });
    expect(requests.at(-1)?.headers['if-modified-since']).toBe('Fri, 19 Oct 2012 10:00:00 GMT');
    expect((await meetings()).filter((m) => m.status === 'counted')).toHaveLength(11);

    // The series cancelled in the calendar: every meeting it listed is retracted.
    answer = () => icsAnswer(ZIMBRA_RECUR.replace('STATUS:CONFIRMED\nCOLOR:red', 'STATUS:CANCELLED\nCOLOR:red'), { etag: '"v2"' });
    await ok(service, { type: 'connectors/poll', id: 'ics', reason: 'manual' });
    expect((await meetings()).map((m) => m.status)).toEqual(Array(11).fill('retracted'));
  });

  it('a reset address is said so and records nothing; disconnecting gives its origin back', async () => {
    answer = () => icsAnswer(ZIMBRA_RECUR);
    await ok(service, { type: 'connectors/connect', id: 'ics', input: { url: FEED, email: ZIMBRA_OWNER } });
    answer = () => textAnswer('Not Found', 404);
    await ok(service, { type: 'connectors/poll', id: 'ics', reason: 'manual' });
    const status = (await ok(service, { type: 'connectors/status' })).connectors.find((c) => c.id === 'ics');
    expect(status?.lastError?.kind).toBe('address_reset');
    expect((await meetings()).filter((m) => m.status === 'counted')).toHaveLength(11);

    await ok(service, { type: 'connectors/disconnect', id: 'ics' });
    expect(removed).toEqual([['https://p52-caldav.icloud.com/*']]);
    expect(JSON.stringify(await store.readKv('connector:ics'))).toBeUndefined();
  });

  it('refuses an address that is not https or webcal before asking anything', async () => {
    answer = () => icsAnswer(ZIMBRA_RECUR);
    const refused = await service.handle({
      type: 'connectors/connect',
      id: 'ics',
      input: { url: 'http://a.example/x.ics', email: ZIMBRA_OWNER },
    });
    expect(refused.ok).toBe(false);
    expect(requests).toEqual([]);
    expect(asked).toEqual([]);
  });
  it('the same meeting sent from Outlook on the web and listed in the feed counts once (the feed wins)', async () => {
    const observation = meetingObservation(
      calendarItemRequest({
        required: [
          { EmailAddress: 'calmozilla1@gmail.com' },
          { EmailAddress: 'james@lightsofapollo.com' },
          { EmailAddress: 'iam.revelation@gmail.com' },
        ],
        start: '2012-11-06T18:00:00.000Z',
      }),
      { response: calendarItemResponse({ success: true, itemId: 'AAMkTwinIcs=' }), startedAt: ZIMBRA_NOW - 86_400_000 },
    );
    expect((await ok(service, { type: 'capture/observed', observation })).recorded).toBe(1);
    answer = () => icsAnswer(ZIMBRA_RECUR);
    await ok(service, { type: 'connectors/connect', id: 'ics', input: { url: FEED, email: ZIMBRA_OWNER } });
    const sameStart = (await meetings()).filter((m) => m.occurredAt === Date.parse('2012-11-06T18:00:00Z'));
    expect(sameStart.map((m) => [m.channel, m.status]).sort()).toEqual([
      ['ics', 'counted'],
      ['outlook', 'retracted'],
    ]);
  });
});
