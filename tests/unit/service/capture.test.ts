import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../lib/settings';
import { aGmailCapture, createHarness, type Harness, ok, record, WED_NOON } from './harness';

const SECOND = 1000;
let harness: Harness;

afterEach(() => harness?.close());

async function setup(settings: Partial<Settings> = {}) {
  harness = await createHarness(settings);
  return harness;
}

const emails = (report: Awaited<ReturnType<Harness['service']['progress']>>) => report.quotas.find((q) => q.quotaId === 'emails')!;

describe('applyEvents: Gmail undo window', () => {
  it('a send is pending for gmailUndoSeconds, then counts; confirmDue makes it counted in the store', async () => {
    const { service, store, advance, changes } = await setup({ gmailUndoSeconds: 10 });
    const capture = aGmailCapture();
    expect(await service.applyEvents([record(capture)])).toEqual({ recorded: 1, retracted: 0 });
    expect(changes()).toBe(1);

    const stored = await store.getByDedupeKey(capture.dedupeKey);
    expect(stored).toMatchObject({ status: 'pending', confirmAt: WED_NOON + 10 * SECOND, createdAt: WED_NOON });

    let report = await service.progress();
    expect(emails(report)).toMatchObject({ done: 0, pending: 1 });
    expect(report.pending).toEqual([
      { id: stored!.id, kind: 'email', channel: 'gmail', confirmAt: WED_NOON + 10 * SECOND, occurredAt: WED_NOON, to: 'Ann Smith' },
    ]);

    advance(10 * SECOND - 1);
    expect(emails(await service.progress())).toMatchObject({ done: 0, pending: 1 });
    expect(await service.confirmDue()).toBe(0);

    advance(1);
    // Counted as soon as the window is over, before anything is written…
    report = await service.progress();
    expect(emails(report)).toMatchObject({ done: 1, pending: 0, doneToday: 1 });
    expect(report.pending).toEqual([]);
    // …and confirmDue then makes it so in the store.
    expect(await service.confirmDue()).toBe(1);
    expect(await store.get(stored!.id)).toMatchObject({ status: 'counted', updatedAt: WED_NOON + 10 * SECOND });
    expect(changes()).toBe(2);
    expect(await service.confirmDue()).toBe(0);
  });

  it('a retract with onlyIfPending inside the window retracts the send', async () => {
    const { service, store, advance } = await setup({ gmailUndoSeconds: 5 });
    const capture = aGmailCapture();
    await service.applyEvents([record(capture)]);
    advance(4 * SECOND);
    expect(await service.applyEvents([{ type: 'retract', dedupeKey: capture.dedupeKey, onlyIfPending: true }])).toEqual({
      recorded: 0,
      retracted: 1,
    });
    expect((await store.getByDedupeKey(capture.dedupeKey))?.status).toBe('retracted');
    // Remembered as undone by the page, with the retraction (so that a re-send is a new act).
    expect(await store.readKv('undone')).toEqual({ [capture.dedupeKey]: WED_NOON + 4 * SECOND });
    const report = await service.progress();
    expect(emails(report)).toMatchObject({ done: 0, pending: 0 });
    // The same message id sent again after the undo is the re-send of the restored draft: it is
    // pending again, once (the retracted record is reopened, not duplicated).
    expect(await service.applyEvents([record(capture)])).toEqual({ recorded: 1, retracted: 0 });
    expect((await store.getByDedupeKey(capture.dedupeKey))?.status).toBe('pending');
    expect(await store.count()).toBe(1);
    // Reopened: the key is no longer remembered as undone.
    expect(await store.readKv('undone')).toEqual({});
  });

  it('a retract with onlyIfPending after the window does nothing, even before confirmDue ran', async () => {
    const { service, store, advance, changes } = await setup({ gmailUndoSeconds: 5 });
    const capture = aGmailCapture();
    await service.applyEvents([record(capture)]);
    advance(5 * SECOND);
    expect(await service.applyEvents([{ type: 'retract', dedupeKey: capture.dedupeKey, onlyIfPending: true }])).toEqual({
      recorded: 0,
      retracted: 0,
    });
    expect((await store.getByDedupeKey(capture.dedupeKey))?.status).toBe('pending');
    expect(emails(await service.progress()).done).toBe(1);
    expect(changes()).toBe(1);
  });

  it('a plain retract (a recall, a deleted scheduled send) retracts even a counted capture', async () => {
    const { service, store } = await setup();
    const capture = aGmailCapture({ hold: undefined });
    await service.applyEvents([record(capture)]);
    expect((await store.getByDedupeKey(capture.dedupeKey))?.status).toBe('counted');
    expect(await service.applyEvents([{ type: 'retract', dedupeKey: capture.dedupeKey }])).toEqual({ recorded: 0, retracted: 1 });
    expect(await service.applyEvents([{ type: 'retract', dedupeKey: 'unknown' }])).toEqual({ recorded: 0, retracted: 0 });
  });
});

