import { afterEach, describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { aGmailCapture, createHarness, type Harness, ok, record, WED_NOON } from './harness';

/**
 * The privacy rule covers what the background learns from pages, not only what it records: with
 * names not kept, LinkedIn conversation participants are remembered by profile id alone.
 */
describe('privacy of learned LinkedIn participants', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const ann = { profileId: 'urn:li:fsd_profile:ACoAAann', name: 'Ann Smith' };
  const bob = { profileId: 'urn:li:fsd_profile:ACoAAbob', name: 'Bob Jones' };

  it('with names not kept, no name reaches the store', async () => {
    h = await createHarness({ privacy: { storeSubjects: true, storeRecipientNames: false } });
    await h.service.applyEvents([{ type: 'participants', conversationId: 'conv-1', participants: [ann, bob] }]);
    const stored = await h.store.db.get('kv', 'participants');
    expect(stored).toEqual({
      'conv-1': { at: h.now(), participants: [{ profileId: ann.profileId }, { profileId: bob.profileId }] },
    });
    expect(JSON.stringify(stored)).not.toMatch(/Ann|Bob/);
  });

  it('with names kept, they are remembered', async () => {
    h = await createHarness();
    await h.service.applyEvents([{ type: 'participants', conversationId: 'conv-1', participants: [ann] }]);
    expect(await h.store.db.get('kv', 'participants')).toEqual({ 'conv-1': { at: h.now(), participants: [ann] } });
  });

  it('turning names off forgets the names learned before', async () => {
    h = await createHarness();
    await h.service.applyEvents([{ type: 'participants', conversationId: 'conv-1', participants: [ann] }]);
    await ok(h.service, {
      type: 'settings/save',
      settings: { ...defaultSettings('America/New_York'), privacy: { storeSubjects: true, storeRecipientNames: false } },
    });
    expect(await h.store.db.get('kv', 'participants')).toEqual({ 'conv-1': { at: h.now(), participants: [{ profileId: ann.profileId }] } });
  });
});

/** Issue 21, point 14: subjects and names are kept only if the rep allows it. */
describe('privacy defaults', () => {
  it('a fresh install keeps neither subjects nor names', async () => {
    const store = await ActivityStore.open(`privacy-${crypto.randomUUID()}`);
    const service = new QuotaRadarService(store, () => WED_NOON);
    await service.ensureDefaults();
    expect((await ok(service, { type: 'settings/get' })).settings.privacy).toEqual({ storeSubjects: false, storeRecipientNames: false });
    await service.applyEvents([record(aGmailCapture({ hold: undefined }))]);
    const [stored] = await store.all();
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toMatch(/Quick question|Ann Smith/);
    store.close();
  });

  it('an install that allowed them keeps its choice', async () => {
    const store = await ActivityStore.open(`privacy-${crypto.randomUUID()}`);
    await store.writeKv('settings', { ...defaultSettings('UTC'), privacy: { storeSubjects: true, storeRecipientNames: true } });
    const service = new QuotaRadarService(store, () => WED_NOON);
    await service.ensureDefaults();
    expect((await ok(service, { type: 'settings/get' })).settings.privacy).toEqual({ storeSubjects: true, storeRecipientNames: true });
    store.close();
  });
});

/** Issue 27, point 6: turning a setting off removes what it covered, as excluding a chat does. */
describe('turning subjects or names off', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const keepAll = { storeSubjects: true, storeRecipientNames: true };
  const save = (privacy: typeof keepAll) =>
    ok(h.service, { type: 'settings/save', settings: { ...defaultSettings('America/New_York'), privacy } });

  it('removes stored subjects, then names, from every activity; History no longer finds them', async () => {
    h = await createHarness({ privacy: keepAll });
    await h.service.applyEvents([record(aGmailCapture({ hold: undefined }))]);
    await ok(h.service, { type: 'activity/log', entry: { kind: 'call', recipient: { phone: '+14155550100', name: 'Bo Lee' } } });
    const search = async (text: string) =>
      (await ok(h.service, { type: 'activity/list', filter: { search: text }, offset: 0, limit: 10 })).items.length;
    expect([await search('Quick question'), await search('Ann Smith'), await search('Bo Lee')]).toEqual([1, 1, 1]);

    await save({ storeSubjects: false, storeRecipientNames: true });
    const afterSubjects = await h.store.all();
    expect(afterSubjects.every((a) => a.subject === undefined)).toBe(true);
    expect([await search('Quick question'), await search('Ann Smith')]).toEqual([0, 1]);

    await save({ storeSubjects: false, storeRecipientNames: false });
    const afterNames = await h.store.all();
    expect(JSON.stringify(afterNames)).not.toMatch(/Quick question|Ann Smith|Bo Lee/);
    // Addresses and numbers stay: quotas of distinct people still count them.
    expect(afterNames.flatMap((a) => a.recipients)).toEqual(
      expect.arrayContaining([{ address: 'ann@buyer.example', role: 'to' }, { phone: '+14155550100' }]),
    );
    expect(afterNames).toHaveLength(2);
  });

  it('an import afterwards brings back neither', async () => {
    h = await createHarness({ privacy: { storeSubjects: false, storeRecipientNames: false } });
    await h.service.applyEvents([record(aGmailCapture({ hold: undefined }))]);
    const [captured] = await h.store.all();
    const backup = {
      ...captured!,
      id: 'from-backup',
      dedupeKey: 'backup:1',
      subject: 'Old subject',
      recipients: [{ address: 'x@buyer.example', name: 'Xi' }],
    };
    await ok(h.service, { type: 'activity/import', activities: [backup] });
    expect(JSON.stringify(await h.store.all())).not.toMatch(/Old subject|Xi/);
  });
});
