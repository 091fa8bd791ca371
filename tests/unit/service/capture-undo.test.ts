import { describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import { ActivityStore } from '../../../lib/store';
import { firstDraftSaveRequest, type GmailMessage, gmailObservation, LABELS, syncRequest, syncResponse } from '../../builders/gmail';
import { ACTIVITY_URN, reaction } from '../../builders/linkedin';

let dbCounter = 0;
async function service(clock: { now: number }) {
  const store = await ActivityStore.open(`capture-undo-${++dbCounter}`);
  return { store, service: new QuotaRadarService(store, () => clock.now) };
}

const observed = (observation: unknown) => ({ type: 'capture/observed', observation });

const THREAD = 'thread-a:r1234567890';
const message: GmailMessage = {
  id: 'msg-a:r5555555555555555555',
  from: { address: 'rep@seller.example' },
  to: [{ address: 'buyer@client.example' }],
  subject: 'Proposal',
  timestamp: 1_700_000_000_000,
  labels: [...LABELS.send],
};
const send = (at: number) =>
  gmailObservation(syncRequest([{ threadId: THREAD, message: { ...message, timestamp: at } }]), {
    response: syncResponse([{ threadId: THREAD, messages: [{ ...message, labels: [...LABELS.sent] }] }]),
    startedAt: at,
  });
const draftSave = gmailObservation(firstDraftSaveRequest({ threadId: THREAD, message: { ...message, labels: [...LABELS.draft] } }));
const KEY = `gmail:rep@seller.example:${message.id}`;

// Bug: a retracted activity kept its dedupe key for good, so the send that follows an Undo (Gmail
// sends the draft again under the same msg-a id) and a reaction given again after its removal
// were taken for duplicates and never counted.
describe('captures after a capture-driven retraction', () => {
  it('Gmail: send, Undo (draft save of the id), send again: the second send is pending, then counts', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { store, service: s } = await service(clock);
    expect(await s.handle(observed(send(clock.now)))).toEqual({ ok: true, data: { recorded: 1, retracted: 0 } });
    clock.now += 2_000;
    expect(await s.handle(observed(draftSave))).toEqual({ ok: true, data: { recorded: 0, retracted: 1 } });
    expect((await store.getByDedupeKey(KEY))?.status).toBe('retracted');

    clock.now += 60_000;
    expect(await s.handle(observed(send(clock.now)))).toEqual({ ok: true, data: { recorded: 1, retracted: 0 } });
    const again = await store.getByDedupeKey(KEY);
    expect(again).toMatchObject({ status: 'pending', occurredAt: clock.now, confirmAt: clock.now + 5_000 });
    expect(await store.count()).toBe(1);

    // A duplicate of the re-send still records nothing, and the window then confirms it.
    expect(await s.handle(observed(send(clock.now)))).toEqual({ ok: true, data: { recorded: 0, retracted: 0 } });
    clock.now += 6_000;
    expect(await s.confirmDue()).toBe(1);
    expect((await store.getByDedupeKey(KEY))?.status).toBe('counted');
  });

  it('Gmail: the undo link, then the same id sent again, counts the second send', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { store, service: s } = await service(clock);
    await s.handle(observed(send(clock.now)));
    clock.now += 1_000;
    expect(await s.handle({ type: 'capture/undo-clicked', provider: 'gmail', at: clock.now })).toEqual({
      ok: true,
      data: { retracted: 1 },
    });
    clock.now += 30_000;
    expect(await s.handle(observed(send(clock.now)))).toEqual({ ok: true, data: { recorded: 1, retracted: 0 } });
    expect((await store.getByDedupeKey(KEY))?.status).toBe('pending');
  });

  it('LinkedIn: like, unlike, like again counts once more', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { store, service: s } = await service(clock);
    const key = `linkedin:reaction:${ACTIVITY_URN}`;
    await s.handle(observed(reaction({ reactionType: 'LIKE', startedAt: clock.now })));
    await s.handle(observed(reaction({ startedAt: clock.now + 1_000 })));
    expect((await store.getByDedupeKey(key))?.status).toBe('retracted');
    await s.handle(observed(reaction({ reactionType: 'PRAISE', startedAt: clock.now + 2_000 })));
    expect(await store.getByDedupeKey(key)).toMatchObject({ status: 'counted', occurredAt: clock.now + 2_000 });
    expect(await store.count()).toBe(1);
  });

  it('a captured activity the user deleted stays deleted when the same capture comes again', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { store, service: s } = await service(clock);
    await s.handle(observed(reaction({ reactionType: 'LIKE', startedAt: clock.now })));
    const id = (await store.getByDedupeKey(`linkedin:reaction:${ACTIVITY_URN}`))!.id;
    await s.handle({ type: 'activity/retract', id });
    expect(await s.handle(observed(reaction({ reactionType: 'LIKE', startedAt: clock.now + 5_000 })))).toEqual({
      ok: true,
      data: { recorded: 0, retracted: 0 },
    });
    expect((await store.get(id))?.status).toBe('retracted');
  });
});

// Issue 14, item 8: a send undone in Gmail is "Undone in Gmail" in History, not "Deleted" with a Restore.
describe('History tells a page undo from a delete', () => {
  it('activity/list names the items the page itself undid', async () => {
    const clock = { now: 1_700_000_000_000 };
    const { store, service: s } = await service(clock);
    await s.handle(observed(send(clock.now)));
    clock.now += 2_000;
    await s.handle(observed(draftSave));
    const undone = await store.getByDedupeKey(KEY);
    const list = await s.handle({ type: 'activity/list', filter: {}, offset: 0, limit: 10 });
    expect(list).toMatchObject({ ok: true, data: { undoneOnPage: [undone!.id] } });

    // Deleted by the rep in History: not a page undo.
    clock.now += 60_000;
    await s.handle(observed(send(clock.now)));
    const again = await store.getByDedupeKey(KEY);
    await s.handle({ type: 'activity/retract', id: again!.id });
    const after = await s.handle({ type: 'activity/list', filter: {}, offset: 0, limit: 10 });
    expect(after.ok && (after.data as { undoneOnPage: string[] }).undoneOnPage).toEqual([]);
  });
});
