import { afterEach, describe, expect, it, vi } from 'vitest';
import { Activity } from '../../../lib/activity';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { KV_SCHEMAS, kvEdit } from '../../../lib/store/kv';
import { DB_VERSION } from '../../../lib/store/migrations';
import { aManualCall, anActivity } from '../../builders/activity';

const T0 = Date.parse('2026-01-14T12:00:00-05:00');
const MINUTE = 60_000;

const opened: ActivityStore[] = [];
async function openStore(): Promise<ActivityStore> {
  // A unique database per test: fake-indexeddb keeps databases for the whole file.
  const store = await ActivityStore.open(`store-test-${crypto.randomUUID()}`);
  opened.push(store);
  return store;
}

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.restoreAllMocks();
});

const ids = (activities: Activity[]) => activities.map((a) => a.id);
const sortedIds = (activities: Activity[]) => ids(activities).sort();

describe('a fresh database', () => {
  it('has the current schema (the version of the last migration): activities with four indexes, kv, day packs, the judged days of Reports and the CRM outbox', async () => {
    const store = await openStore();
    expect(store.db.version).toBe(DB_VERSION);
    expect([...store.db.objectStoreNames].sort()).toEqual(['activities', 'kindDays', 'kv', 'outbox', 'packs']);
    const tx = store.db.transaction('activities');
    expect([...tx.store.indexNames].sort()).toEqual(['by_dedupeKey', 'by_kind_time', 'by_occurredAt', 'by_status']);
    expect(tx.store.index('by_dedupeKey').unique).toBe(true);
    await tx.done;
  });
});

describe('record', () => {
  it('records an activity once: the same de-duplication key a second time keeps the first', async () => {
    const store = await openStore();
    const first = anActivity({ dedupeKey: 'gmail:msg:1', subject: 'First' });
    const second = anActivity({ dedupeKey: 'gmail:msg:1', subject: 'Second' });
    expect(await store.record(first)).toEqual({ activity: first, created: true });
    const again = await store.record(second);
    expect(again.created).toBe(false);
    expect(again.activity.id).toBe(first.id);
    expect(await store.count()).toBe(1);
    expect((await store.get(first.id))?.subject).toBe('First');
    expect(await store.get(second.id)).toBeUndefined();
  });

  it('refuses an invalid activity and stores nothing', async () => {
    const store = await openStore();
    const bad = { ...anActivity(), occurredAt: -1 };
    await expect(store.record(bad)).rejects.toThrow();
    expect(await store.count()).toBe(0);
  });

  it('never hands back a stored record that no longer fits the model', async () => {
    const store = await openStore();
    // Written by an older or broken version: occurredAt is a string.
    await store.db.put('activities', { ...anActivity({ id: 'broken', dedupeKey: 'k' }), occurredAt: 'yesterday' } as never);
    const result = await store.record(anActivity({ dedupeKey: 'k' }));
    expect(Activity.safeParse(result.activity).success).toBe(true);
  });
});

describe('retract and restore', () => {
  it('retracts, keeps the record (for de-duplication), and restores it as counted', async () => {
    const store = await openStore();
    const pending = anActivity({ status: 'pending', confirmAt: T0 + 5000 });
    await store.record(pending);

    const retracted = await store.retract(pending.id, T0 + 1000);
    expect(retracted).toEqual({ ...pending, status: 'retracted', updatedAt: T0 + 1000 });
    expect(await store.get(pending.id)).toEqual(retracted);
    // Re-recording the same capture does not bring it back.
    expect((await store.record(anActivity({ dedupeKey: pending.dedupeKey }))).created).toBe(false);

    const restored = await store.restore(pending.id, T0 + 2000);
    expect(restored?.status).toBe('counted');
    expect(restored?.confirmAt).toBeUndefined();
    expect(restored?.updatedAt).toBe(T0 + 2000);
    expect((await store.get(pending.id))?.status).toBe('counted');
  });

  it('retracting twice or restoring a counted activity changes nothing', async () => {
    const store = await openStore();
    const activity = anActivity();
    await store.record(activity);
    expect(await store.restore(activity.id, T0 + 1)).toEqual(activity);
    await store.retract(activity.id, T0 + 2);
    expect((await store.retract(activity.id, T0 + 3))?.updatedAt).toBe(T0 + 2);
    expect(await store.retract('no-such-id', T0)).toBeUndefined();
  });
});