describe('applyEvents: scheduled sends (until-due)', () => {
  it('a send scheduled for later is pending until it is due', async () => {
    const { service, store, setNow } = await setup();
    const due = Date.parse('2026-01-15T08:00:00-05:00');
    const capture = aGmailCapture({ hold: 'until-due', occurredAt: due, subtype: 'scheduled' });
    await service.applyEvents([record(capture)]);
    expect(await store.getByDedupeKey(capture.dedupeKey)).toMatchObject({ status: 'pending', confirmAt: due, subtype: 'scheduled' });
    expect(emails(await service.progress())).toMatchObject({ done: 0, pending: 1 });
    setNow(due);
    expect(emails(await service.progress())).toMatchObject({ done: 1, pending: 0, doneToday: 1 });
  });

  it('a scheduled send already due when seen is counted at once', async () => {
    const { service, store } = await setup();
    const capture = aGmailCapture({ hold: 'until-due', occurredAt: WED_NOON - SECOND });
    await service.applyEvents([record(capture)]);
    const stored = await store.getByDedupeKey(capture.dedupeKey);
    expect(stored?.status).toBe('counted');
    expect(stored?.confirmAt).toBeUndefined();
  });
});

describe('capture/undo-clicked', () => {
  it('retracts the newest pending Gmail send, then the one before', async () => {
    const { service, store, advance } = await setup({ gmailUndoSeconds: 10 });
    const first = aGmailCapture();
    const second = aGmailCapture();
    const outlook = aGmailCapture({ channel: 'outlook', dedupeKey: 'outlook:1' });
    await service.applyEvents([record(first)]);
    advance(SECOND);
    await service.applyEvents([record(second)]);
    advance(SECOND);
    await service.applyEvents([record(outlook)]);

    expect(await ok(service, { type: 'capture/undo-clicked', provider: 'gmail', at: WED_NOON + 2 * SECOND })).toEqual({ retracted: 1 });
    expect((await store.getByDedupeKey(second.dedupeKey))?.status).toBe('retracted');
    expect((await store.getByDedupeKey(first.dedupeKey))?.status).toBe('pending');

    expect(await ok(service, { type: 'capture/undo-clicked', provider: 'gmail', at: WED_NOON + 2 * SECOND })).toEqual({ retracted: 1 });
    expect((await store.getByDedupeKey(first.dedupeKey))?.status).toBe('retracted');
    // Nothing Gmail left to undo; the Outlook capture is untouched.
    expect(await ok(service, { type: 'capture/undo-clicked', provider: 'gmail', at: WED_NOON + 2 * SECOND })).toEqual({ retracted: 0 });
    expect((await store.getByDedupeKey(outlook.dedupeKey))?.status).toBe('pending');
  });

  it('a click long after the window undoes nothing', async () => {
    const { service, store, advance } = await setup({ gmailUndoSeconds: 5 });
    const capture = aGmailCapture();
    await service.applyEvents([record(capture)]);
    advance(60 * SECOND);
    // confirmAt = noon + 5 s; a click at noon + 6 s is a second past it (the 1 s grace ends there).
    expect(await ok(service, { type: 'capture/undo-clicked', provider: 'gmail', at: WED_NOON + 6 * SECOND })).toEqual({ retracted: 0 });
    expect((await store.getByDedupeKey(capture.dedupeKey))?.status).toBe('pending');
  });

  it('a click before a send was recorded does not undo that send', async () => {
    const { service, store } = await setup();
    const capture = aGmailCapture();
    await service.applyEvents([record(capture)]);
    expect(await ok(service, { type: 'capture/undo-clicked', provider: 'gmail', at: WED_NOON - SECOND })).toEqual({ retracted: 0 });
    expect((await store.getByDedupeKey(capture.dedupeKey))?.status).toBe('pending');
  });
});

