import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../lib/settings';
import { createHarness, type Harness, ok } from './harness';

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
