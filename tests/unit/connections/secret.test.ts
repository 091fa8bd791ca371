import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { z } from 'zod';
import { QuotaRadarService } from '../../../lib/background';
import type { ConnectorPlatform } from '../../../lib/background/connectors';
import { isSecretKey, secretSlot, storageLocalSecrets } from '../../../lib/connections';
import { ActivityStore } from '../../../lib/store';
import * as aircallFx from '../../fixtures/connectors/aircall/calls';
import { jsonAnswer } from '../../fixtures/connectors/answer';
import { ok, WED_NOON } from '../service/harness';

const Token = z.object({ token: z.string().min(10), account: z.string() });

describe('a stored secret (storage.local)', () => {
  afterEach(() => fakeBrowser.reset());
  const slot = () => secretSlot('crm:example', Token, storageLocalSecrets(fakeBrowser.storage.local));

  it('is kept under a secret: key, read back through its schema, and cleared', async () => {
    await slot().write({ token: 'tok_0123456789', account: 'acme' });
    const all = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(all)).toEqual(['secret:crm:example']);
    expect(Object.keys(all).every(isSecretKey)).toBe(true);
    expect(await slot().read()).toEqual({ token: 'tok_0123456789', account: 'acme' });
    await slot().clear();
    expect(await slot().read()).toBeUndefined();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('refuses a value its schema does not allow, and keeps the one before', async () => {
    await slot().write({ token: 'tok_0123456789', account: 'acme' });
    await expect(slot().write({ token: 'short', account: 'acme' })).rejects.toThrow();
    expect(await slot().read()).toEqual({ token: 'tok_0123456789', account: 'acme' });
  });

  it('reads what no longer fits its schema as nothing kept (connect again), never as a half secret', async () => {
    await fakeBrowser.storage.local.set({ 'secret:crm:example': { token: 42 } });
    expect(await slot().read()).toBeUndefined();
  });
});

describe('a connected key never leaves', () => {
  const INPUT = { apiId: 'api_id_123', apiToken: 'api_token_456', lines: aircallFx.REP.email };

  it('is in no answer to a page: not the status, not the activity export', async () => {
    const store = await ActivityStore.open(`connections-${crypto.randomUUID()}`);
    const platform: ConnectorPlatform = {
      send: async (request) => {
        const url = new URL(request.url);
        if (url.host !== 'api.aircall.io') return { status: 404, headers: {}, body: '{}' };
        return jsonAnswer(url.searchParams.get('page') === '2' ? aircallFx.page2 : aircallFx.page1);
      },
      hasOrigins: async () => true,
      removeOrigins: async () => undefined,
      setPhoneLinkScript: async () => undefined,
    };
    const service = new QuotaRadarService(store, () => WED_NOON + 3_600_000, { platform });
    try {
      const connected = await ok(service, { type: 'connectors/connect', id: 'aircall', input: INPUT });
      const answers = [
        connected,
        await ok(service, { type: 'connectors/status' }),
        await ok(service, { type: 'connectors/test', id: 'aircall' }),
        await ok(service, { type: 'activity/export' }),
      ];
      // The poll recorded calls: the export is not empty, and still carries no key.
      expect((answers[3] as unknown[]).length).toBeGreaterThan(0);
      for (const answer of answers) {
        const text = JSON.stringify(answer);
        // The token is the secret (apiId is an account id the form shows as it is).
        expect(text).not.toContain(INPUT.apiToken);
      }
    } finally {
      store.close();
    }
  });
});