describe('retractByDedupeKey', () => {
  it('retracts a pending capture inside its window when onlyIfPending', async () => {
    const store = await openStore();
    await store.record(anActivity({ dedupeKey: 'k', status: 'pending', confirmAt: T0 + 5000 }));
    expect((await store.retractByDedupeKey('k', T0 + 4999, true))?.status).toBe('retracted');
  });

  it('onlyIfPending leaves a counted capture, and a pending one whose window has passed', async () => {
    const store = await openStore();
    await store.record(anActivity({ dedupeKey: 'counted' }));
    await store.record(anActivity({ dedupeKey: 'due', status: 'pending', confirmAt: T0 + 5000 }));
    expect(await store.retractByDedupeKey('counted', T0, true)).toBeUndefined();
    expect(await store.retractByDedupeKey('due', T0 + 5000, true)).toBeUndefined();
    expect((await store.getByDedupeKey('counted'))?.status).toBe('counted');
    expect((await store.getByDedupeKey('due'))?.status).toBe('pending');
  });

  it('without onlyIfPending retracts a counted capture; unknown or already retracted keys give undefined', async () => {
    const store = await openStore();
    await store.record(anActivity({ dedupeKey: 'k' }));
    expect((await store.retractByDedupeKey('k', T0))?.status).toBe('retracted');
    expect(await store.retractByDedupeKey('k', T0)).toBeUndefined();
    expect(await store.retractByDedupeKey('nope', T0)).toBeUndefined();
  });
});

describe('confirmDue', () => {
  it('makes pending activities whose time has come counted, and only those', async () => {
    const store = await openStore();
    const early = anActivity({ status: 'pending', confirmAt: T0 - 1 });
    const exact = anActivity({ status: 'pending', confirmAt: T0 });
    const later = anActivity({ status: 'pending', confirmAt: T0 + 1 });
    const scheduled = anActivity({ status: 'pending' }); // no confirmAt: waits
    const counted = anActivity();
    for (const a of [early, exact, later, scheduled, counted]) await store.record(a);

    const confirmed = await store.confirmDue(T0);
    expect(sortedIds(confirmed)).toEqual([early.id, exact.id].sort());
    expect(confirmed.every((a) => a.status === 'counted' && a.updatedAt === T0)).toBe(true);
    expect((await store.get(exact.id))?.status).toBe('counted');
    expect(sortedIds(await store.pending())).toEqual([later.id, scheduled.id].sort());
    expect(await store.get(counted.id)).toEqual(counted);
    expect(await store.confirmDue(T0)).toEqual([]);
  });
});

describe('inRange and between', () => {
  it('returns only the kinds asked, with start <= occurredAt < end', async () => {
    const store = await openStore();
    const start = T0;
    const end = T0 + 60 * MINUTE;
    const before = aManualCall({ occurredAt: start - 1 });
    const atStart = aManualCall({ occurredAt: start });
    const last = aManualCall({ occurredAt: end - 1 });
    const atEnd = aManualCall({ occurredAt: end });
    const email = anActivity({ occurredAt: start });
    const meeting = aManualCall({ kind: 'meeting', occurredAt: start + 1 });
    for (const a of [before, atStart, last, atEnd, email, meeting]) await store.record(a);

    expect(sortedIds(await store.inRange(['call', 'meeting'], start, end))).toEqual([atStart.id, last.id, meeting.id].sort());
    expect(ids(await store.inRange(['email'], start, end))).toEqual([email.id]);
    expect(await store.inRange([], start, end)).toEqual([]);
    expect(await store.inRange(['deal'], start, end)).toEqual([]);
    expect(sortedIds(await store.between(start, end))).toEqual([atStart.id, last.id, email.id, meeting.id].sort());
  });
});

