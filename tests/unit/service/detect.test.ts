import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Detector, Observation } from '../../../lib/capture/types';
import { createHarness, type Harness, ok, WED_NOON } from './harness';

/**
 * DETECTORS is a fixed list (empty until the site detectors land), so the service's detect/learn loop
 * is tested with two stub detectors: one that always throws, and a LinkedIn-like one that learns who
 * is in a conversation and asks the DetectContext for them when a message is sent.
 */
vi.mock('../../../lib/capture', () => {
  const throwing: Detector = {
    id: 'gmail',
    watches: () => true,
    detect: () => {
      throw new Error('odd traffic');
    },
  };
  const linkedin: Detector = {
    id: 'linkedin',
    watches: (_method, url) => url.hostname === 'www.linkedin.com',
    detect: (observation, context) => {
      const body = JSON.parse(observation.request.body ?? '{}') as {
        op: string;
        conversation: string;
        message?: string;
        participants?: never[];
      };
      if (body.op === 'participants') {
        return [{ type: 'participants', conversationId: body.conversation, participants: body.participants ?? [] }];
      }
      if (body.op === 'bad') {
        // A site's new format tricking a detector into a negative time: the contract refuses it.
        return [
          {
            type: 'record',
            capture: {
              kind: 'linkedin_message',
              channel: 'linkedin',
              occurredAt: -1,
              account: 'urn:li:fsd_profile:ME',
              recipients: [],
              dedupeKey: 'linkedin:bad',
              detection: { method: 'page-request', source: 'stub' },
            },
          },
        ];
      }
      if (body.op === 'send') {
        return [
          {
            type: 'record',
            capture: {
              kind: 'linkedin_message',
              channel: 'linkedin',
              occurredAt: observation.startedAt,
              account: 'urn:li:fsd_profile:ME',
              recipients: context.participantsOf(body.conversation) ?? [],
              dedupeKey: `linkedin:${body.message}`,
              detection: { method: 'page-request', source: 'stub' },
            },
          },
        ];
      }
      return [];
    },
  };
  return { DETECTORS: [throwing, linkedin] };
});

let harness: Harness;
afterEach(() => harness?.close());

function linkedinObservation(body: object, url = 'https://www.linkedin.com/voyager/api/messaging'): Observation {
  return {
    pageUrl: 'https://www.linkedin.com/messaging/',
    request: { method: 'POST', url, headers: {}, body: JSON.stringify(body) },
    response: { status: 200, body: '{}' },
    startedAt: WED_NOON,
  };
}

const ann = { profileId: 'ACoAAAnn', name: 'Ann Smith' };
const bob = { profileId: 'ACoAABob' };