describe('applyEvents: de-duplication, channels, privacy, accounts', () => {
  it('the same capture twice records once', async () => {
    const { service, store, changes } = await setup();
    const capture = aGmailCapture();
    expect(await service.applyEvents([record(capture), record({ ...capture, subject: 'Re-seen' })])).toEqual({ recorded: 1, retracted: 0 });
    expect(await service.applyEvents([record(capture)])).toEqual({ recorded: 0, retracted: 0 });
    expect(await store.count()).toBe(1);
    expect((await store.getByDedupeKey(capture.dedupeKey))?.subject).toBe('Quick question');
    expect(changes()).toBe(1);
  });

  it('a channel turned off records nothing; the others still record', async () => {
    const settings = { gmail: false, outlook: true, yahoo: true, linkedin: true, sales_navigator: true, manual: true };
    const { service, store, changes } = await setup({ channels: settings });
    expect(await service.applyEvents([record(aGmailCapture())])).toEqual({ recorded: 0, retracted: 0 });
    expect(await store.count()).toBe(0);
    expect(changes()).toBe(0);
    expect(await service.applyEvents([record(aGmailCapture({ channel: 'outlook' }))])).toEqual({ recorded: 1, retracted: 0 });
  });

  it('storeSubjects=false drops the subject; storeRecipientNames=false drops names but keeps addresses', async () => {
    const { service, store } = await setup({ privacy: { storeSubjects: false, storeRecipientNames: false } });
    const capture = aGmailCapture({
      recipients: [
        { address: 'ann@buyer.example', name: 'Ann Smith', role: 'to' },
        { address: 'bob@buyer.example', name: 'Bob Jones', role: 'cc' },
      ],
    });
    await service.applyEvents([record(capture)]);
    const stored = await store.getByDedupeKey(capture.dedupeKey);
    expect(stored?.subject).toBeUndefined();
    expect(stored?.recipients).toEqual([
      { address: 'ann@buyer.example', role: 'to' },
      { address: 'bob@buyer.example', role: 'cc' },
    ]);
  });

  it('with privacy settings on, subject and names are kept', async () => {
    const { service, store } = await setup();
    const capture = aGmailCapture();
    await service.applyEvents([record(capture)]);
    const stored = await store.getByDedupeKey(capture.dedupeKey);
    expect(stored?.subject).toBe('Quick question');
    expect(stored?.recipients).toEqual([{ address: 'ann@buyer.example', name: 'Ann Smith', role: 'to' }]);
    expect(stored?.detection).toEqual(capture.detection);
  });

  it('remembers the sending accounts once each', async () => {
    const { service } = await setup();
    await service.applyEvents([record(aGmailCapture()), record(aGmailCapture()), record(aGmailCapture({ account: 'rep@other.example' }))]);
    expect((await ok(service, { type: 'settings/get' })).accounts).toEqual(['rep@seller.example', 'rep@other.example']);
  });

  it('participants events are remembered (in kv) with the time they were learned', async () => {
    const { service, store } = await setup();
    const participants = [{ profileId: 'ACoAAB1', name: 'Ann' }];
    expect(await service.applyEvents([{ type: 'participants', conversationId: 'conv-1', participants }])).toEqual({
      recorded: 0,
      retracted: 0,
    });
    expect(await store.readKv('participants')).toEqual({ 'conv-1': { at: WED_NOON, participants } });
  });
});

describe('capture/observed without a detector for the page', () => {
  it('records nothing and does not fail on an unparseable URL', async () => {
    const { service, store } = await setup();
    const observation = {
      pageUrl: 'https://example.com/',
      request: { method: 'POST', url: 'https://example.com/api', headers: {}, body: '{}' },
      response: { status: 200, body: '{}' },
      startedAt: WED_NOON,
    };
    expect(await ok(service, { type: 'capture/observed', observation })).toEqual({ recorded: 0, retracted: 0 });
    expect(
      await ok(service, {
        type: 'capture/observed',
        observation: { ...observation, pageUrl: 'not a url', request: { ...observation.request, url: 'http://[' } },
      }),
    ).toEqual({ recorded: 0, retracted: 0 });
    expect(await store.count()).toBe(0);
  });
});