describe('list', () => {
  async function seeded() {
    const store = await openStore();
    // Ten activities, one a minute; index i at T0 + i minutes.
    const activities = [
      anActivity({ subject: 'Intro to ACME', recipients: [{ address: 'ann@buyer.example', name: 'Ann Smith' }] }),
      aManualCall({ note: 'Call with Globex' }),
      anActivity({
        kind: 'linkedin_message',
        channel: 'linkedin',
        account: 'urn:li:fsd_profile:ME',
        recipients: [{ profileId: 'ACoAABob' }],
      }),
      anActivity({ status: 'retracted', subject: 'Oops' }),
      anActivity({ channel: 'outlook', recipients: [{ address: 'carl@globex.example' }] }),
      aManualCall({ kind: 'meeting' }),
      anActivity({ status: 'pending', confirmAt: T0 + 100 * MINUTE }),
      anActivity({ subject: 'Follow-up' }),
      aManualCall(),
      anActivity({ channel: 'yahoo' }),
    ].map((a, i) => ({ ...a, occurredAt: T0 + i * MINUTE }));
    for (const a of activities) await store.record(a);
    return { store, activities };
  }

  it('pages newest first with the total of matches', async () => {
    const { store, activities } = await seeded();
    const newestFirst = ids([...activities].reverse());
    expect(await store.list({}, 0, 3)).toEqual({ items: activities.slice(7).reverse(), total: 10 });
    expect(ids((await store.list({}, 3, 3)).items)).toEqual(newestFirst.slice(3, 6));
    expect(ids((await store.list({}, 9, 3)).items)).toEqual(newestFirst.slice(9));
    expect(await store.list({}, 10, 3)).toEqual({ items: [], total: 10 });
  });

  it('filters by kind, channel and status', async () => {
    const { store, activities } = await seeded();
    const idsOf = (...indexes: number[]) => indexes.map((i) => activities[i]!.id);
    expect(ids((await store.list({ kinds: ['call', 'meeting'] }, 0, 50)).items)).toEqual(idsOf(8, 5, 1));
    expect(ids((await store.list({ channels: ['outlook', 'yahoo'] }, 0, 50)).items)).toEqual(idsOf(9, 4));
    expect(ids((await store.list({ statuses: ['pending', 'retracted'] }, 0, 50)).items)).toEqual(idsOf(6, 3));
    const page = await store.list({ kinds: ['email'], statuses: ['counted'] }, 1, 2);
    // Counted emails newest first: 9, 7, 4, 0 → the second page of two from offset 1.
    expect(page).toEqual({ items: [activities[7], activities[4]], total: 4 });
  });

  it('filters by a [from, to) date range', async () => {
    const { store, activities } = await seeded();
    const page = await store.list({ from: T0 + 2 * MINUTE, to: T0 + 5 * MINUTE }, 0, 50);
    expect(ids(page.items)).toEqual([activities[4]!.id, activities[3]!.id, activities[2]!.id]);
    expect((await store.list({ from: T0 + 8 * MINUTE }, 0, 50)).total).toBe(2);
    expect((await store.list({ to: T0 + 1 }, 0, 50)).total).toBe(1);
  });

  it('searches recipient addresses, names and profile ids, subjects and notes, ignoring case and spaces', async () => {
    const { store, activities } = await seeded();
    const found = async (search: string) => ids((await store.list({ search }, 0, 50)).items);
    expect(await found('ANN@')).toEqual([activities[0]!.id]);
    expect(await found('smith')).toEqual([activities[0]!.id]);
    expect(await found('acoaabob')).toEqual([activities[2]!.id]);
    expect(await found('  acme ')).toEqual([activities[0]!.id]);
    // "globex" is in a note and in an address.
    expect(await found('globex')).toEqual([activities[4]!.id, activities[1]!.id]);
    expect(await found('nobody-at-all')).toEqual([]);
    expect((await store.list({ search: '   ' }, 0, 50)).total).toBe(10);
  });
});

describe('lastManual', () => {
  it('is the most recently created manual entry that still counts, even if back-dated', async () => {
    const store = await openStore();
    expect(await store.lastManual()).toBeUndefined();
    const first = aManualCall({ occurredAt: T0, createdAt: T0 });
    const backDated = aManualCall({ kind: 'meeting', occurredAt: T0 - 24 * 60 * MINUTE, createdAt: T0 + MINUTE });
    const captured = anActivity({ occurredAt: T0 + 2 * MINUTE, createdAt: T0 + 2 * MINUTE });
    for (const a of [first, backDated, captured]) await store.record(a);
    expect((await store.lastManual())?.id).toBe(backDated.id);
    await store.retract(backDated.id, T0 + 3 * MINUTE);
    expect((await store.lastManual())?.id).toBe(first.id);
    await store.retract(first.id, T0 + 4 * MINUTE);
    expect(await store.lastManual()).toBeUndefined();
  });
});

