import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultCrmSyncSettings, outboxKey, PHONE_OUTCOME_GRACE_MS } from '../../../lib/crm/outbox';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { anActivity, DEFAULT_OCCURRED_AT } from '../../builders/activity';

/** The outbox is written in the same transaction as the activity write that makes it. */

const CONNECTED_AT = DEFAULT_OCCURRED_AT - 86_400_000;

async function openStore(connected = true): Promise<ActivityStore> {
  const store = await ActivityStore.open(`outbox-${crypto.randomUUID()}`);
  await store.writeKv('settings', { ...defaultSettings('America/New_York'), internalDomains: ['seller.example'] });
  if (connected) await store.writeKv('crmSync', { hubspot: defaultCrmSyncSettings(CONNECTED_AT) });
  return store;
}

const entryOf = (store: ActivityStore, id: string) => store.db.get('outbox', outboxKey('hubspot', id));

afterEach(() => vi.restoreAllMocks());

describe('outbox entries follow activity writes', () => {
  it('with no CRM connected, nothing is queued', async () => {
    const store = await openStore(false);
    const activity = anActivity();
    await store.record(activity);
    expect(await store.db.count('outbox')).toBe(0);
  });

  it('a counted activity is queued for creation; internal and pending ones are not, until confirmed', async () => {
    const store = await openStore();
    const sent = anActivity();
    const internal = anActivity({ recipients: [{ address: 'boss@seller.example', role: 'to' }] });
    const pending = anActivity({ status: 'pending', confirmAt: DEFAULT_OCCURRED_AT + 10_000 });
    const early = anActivity({ occurredAt: CONNECTED_AT - 1 });
    for (const a of [sent, internal, pending, early]) await store.record(a);
    expect(await entryOf(store, sent.id)).toMatchObject({ op: 'create', recordKind: 'email', attempts: 0, due: sent.updatedAt });
    expect(await entryOf(store, internal.id)).toBeUndefined();
    expect(await entryOf(store, early.id)).toBeUndefined();
    expect(await entryOf(store, pending.id)).toBeUndefined();
    await store.confirmDue(DEFAULT_OCCURRED_AT + 10_000);
    expect(await entryOf(store, pending.id)).toMatchObject({ op: 'create', due: DEFAULT_OCCURRED_AT + 10_000 });
  });

  it('the rep’s kinds and channels decide', async () => {
    const store = await openStore();
    await store.writeKv('crmSync', {
      hubspot: { ...defaultCrmSyncSettings(CONNECTED_AT), kinds: ['call'], channels: ['manual', 'gmail'] },
    });
    const email = anActivity();
    const call = anActivity({ kind: 'call', channel: 'manual', account: 'me', recipients: [] });
    const aircall = anActivity({ kind: 'call', channel: 'aircall', recipients: [] });
    for (const a of [email, call, aircall]) await store.record(a);
    expect(await entryOf(store, email.id)).toBeUndefined();
    expect(await entryOf(store, call.id)).toMatchObject({ op: 'create', recordKind: 'call' });
    expect(await entryOf(store, aircall.id)).toBeUndefined();
  });

  it('retracted before it was sent: the entry goes; after it was sent: it turns into a retraction; restored: a create again', async () => {
    const store = await openStore();
    const early = anActivity();
    await store.record(early);
    await store.retract(early.id, DEFAULT_OCCURRED_AT + 1);
    expect(await entryOf(store, early.id)).toBeUndefined();

    const synced = anActivity();
    await store.record(synced);
    await store.outbox.update(
      outboxKey('hubspot', synced.id),
      (e) => e && { ...e, attempts: 1, due: undefined, ref: { type: 'emails', id: '77' } },
    );
    await store.retract(synced.id, DEFAULT_OCCURRED_AT + 2);
    expect(await entryOf(store, synced.id)).toMatchObject({
      op: 'retract',
      ref: { type: 'emails', id: '77' },
      due: DEFAULT_OCCURRED_AT + 2,
    });
    await store.restore(synced.id, DEFAULT_OCCURRED_AT + 3);
    expect(await entryOf(store, synced.id)).toMatchObject({ op: 'create', due: DEFAULT_OCCURRED_AT + 3, attempts: 0 });
  });

  it('an edit that makes it internal takes it back; import queues what counts; delete-all takes back what was sent', async () => {
    const store = await openStore();
    const edited = anActivity();
    await store.record(edited);
    await store.outbox.update(
      outboxKey('hubspot', edited.id),
      (e) => e && { ...e, attempts: 1, due: undefined, ref: { type: 'emails', id: '1' } },
    );
    await store.update(edited.id, { recipients: [{ address: 'colleague@seller.example', role: 'to' }] }, DEFAULT_OCCURRED_AT + 5);
    expect(await entryOf(store, edited.id)).toMatchObject({ op: 'retract', ref: { type: 'emails', id: '1' } });

    const imported = [anActivity(), anActivity({ status: 'retracted' })];
    await store.importAll(imported, DEFAULT_OCCURRED_AT + 6);
    expect(await entryOf(store, imported[0]!.id)).toMatchObject({ op: 'create' });
    expect(await entryOf(store, imported[1]!.id)).toBeUndefined();

    await store.outbox.update(
      outboxKey('hubspot', imported[0]!.id),
      (e) => e && { ...e, attempts: 1, due: undefined, ref: { type: 'emails', id: '2' } },
    );
    await store.deleteAll(DEFAULT_OCCURRED_AT + 7);
    expect(await store.count()).toBe(0);
    expect(await entryOf(store, imported[0]!.id)).toMatchObject({
      op: 'retract',
      due: DEFAULT_OCCURRED_AT + 7,
      ref: { type: 'emails', id: '2' },
    });
  });
});

