import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { defaultQuotas, defaultSettings, type Quota, type Settings } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';
import { createHarness, type Harness, ok, refused, WED_NOON } from './harness';

const MINUTE = 60_000;
let harness: Harness;

afterEach(() => harness?.close());

async function setup(settings: Partial<Settings> = {}) {
  harness = await createHarness(settings);
  return harness;
}

const calls = (report: Awaited<ReturnType<Harness['service']['progress']>>) => report.quotas.find((q) => q.quotaId === 'calls')!;

describe('handle: untrusted messages', () => {
  it.each([
    ['null', null],
    ['a string', 'progress/get'],
    ['an array', []],
    ['an object without type', {}],
    ['an unknown type', { type: 'activity/explode' }],
    ['a log without entry', { type: 'activity/log' }],
    ['a log of a kind that is not manual', { type: 'activity/log', entry: { kind: 'email' } }],
    ['a log with a negative time', { type: 'activity/log', entry: { kind: 'call', occurredAt: -1 } }],
    ['a log with a lower-case currency', { type: 'activity/log', entry: { kind: 'deal', amount: 5, currency: 'usd' } }],
    ['a log with a recipient lacking address and profile', { type: 'activity/log', entry: { kind: 'call', recipient: { name: 'X' } } }],
    ['a list with limit 0', { type: 'activity/list', filter: {}, offset: 0, limit: 0 }],
    ['an undo click from another provider', { type: 'capture/undo-clicked', provider: 'outlook', at: 1 }],
    ['an import that is not a list', { type: 'activity/import', activities: 'all of them' }],
  ])('refuses %s with an error and changes nothing', async (_what, message) => {
    const { service, store, changes } = await setup();
    const before = await store.readKv('settings');
    const error = await refused(service, message);
    expect(error).toMatch(/^invalid message: /);
    expect(await store.count()).toBe(0);
    expect(await store.readKv('settings')).toEqual(before);
    expect(changes()).toBe(0);
  });

  it('says where the problem is', async () => {
    const { service } = await setup();
    expect(await refused(service, { type: 'activity/log', entry: { kind: 'email' } })).toBe(
      'invalid message: entry.kind: Invalid option: expected one of "call"|"meeting"|"opportunity"|"deal"|"work_report"|"demo"|"new_customer" or a custom kind such as "custom:site-visit"',
    );
    expect(await refused(service, { type: 'activity/explode' })).toBe('invalid message: type: Invalid input');
    expect(await refused(service, null)).toBe('invalid message: Invalid input: expected object, received null');
    expect(await refused(service, { type: 'activity/log', entry: { kind: 'deal', currency: 'usd' } })).toBe(
      'invalid message: entry.currency: a currency is a three-letter ISO code such as USD',
    );
  });
});

describe('activity/log', () => {
  it('records a manual call now, and progress counts it', async () => {
    const { service, changes } = await setup();
    const logged = await ok(service, { type: 'activity/log', entry: { kind: 'call', note: '  Call with ACME  ' } });
    expect(logged).toMatchObject({
      kind: 'call',
      channel: 'manual',
      occurredAt: WED_NOON,
      account: 'me',
      recipients: [],
      note: 'Call with ACME',
      status: 'counted',
      detection: { method: 'manual' },
      createdAt: WED_NOON,
      updatedAt: WED_NOON,
    });
    expect(logged.dedupeKey).toBe(`manual:${logged.id}`);
    expect(changes()).toBe(1);

    const report = await ok(service, { type: 'progress/get' });
    expect(calls(report)).toMatchObject({ done: 1, doneToday: 1, target: 150 });
    expect(report.today).toEqual({ call: 1 });
    // 150 × 9.375 / 22 ≈ 63.92 expected by now.
    expect(calls(report).expectedByNow).toBeCloseTo(1406.25 / 22, 10);
  });

  it('refuses an entry dated in the future (a typo such as 2031), by logging or by editing', async () => {
    const { service } = await setup();
    const at2031 = Date.parse('2031-01-14T12:00:00-05:00');
    expect(await refused(service, { type: 'activity/log', entry: { kind: 'call', occurredAt: at2031 } })).toMatch(/future/);
    const call = await ok(service, { type: 'activity/log', entry: { kind: 'call', occurredAt: WED_NOON + 60_000 } });
    expect(await refused(service, { type: 'activity/update', id: call.id, patch: { occurredAt: at2031 } })).toMatch(/future/);
  });

  it('a back-dated entry counts for its day', async () => {
    const { service } = await setup();
    await ok(service, { type: 'activity/log', entry: { kind: 'call', occurredAt: Date.parse('2026-01-13T15:00:00-05:00') } });
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const report = await ok(service, { type: 'progress/get' });
    expect(calls(report)).toMatchObject({ done: 2, doneToday: 1 });
  });

  it('keeps a deal amount and currency; drops the recipient name when names are not stored', async () => {
    const { service } = await setup({ privacy: { storeSubjects: true, storeRecipientNames: false } });
    const logged = await ok(service, {
      type: 'activity/log',
      entry: { kind: 'deal', amount: 1200.5, currency: 'EUR', recipient: { address: 'Ann@Buyer.example', name: 'Ann Smith' } },
    });
    expect(logged.amount).toBe(1200.5);
    expect(logged.currency).toBe('EUR');
    expect(logged.recipients).toEqual([{ address: 'ann@buyer.example' }]);
  });
});