describe('detect with learned participants', () => {
  it('a detector that throws does not stop the others, and its failure is counted for the options page', async () => {
    harness = await createHarness();
    const { service, advance } = harness;
    const events = await service.detect(linkedinObservation({ op: 'participants', conversation: 'c1', participants: [ann] }));
    expect(events).toEqual([{ type: 'participants', conversationId: 'c1', participants: [ann] }]);
    advance(5000);
    await service.detect(linkedinObservation({ op: 'participants', conversation: 'c1', participants: [ann] }));
    const failures = await ok(service, { type: 'capture/failures' });
    expect(failures).toEqual({ gmail: { count: 2, since: WED_NOON, lastAt: WED_NOON + 5000, reason: 'threw', message: 'odd traffic' } });
    // A restarted background still reports them; clearing forgets them.
    expect(await ok(harness.restart(), { type: 'capture/failures' })).toEqual(failures);
    await ok(service, { type: 'capture/failures-clear' });
    expect(await ok(service, { type: 'capture/failures' })).toEqual({});
  });

  it('an event the contract rejects is counted as not understood and records nothing', async () => {
    harness = await createHarness();
    const { service, store } = harness;
    const result = await ok(service, { type: 'capture/observed', observation: linkedinObservation({ op: 'bad', conversation: 'c1' }) });
    expect(result).toEqual({ recorded: 0, retracted: 0 });
    expect(await store.count()).toBe(0);
    const failures = await ok(service, { type: 'capture/failures' });
    expect(failures.linkedin).toMatchObject({ count: 1, reason: 'invalid-event' });
    expect(failures.linkedin?.message).toContain('occurredAt');
  });

  it('resolves a relative request URL against the page', async () => {
    harness = await createHarness();
    const events = await harness.service.detect(
      linkedinObservation({ op: 'participants', conversation: 'c1', participants: [bob] }, '/voyager/api/messaging'),
    );
    expect(events).toHaveLength(1);
  });

  it('participants learned from one observation are the recipients of a later send in that conversation', async () => {
    harness = await createHarness();
    const { service, store } = harness;
    expect(
      await ok(service, {
        type: 'capture/observed',
        observation: linkedinObservation({ op: 'participants', conversation: 'c1', participants: [ann, bob] }),
      }),
    ).toEqual({
      recorded: 0,
      retracted: 0,
    });
    expect(
      await ok(service, { type: 'capture/observed', observation: linkedinObservation({ op: 'send', conversation: 'c1', message: 'm1' }) }),
    ).toEqual({
      recorded: 1,
      retracted: 0,
    });
    expect((await store.getByDedupeKey('linkedin:m1'))?.recipients).toEqual([ann, bob]);

    // An unknown conversation: no recipients, still recorded.
    await ok(service, { type: 'capture/observed', observation: linkedinObservation({ op: 'send', conversation: 'c2', message: 'm2' }) });
    expect((await store.getByDedupeKey('linkedin:m2'))?.recipients).toEqual([]);
  });

  it('learned participants survive a restart of the background', async () => {
    harness = await createHarness();
    await ok(harness.service, {
      type: 'capture/observed',
      observation: linkedinObservation({ op: 'participants', conversation: 'c1', participants: [ann] }),
    });
    const restarted = harness.restart();
    await ok(restarted, { type: 'capture/observed', observation: linkedinObservation({ op: 'send', conversation: 'c1', message: 'm1' }) });
    expect((await harness.store.getByDedupeKey('linkedin:m1'))?.recipients).toEqual([ann]);
  });

  it('newer participants replace older ones for the same conversation', async () => {
    harness = await createHarness();
    const { service, store, advance } = harness;
    await ok(service, {
      type: 'capture/observed',
      observation: linkedinObservation({ op: 'participants', conversation: 'c1', participants: [ann] }),
    });
    advance(1000);
    await ok(service, {
      type: 'capture/observed',
      observation: linkedinObservation({ op: 'participants', conversation: 'c1', participants: [bob] }),
    });
    await ok(service, { type: 'capture/observed', observation: linkedinObservation({ op: 'send', conversation: 'c1', message: 'm1' }) });
    expect((await store.getByDedupeKey('linkedin:m1'))?.recipients).toEqual([bob]);
  });

  it('privacy: names learned from participants are dropped when names are not stored', async () => {
    harness = await createHarness({ privacy: { storeSubjects: true, storeRecipientNames: false } });
    const { service, store } = harness;
    await ok(service, {
      type: 'capture/observed',
      observation: linkedinObservation({ op: 'participants', conversation: 'c1', participants: [ann] }),
    });
    await ok(service, { type: 'capture/observed', observation: linkedinObservation({ op: 'send', conversation: 'c1', message: 'm1' }) });
    expect((await store.getByDedupeKey('linkedin:m1'))?.recipients).toEqual([{ profileId: 'ACoAAAnn' }]);
  });

  it('an observation the detectors do not watch yields nothing', async () => {
    harness = await createHarness();
    expect(
      await harness.service.detect(linkedinObservation({ op: 'send', conversation: 'c1', message: 'm1' }, 'https://example.com/x')),
    ).toEqual([]);
  });
});