describe('a phone-link call waits for its outcome', () => {
  it('is due ten minutes after the click, or as soon as the rep marks how it ended', async () => {
    const store = await openStore();
    const call = anActivity({ kind: 'call', channel: 'phone', account: 'me', recipients: [{ phone: '+14155550123' }] });
    await store.record(call);
    expect(await entryOf(store, call.id)).toMatchObject({ due: call.occurredAt + PHONE_OUTCOME_GRACE_MS });
    await store.update(call.id, { outcome: 'connected', durationSec: 60 }, call.occurredAt + 120_000);
    expect(await entryOf(store, call.id)).toMatchObject({ due: call.occurredAt + 120_000 });
    const logged = anActivity({ kind: 'call', channel: 'manual', account: 'me', recipients: [] });
    await store.record(logged);
    expect(await entryOf(store, logged.id)).toMatchObject({ due: logged.updatedAt });
  });
});

describe('one transaction: the activity and its outbox entry are stored together or not at all', () => {
  it('a failed activity write leaves no outbox entry', async () => {
    const store = await openStore(false);
    const first = anActivity();
    await store.record(first);
    await store.writeKv('crmSync', { hubspot: defaultCrmSyncSettings(CONNECTED_AT) });
    // Same id, another key: `add` fails (the id is taken), and the transaction with it.
    await expect(store.record({ ...first, dedupeKey: 'other-key', updatedAt: first.updatedAt + 1 })).rejects.toThrow();
    expect(await store.db.count('outbox')).toBe(0);
  });

  it('a failed outbox write leaves no activity (and no day pack)', async () => {
    const store = await openStore();
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = original.apply(this, args);
      // The outbox write is accepted, then the browser gives up on the transaction (a full disk shows
      // at commit): had the activity been written in a transaction of its own, it would stay.
      if (this.name === 'outbox') request.addEventListener('success', () => this.transaction.abort());
      return request;
    });
    const activity = anActivity();
    await expect(store.record(activity)).rejects.toThrow();
    vi.restoreAllMocks();
    expect(await store.get(activity.id)).toBeUndefined();
    expect(await store.db.count('packs')).toBe(0);
    expect(await store.db.count('outbox')).toBe(0);
    // And the next write goes through whole.
    await store.record(activity);
    expect(await entryOf(store, activity.id)).toMatchObject({ op: 'create' });
  });
});