describe('activity/log with a requestId (a resend after the worker stopped)', () => {
  const requestId = '5b0a2f3e-8c1d-4e6f-9a7b-1c2d3e4f5a6b';

  it('the entry is keyed by the request, and a resend returns it instead of recording a second one', async () => {
    const { service, store, changes, advance } = await setup();
    const first = await ok(service, { type: 'activity/log', entry: { kind: 'call', note: 'ACME' }, requestId });
    expect(first.dedupeKey).toBe(`manual:${requestId}`);
    advance(MINUTE);
    const again = await ok(service, { type: 'activity/log', entry: { kind: 'call', note: 'ACME' }, requestId });
    expect(again).toEqual(first);
    expect(await store.count()).toBe(1);
    expect(changes()).toBe(1);
    expect(calls(await ok(service, { type: 'progress/get' })).done).toBe(1);
  });

  it('another requestId is another entry; an id that is not a uuid is refused', async () => {
    const { service, store } = await setup();
    await ok(service, { type: 'activity/log', entry: { kind: 'call' }, requestId });
    await ok(service, { type: 'activity/log', entry: { kind: 'call' }, requestId: crypto.randomUUID() });
    expect(await store.count()).toBe(2);
    expect(await refused(service, { type: 'activity/log', entry: { kind: 'call' }, requestId: 'again' })).toMatch(
      /^invalid message: requestId: /,
    );
    expect(await store.count()).toBe(2);
  });
});

describe('activity/undo-last', () => {
  it("undoes the rep's own last entry, then the one before, then nothing; a capture recorded after stays", async () => {
    const { service, store, advance } = await setup();
    const call = await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    advance(MINUTE);
    // Entered later but back-dated to yesterday: still recorded after the call.
    const meeting = await ok(service, { type: 'activity/log', entry: { kind: 'meeting', occurredAt: WED_NOON - 24 * 60 * MINUTE } });
    // A captured email, recorded after both: it leaves by name (History, recent list), never by "undo last entry".
    const email = anActivity({ occurredAt: WED_NOON + 2 * MINUTE, createdAt: WED_NOON + 2 * MINUTE });
    await store.record(email);
    advance(MINUTE);

    const undone = await ok(service, { type: 'activity/undo-last' });
    expect(undone).toMatchObject({ id: meeting.id, status: 'retracted', updatedAt: WED_NOON + 2 * MINUTE });
    expect((await store.get(call.id))?.status).toBe('counted');
    expect((await ok(service, { type: 'activity/undo-last' }))?.id).toBe(call.id);
    expect(await ok(service, { type: 'activity/undo-last' })).toBeNull();
    expect((await store.get(email.id))?.status).toBe('counted');
  });

  it('progress reflects the undo at once (no stale cache)', async () => {
    const { service } = await setup();
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    expect(calls(await ok(service, { type: 'progress/get' })).done).toBe(1);
    await ok(service, { type: 'activity/undo-last' });
    expect(calls(await ok(service, { type: 'progress/get' })).done).toBe(0);
  });
});

describe('activity/retract, restore, update', () => {
  it('retracts and restores by id', async () => {
    const { service } = await setup();
    const call = await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    expect((await ok(service, { type: 'activity/retract', id: call.id }))?.status).toBe('retracted');
    expect(calls(await ok(service, { type: 'progress/get' })).done).toBe(0);
    expect((await ok(service, { type: 'activity/restore', id: call.id }))?.status).toBe('counted');
    expect(calls(await ok(service, { type: 'progress/get' })).done).toBe(1);
    expect(await ok(service, { type: 'activity/retract', id: 'nope' })).toBeNull();
  });

  it('edits a manual entry; refuses captured ones and unknown ids', async () => {
    const { service, store, advance } = await setup();
    const call = await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    advance(MINUTE);
    const updated = await ok(service, { type: 'activity/update', id: call.id, patch: { kind: 'meeting', note: 'Demo' } });
    expect(updated).toMatchObject({ id: call.id, kind: 'meeting', note: 'Demo', updatedAt: WED_NOON + MINUTE });

    const captured = anActivity();
    await store.record(captured);
    expect(await refused(service, { type: 'activity/update', id: captured.id, patch: { note: 'x' } })).toBe(
      'only manual entries can be edited; captured ones can be deleted',
    );
    expect(await refused(service, { type: 'activity/update', id: 'nope', patch: {} })).toBe('no such activity');
    expect(await store.get(captured.id)).toEqual(captured);
  });
});

