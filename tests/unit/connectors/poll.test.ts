import { describe, expect, it, vi } from 'vitest';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../../../lib/api-connector/http';
import { collectPages } from '../../../lib/api-connector/poll';
import * as aircall from '../../../lib/capture/aircall/client';
import * as calcom from '../../../lib/capture/calcom/client';
import * as mango from '../../../lib/capture/mango/client';
import * as aircallFx from '../../fixtures/connectors/aircall/calls';
import { jsonAnswer, textAnswer } from '../../fixtures/connectors/answer';
import * as calcomFx from '../../fixtures/connectors/calcom/bookings';
import * as mangoFx from '../../fixtures/connectors/mango/stats';

/** A fake network: answers in order, and remembers what was asked. */
function network(...answers: (ApiAnswer | { error: ConnectorError })[]) {
  const asked: ApiRequest[] = [];
  const send = vi.fn(async (request: ApiRequest) => {
    asked.push(request);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next;
  });
  return { send, asked };
}

const since = Date.parse('2026-01-14T16:43:20Z');
const sleep = vi.fn(async () => undefined);

describe('collectPages', () => {
  it("follows Aircall's pages to the last one", async () => {
    const net = network(jsonAnswer(aircallFx.page1), jsonAnswer(aircallFx.page2));
    const result = await collectPages(aircall.pager({ apiId: 'id', apiToken: 'tok' }, since), { send: net.send });
    expect(result).toMatchObject({ requests: 2, complete: true });
    expect(result.items.map((c) => c.id)).toEqual(['812', '813', '814', '815', '817']);
    expect(net.asked.map((r) => new URL(r.url).searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('keeps the pages read when a later one fails, and says where to resume; since must not move on', async () => {
    const net = network(jsonAnswer(aircallFx.page1), { error: { kind: 'network', message: 'Failed to fetch' } });
    const result = await collectPages(aircall.pager({ apiId: 'id', apiToken: 'tok' }, since), { send: net.send });
    expect(result).toMatchObject({ complete: false, error: { kind: 'network' }, resumeFrom: { page: 2 }, requests: 2 });
    expect(result.items).toHaveLength(4);
  });

  it('reports a rate limit with its wait', async () => {
    const net = network(jsonAnswer(aircallFx.rateLimited, 429, { 'retry-after': '30' }));
    const result = await collectPages(aircall.pager({ apiId: 'id', apiToken: 'tok' }, since), { send: net.send });
    expect(result).toMatchObject({ complete: false, items: [], error: { kind: 'rate_limited' }, retryAfterMs: 30_000 });
  });

  it("runs Mango's two steps, waiting while the report is prepared", async () => {
    sleep.mockClear();
    const net = network(jsonAnswer(mangoFx.requestAnswer), textAnswer('', 204), textAnswer(mangoFx.resultCsv));
    const result = await collectPages(mango.pager({ apiKey: 'k', apiSalt: 's', extension: '101' }, since, since + 3_600_000), {
      send: net.send,
      sleep,
    });
    expect(result).toMatchObject({ complete: true, requests: 3 });
    expect(result.items).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenCalledWith(5000);
    expect(net.asked.map((r) => r.url)).toEqual([
      'https://app.mango-office.ru/vpbx/stats/request',
      'https://app.mango-office.ru/vpbx/stats/result',
      'https://app.mango-office.ru/vpbx/stats/result',
    ]);
  });

  it('stops at the page cap, or before a wait longer than allowed, with a cursor to resume from', async () => {
    const capped = await collectPages(calcom.pager({ apiKey: 'cal_live_x' }, since), {
      send: network(jsonAnswer(calcomFx.page1), jsonAnswer(calcomFx.page2)).send,
      maxPages: 1,
    });
    expect(capped).toMatchObject({ complete: false, requests: 1, resumeFrom: { skip: 2 } });
    const resumed = await collectPages(calcom.pager({ apiKey: 'cal_live_x' }, since), {
      send: network(jsonAnswer(calcomFx.page2)).send,
      from: capped.resumeFrom,
    });
    expect(resumed).toMatchObject({ complete: true, requests: 1 });
    expect(resumed.items.map((m) => m.id)).toEqual(['booking_uid_cancelled', 'booking_uid_rejected']);
    const impatient = await collectPages(mango.pager({ apiKey: 'k', apiSalt: 's' }, since), {
      send: network(jsonAnswer(mangoFx.requestAnswer)).send,
      maxWaitMs: 1000,
      sleep,
    });
    expect(impatient).toMatchObject({
      complete: false,
      resumeFrom: { step: 'result', key: mangoFx.requestAnswer.key },
      retryAfterMs: 5000,
    });
  });
});