describe('importAll', () => {
  it('imports new activities and counts them', async () => {
    const store = await openStore();
    const rows = [anActivity(), aManualCall(), anActivity({ kind: 'inmail', channel: 'sales_navigator' })];
    expect(await store.importAll(rows)).toEqual({ added: 3, updated: 0, skipped: 0 });
    expect(sortedIds(await store.all())).toEqual(sortedIds(rows));
  });

  it('re-importing an export updates what changed in place, finds the rest already there, duplicates nothing', async () => {
    const store = await openStore();
    for (const a of [anActivity(), aManualCall(), anActivity()]) await store.record(a);
    const exported = await store.all();
    const edited = exported.map((a, i) => (i === 0 ? { ...a, note: 'edited' } : a));
    expect(await store.importAll(edited)).toEqual({ added: 0, updated: 1, skipped: 2 });
    expect(await store.count()).toBe(3);
    expect((await store.get(exported[0]!.id))?.note).toBe('edited');
  });

  it('skips a row whose de-duplication key is already recorded under another id, and repeats inside the file', async () => {
    const store = await openStore();
    const existing = anActivity({ dedupeKey: 'gmail:msg:1' });
    await store.record(existing);
    const sameAction = anActivity({ dedupeKey: 'gmail:msg:1' });
    const fresh = anActivity({ dedupeKey: 'gmail:msg:2' });
    const repeat = anActivity({ dedupeKey: 'gmail:msg:2' });
    expect(await store.importAll([sameAction, fresh, repeat])).toEqual({ added: 1, updated: 0, skipped: 2 });
    expect(sortedIds(await store.all())).toEqual([existing.id, fresh.id].sort());
  });

  it('a row that fails the model rejects the whole import: the database is unchanged', async () => {
    const store = await openStore();
    const existing = anActivity();
    await store.record(existing);
    const rows = [anActivity(), { ...existing, note: 'changed' }, { ...anActivity(), kind: 'fax' } as unknown as Activity];
    await expect(store.importAll(rows)).rejects.toThrow();
    expect(await store.all()).toEqual([existing]);
  });

  it('a write that fails mid-way (e.g. a unique-index violation) rolls back every earlier row', async () => {
    const store = await openStore();
    const existing = anActivity();
    await store.record(existing);
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      puts += 1;
      if (puts === 3) throw new DOMException('simulated unique-index violation', 'ConstraintError');
      return realPut.apply(this, args);
    });
    // The aborted transaction must not leave a rejected promise nobody handles (in the background
    // that is an "Uncaught (in promise) AbortError" on every refused import).
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const rows = [anActivity(), { ...existing, note: 'changed' }, anActivity(), anActivity()];
      await expect(store.importAll(rows)).rejects.toThrow('simulated unique-index violation');
      vi.restoreAllMocks();
      expect(await store.all()).toEqual([existing]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled.map((e) => (e instanceof Error ? e.name : String(e)))).toEqual([]);
  });
});

describe('deleteAll', () => {
  it('removes every activity but keeps settings in kv', async () => {
    const store = await openStore();
    for (const a of [anActivity(), aManualCall()]) await store.record(a);
    await store.writeKv('settings', defaultSettings('UTC'));
    await store.deleteAll();
    expect(await store.count()).toBe(0);
    expect(await store.all()).toEqual([]);
    expect(await store.readKv('settings')).toEqual(defaultSettings('UTC'));
  });
});

describe('kv: typed by key, validated both ways', () => {
  it("a write is normalised by the key's schema and read back as such", async () => {
    const store = await openStore();
    await store.writeKv('settings', { ...defaultSettings('UTC'), internalDomains: [' ACME.example '] });
    expect(await store.readKv('settings')).toEqual({ ...defaultSettings('UTC'), internalDomains: ['acme.example'] });
    expect(await store.db.get('kv', 'settings')).toEqual({ ...defaultSettings('UTC'), internalDomains: ['acme.example'] });
  });

  it('a write of a bad value throws before touching the database', async () => {
    const store = await openStore();
    await store.writeKv('accounts', ['rep@seller.example']);
    await expect(store.writeKv('accounts', [''] as never)).rejects.toThrow(/^kv accounts: /);
    await expect(store.writeKv('settings', { timeZone: 'Mars/Base' } as never)).rejects.toThrow(/^kv settings: /);
    expect(await store.db.get('kv', 'accounts')).toEqual(['rep@seller.example']);
    expect(await store.db.get('kv', 'settings')).toBeUndefined();
  });

  it('a stored value that no longer fits its schema, or a missing one, reads as undefined', async () => {
    const store = await openStore();
    await store.db.put('kv', { timeZone: 'UTC' }, 'settings');
    await store.db.put('kv', 'just a string', 'quotas');
    expect(await store.readKv('settings')).toBeUndefined();
    expect(await store.readKv('quotas')).toBeUndefined();
    expect(await store.readKv('undone')).toBeUndefined();
  });

  it('only the keys of the map exist (a free-form key is a compile error)', async () => {
    const store = await openStore();
    // @ts-expect-error 'doc' is not a stored key
    await expect(store.writeKv('doc', { a: 1 })).rejects.toThrow('kv doc: not a stored key');
    expect(Object.keys(KV_SCHEMAS)).toContain('ui:setupDismissed');
  });
});