describe('privacy of edited entries', () => {
  it('editing an entry does not store a recipient name when names are not stored', async () => {
    const { service, store } = await setup({ privacy: { storeSubjects: true, storeRecipientNames: false } });
    const call = await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    await ok(service, {
      type: 'activity/update',
      id: call.id,
      patch: { recipient: { address: 'ann@buyer.example', name: 'Ann Smith' } },
    });
    expect((await store.get(call.id))?.recipients).toEqual([{ address: 'ann@buyer.example' }]);
  });
});

describe('settings/save', () => {
  const valid = () => defaultSettings('America/New_York');

  it.each<[string, (s: Settings) => unknown, string]>([
    ['no working days', (s) => ({ ...s, workingDays: [] }), 'workingDays: choose at least one working day'],
    ['an unknown time zone', (s) => ({ ...s, timeZone: 'Mars/Base' }), 'timeZone: unknown time zone'],
    [
      'a day that ends when it starts',
      (s) => ({ ...s, workdayStartHour: 9, workdayEndHour: 9 }),
      'workdayEndHour: the working day must end after it starts',
    ],
    [
      'a day that ends before it starts',
      (s) => ({ ...s, workdayStartHour: 18, workdayEndHour: 8 }),
      'workdayEndHour: the working day must end after it starts',
    ],
    ['a holiday that is not a date', (s) => ({ ...s, nonWorkingDates: ['2026-1-1'] }), 'nonWorkingDates.0: dates are written YYYY-MM-DD'],
    [
      'an internal domain that is not one',
      (s) => ({ ...s, internalDomains: ['acme'] }),
      'internalDomains.0: a domain looks like example.com',
    ],
  ])('refuses %s with a clear error and keeps the stored settings', async (_what, change, error) => {
    const { service, store, changes } = await setup();
    const stored = await store.readKv('settings');
    expect(await refused(service, { type: 'settings/save', settings: change(valid()) })).toBe(error);
    expect(await store.readKv('settings')).toEqual(stored);
    expect((await ok(service, { type: 'settings/get' })).settings).toEqual(stored);
    expect(changes()).toBe(0);
  });

  it('refuses something that is not settings at all', async () => {
    const { service } = await setup();
    expect(await refused(service, { type: 'settings/save', settings: 'dark mode' })).toBe(
      'Invalid input: expected object, received string',
    );
  });

  it('saves valid settings, normalised, and progress uses them', async () => {
    const { service, store } = await setup();
    const saved = await ok(service, {
      type: 'settings/save',
      settings: { ...valid(), timeZone: 'Asia/Tokyo', internalDomains: [' ACME.example '] },
    });
    expect(saved.internalDomains).toEqual(['acme.example']);
    expect(await store.readKv('settings')).toEqual(saved);
    expect((await ok(service, { type: 'settings/get' })).settings).toEqual(saved);
    // Wed Jan 14 12:00 in New York is Thu Jan 15 02:00 in Tokyo: the day starts at 00:00 JST.
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const report = await ok(service, { type: 'progress/get' });
    expect(calls(report).period.start).toBe(Date.parse('2026-01-01T00:00:00+09:00'));
    expect(calls(report).doneToday).toBe(1);
  });
});

