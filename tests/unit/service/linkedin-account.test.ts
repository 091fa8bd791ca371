import { afterEach, describe, expect, it } from 'vitest';
import type { Capture } from '../../../lib/capture/types';
import { createHarness, type Harness, record, WED_NOON } from './harness';

const ME = 'urn:li:fsd_profile:ACoAAB1234';

function linkedin(kind: Capture['kind'], account: string, key: string): Capture {
  return {
    kind,
    channel: 'linkedin',
    occurredAt: WED_NOON,
    account,
    recipients: [{ profileId: 'urn:li:fsd_profile:ACoAAprospect' }],
    dedupeKey: key,
    detection: { method: 'page-request', source: 'voyager' },
  };
}

describe('one LinkedIn user is one account', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('captures without the profile (invitations, reactions) take the one a message named, also after a restart', async () => {
    h = await createHarness();
    await h.service.applyEvents([record(linkedin('linkedin_invite', 'linkedin', 'invite:before'))]);
    // Nothing learned yet: kept as the site said.
    expect((await h.store.getByDedupeKey('invite:before'))?.account).toBe('linkedin');

    await h.service.applyEvents([record(linkedin('linkedin_message', ME, 'message:1'))]);
    await h.service.applyEvents([record(linkedin('linkedin_invite', 'linkedin', 'invite:after'))]);
    expect((await h.store.getByDedupeKey('invite:after'))?.account).toBe(ME);

    const restarted = h.restart();
    await restarted.applyEvents([record(linkedin('social_touch', 'linkedin', 'reaction:1'))]);
    expect((await h.store.getByDedupeKey('reaction:1'))?.account).toBe(ME);
  });

  it('email accounts are never touched', async () => {
    h = await createHarness();
    await h.service.applyEvents([record(linkedin('linkedin_message', ME, 'message:1'))]);
    await h.service.applyEvents([record({ ...linkedin('email', 'linkedin', 'mail:1'), channel: 'gmail' })]);
    expect((await h.store.getByDedupeKey('mail:1'))?.account).toBe('linkedin');
  });
});