describe('records that no longer fit the model', () => {
  it('are skipped by every read, never returned', async () => {
    const store = await openStore();
    const good = anActivity({ occurredAt: T0 });
    await store.record(good);
    const broken = { ...anActivity({ id: 'broken', status: 'pending', confirmAt: T0 - 1, occurredAt: T0 }), kind: 'telegram' };
    await store.db.put('activities', broken as never);
    expect(await store.count()).toBe(2); // it is there…
    expect(await store.get('broken')).toBeUndefined(); // …but never handed out
    expect(await store.getByDedupeKey(broken.dedupeKey)).toBeUndefined();
    expect(ids(await store.all())).toEqual([good.id]);
    expect(ids(await store.between(T0, T0 + 1))).toEqual([good.id]);
    expect(await store.list({}, 0, 10)).toEqual({ items: [good], total: 1 });
    expect(await store.pending()).toEqual([]);
    expect(await store.confirmDue(T0)).toEqual([]);
    expect(await store.retract('broken', T0)).toBeUndefined();
  });

  it('inRange skips a record of a known kind whose other fields are broken', async () => {
    const store = await openStore();
    const broken = { ...aManualCall({ id: 'broken', occurredAt: T0 }), recipients: [{ name: 'nobody' }] };
    await store.db.put('activities', broken as never);
    expect(await store.inRange(['call'], T0, T0 + 1)).toEqual([]);
  });
});

describe('update', () => {
  it('patches the allowed fields and stamps updatedAt', async () => {
    const store = await openStore();
    const call = aManualCall();
    await store.record(call);
    const updated = await store.update(call.id, { note: 'Call with ACME', occurredAt: T0 - MINUTE }, T0 + MINUTE);
    expect(updated).toEqual({ ...call, note: 'Call with ACME', occurredAt: T0 - MINUTE, updatedAt: T0 + MINUTE });
    expect(await store.get(call.id)).toEqual(updated);
  });

  it('refuses a patch that breaks the model and leaves the record as it was', async () => {
    const store = await openStore();
    const call = aManualCall();
    await store.record(call);
    await expect(store.update(call.id, { amount: -5 }, T0)).rejects.toThrow();
    expect(await store.get(call.id)).toEqual(call);
  });
});

describe('writes that belong together share one transaction', () => {
  const badAccounts = kvEdit('accounts', () => [''] as never);

  it('record: the activity, its day pack and the kv edit are stored together, or none of them', async () => {
    const store = await openStore();
    const refused = anActivity();
    await expect(store.record(refused, [badAccounts])).rejects.toThrow(/^kv accounts: /);
    expect(await store.count()).toBe(0);
    expect(await store.db.getAll('packs')).toEqual([]);

    const recorded = anActivity();
    await store.record(recorded, [kvEdit('accounts', (current = []) => [...current, recorded.account])]);
    expect(await store.get(recorded.id)).toEqual(recorded);
    expect(await store.readKv('accounts')).toEqual([recorded.account]);
    expect(await store.db.count('packs')).toBe(1);
  });

  it('record: a duplicate makes no kv edit', async () => {
    const store = await openStore();
    const activity = anActivity();
    await store.record(activity);
    const again = await store.record({ ...activity, id: 'other' }, [kvEdit('accounts', () => ['x@seller.example'])]);
    expect(again.created).toBe(false);
    expect(await store.readKv('accounts')).toBeUndefined();
  });

  it('retract by key: the retraction and the remembered key go together; nothing retracted, nothing remembered', async () => {
    const store = await openStore();
    const activity = anActivity({ status: 'pending', confirmAt: T0 + MINUTE });
    await store.record(activity);
    const remember = kvEdit('undone', (current) => ({ ...current, [activity.dedupeKey]: T0 }));
    await expect(store.retractByDedupeKey(activity.dedupeKey, T0, true, [kvEdit('undone', () => ({ x: 'y' }) as never)])).rejects.toThrow(
      /^kv undone: /,
    );
    expect((await store.get(activity.id))?.status).toBe('pending');

    expect((await store.retractByDedupeKey(activity.dedupeKey, T0, true, [remember]))?.status).toBe('retracted');
    expect(await store.readKv('undone')).toEqual({ [activity.dedupeKey]: T0 });
    await store.db.delete('kv', 'undone');
    expect(await store.retractByDedupeKey(activity.dedupeKey, T0, true, [remember])).toBeUndefined();
    expect(await store.readKv('undone')).toBeUndefined();
  });
});