describe('quotas/save', () => {
  const quota = (overrides: Partial<Quota> = {}): Quota => ({
    id: 'calls',
    name: 'Calls',
    kinds: ['call'],
    target: 150,
    period: 'month',
    measure: 'count',
    excludeInternal: false,
    ...overrides,
  });

  it.each<[string, unknown, string]>([
    ['a target of 0', [quota({ target: 0 })], '0.target: a count target is a whole number from 1 to 1000000'],
    ['two quotas of one name', [quota(), quota({ id: 'two', name: ' calls ' })], '1.name: another quota has this name'],
    ['no kinds', [quota({ kinds: [] })], '0.kinds: choose at least one activity kind'],
    ['a blank name', [quota(), quota({ id: 'two', name: '   ' })], '1.name: a quota needs a name'],
    ['duplicate ids', [quota(), quota({ name: 'Calls again' })], 'quota ids must be unique'],
  ])('refuses %s and keeps the stored quotas', async (_what, quotas, error) => {
    const { service } = await setup();
    expect(await refused(service, { type: 'quotas/save', quotas })).toBe(error);
    expect((await ok(service, { type: 'settings/get' })).quotas).toEqual(defaultQuotas());
  });

  it('saves valid quotas, and progress follows them', async () => {
    const { service, store } = await setup();
    const quotas = [quota({ id: 'daily', name: 'Daily calls', period: 'day', target: 8 })];
    expect(await ok(service, { type: 'quotas/save', quotas })).toEqual(quotas);
    expect((await ok(service, { type: 'settings/get' })).quotas).toEqual(quotas);
    // A restarted background reads them back.
    expect(await harness.restart().getQuotas()).toEqual(quotas);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const report = await ok(service, { type: 'progress/get' });
    // Day quota at noon: 8 × 3/8 = 3 expected by now, 8 by tonight.
    expect(report.quotas).toHaveLength(1);
    expect(report.quotas[0]).toMatchObject({ quotaId: 'daily', done: 1, expectedByNow: 3, neededToday: 7 });
    expect(await store.readKv('quotas')).toEqual(quotas);
  });
});

describe('activity/import and export', () => {
  it('a bad 3rd row names "row 3" and imports nothing', async () => {
    const { service, store, changes } = await setup();
    const existing = aManualCall();
    await store.record(existing);
    const rows: unknown[] = [anActivity(), aManualCall(), { ...anActivity(), occurredAt: '2026-01-14T12:00:00Z' }, anActivity()];
    const error = await refused(service, { type: 'activity/import', activities: rows });
    expect(error).toBe('row 3: occurredAt: Invalid input: expected number, received string');
    expect(await store.all()).toEqual([existing]);
    expect(changes()).toBe(0);
  });

  it('imports valid rows; re-importing the export finds them all already there instead of duplicating', async () => {
    const { service, store } = await setup();
    const rows = [anActivity(), aManualCall(), anActivity({ kind: 'inmail', channel: 'sales_navigator' })];
    expect(await ok(service, { type: 'activity/import', activities: rows })).toEqual({ added: 3, updated: 0, skipped: 0 });
    const exported = await ok(service, { type: 'activity/export' });
    expect(exported.map((a: Activity) => a.id).sort()).toEqual(rows.map((a) => a.id).sort());
    expect(await ok(service, { type: 'activity/import', activities: exported })).toEqual({ added: 0, updated: 0, skipped: 3 });
    expect(await store.count()).toBe(3);
  });

  it('delete-all says how many went', async () => {
    const { service, store } = await setup();
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    await ok(service, { type: 'activity/log', entry: { kind: 'meeting' } });
    expect(await ok(service, { type: 'activity/delete-all' })).toEqual({ deleted: 2 });
    expect(await store.count()).toBe(0);
    expect(calls(await ok(service, { type: 'progress/get' })).done).toBe(0);
  });
});

describe('activity/list', () => {
  it('pages newest first with filters', async () => {
    const { service, advance } = await setup();
    const first = await ok(service, { type: 'activity/log', entry: { kind: 'call', note: 'ACME' } });
    advance(MINUTE);
    const second = await ok(service, { type: 'activity/log', entry: { kind: 'meeting', occurredAt: WED_NOON + MINUTE } });
    const all = await ok(service, { type: 'activity/list', filter: {}, offset: 0, limit: 10 });
    expect(all.items.map((a) => a.id)).toEqual([second.id, first.id]);
    const found = await ok(service, { type: 'activity/list', filter: { search: 'acme', kinds: ['call'] }, offset: 0, limit: 10 });
    expect(found).toEqual({ items: [first], total: 1, undoneOnPage: [] });
  });
});

describe('first run', () => {
  it('ensureDefaults writes default settings and quotas once', async () => {
    const { store } = await setup();
    await store.db.delete('kv', 'settings');
    const service = harness.restart();
    await service.ensureDefaults();
    expect(await store.readKv('settings')).toEqual(defaultSettings());
    expect((await ok(service, { type: 'settings/get' })).quotas).toEqual(defaultQuotas());
  });

  it('garbage in stored settings falls back to the defaults instead of failing', async () => {
    const { store } = await setup();
    // Written past the typed writeKv (which refuses it), as an older version or a bug might have left it.
    await store.db.put('kv', { timeZone: 'Mars/Base' }, 'settings');
    const service = harness.restart();
    expect(await service.getSettings()).toEqual(defaultSettings());
  });
});
