import { afterAll, describe, expect, it } from 'vitest';
import { defaultCrmSyncSettings } from '../../../lib/crm/outbox';
import { Request } from '../../../lib/messages';
import { defaultSettings } from '../../../lib/settings';
import { crmKvKey } from '../../../lib/store/kv';
import { aManualCall, anActivity } from '../../builders/activity';
import { gmailObservation, LABELS, syncRequest } from '../../builders/gmail';
import { createHarness, type Harness } from '../service/harness';
import { dumpStore, FuzzReport, HOSTILE_VALUES, pick, prototypeSnapshot, seeded } from './fuzz-kit';

/**
 * Every message type of the protocol, valid and then mutated (each field replaced by hostile values,
 * removed, extra fields added) and random: `handle` answers `{ ok: true }` or a refusal with a short
 * message, never throws, and a refused message changes nothing in the store.
 */

const SEED = 9009;
const report = new FuzzReport();
afterAll(() => report.print(`protocol messages through handle (seed ${SEED})`));

/** A valid example of each message type, over a store with one activity (id `known`). */
function examples(knownId: string): Record<Request['type'], Record<string, unknown>> {
  const message = {
    id: 'msg-a:r1234567890',
    from: { address: 'rep@seller.example', name: 'Robin' },
    to: [{ address: 'ann@buyer.example', name: 'Ann' }],
    subject: 'Hello',
    body: 'hi',
    timestamp: 1_768_400_000_000,
    labels: [...LABELS.send],
  };
  return {
    'capture/observed': { type: 'capture/observed', observation: gmailObservation(syncRequest([{ threadId: 'thread-a:r1', message }])) },
    'capture/undo-clicked': { type: 'capture/undo-clicked', provider: 'gmail', at: 1_768_410_000_000 },
    'capture/chat-seen': { type: 'capture/chat-seen', chat: { channel: 'vk', peerId: '2000000042', name: 'Отдел продаж' } },
    'capture/recent-chats': { type: 'capture/recent-chats' },
    'progress/get': { type: 'progress/get' },
    'capture/failures': { type: 'capture/failures' },
    'capture/failures-clear': { type: 'capture/failures-clear' },
    'activity/log': { type: 'activity/log', entry: { kind: 'call', note: 'spoke to Ann', amount: 10, currency: 'USD' } },
    'activity/undo-last': { type: 'activity/undo-last' },
    'activity/retract': { type: 'activity/retract', id: knownId },
    'activity/restore': { type: 'activity/restore', id: knownId },
    'activity/update': { type: 'activity/update', id: knownId, patch: { note: 'edited' } },
    'activity/list': { type: 'activity/list', filter: { kinds: ['email'], search: 'ann' }, offset: 0, limit: 50 },
    'activity/export': { type: 'activity/export' },
    'activity/import': { type: 'activity/import', activities: [anActivity()] },
    'activity/import-start': { type: 'activity/import-start', total: 1 },
    'activity/import-rows': { type: 'activity/import-rows', importId: 'import-1', offset: 0, activities: [anActivity()] },
    'activity/import-finish': { type: 'activity/import-finish', importId: 'import-1' },
    'activity/import-cancel': { type: 'activity/import-cancel', importId: 'import-1' },
    'activity/delete-all': { type: 'activity/delete-all' },
    'settings/get': { type: 'settings/get' },
    'tracking/set': { type: 'tracking/set', since: 0 },
    'settings/save': { type: 'settings/save', settings: defaultSettings('America/New_York') },
    'quotas/save': {
      type: 'quotas/save',
      quotas: [{ id: 'calls', name: 'Calls', kinds: ['call'], target: 150, period: 'month', measure: 'count', excludeInternal: false }],
    },
    'report/get': { type: 'report/get', period: 'this_month' },
    'ui/get': { type: 'ui/get', key: 'setupDismissed' },
    'ui/set': { type: 'ui/set', key: 'setupDismissed', value: true },
    'phone-link/clicked': {
      type: 'phone-link/clicked',
      click: { href: 'tel:+14155550123', pageHost: 'crm.example', at: 1_768_410_000_000 },
    },
    'phone-links/set': { type: 'phone-links/set', setting: { enabled: true, defaultCallingCode: '1' } },
    'activity/set-outcome': { type: 'activity/set-outcome', id: knownId, outcome: 'connected', durationSec: 60 },
    'calls/recent': { type: 'calls/recent', limit: 5 },
    'connectors/status': { type: 'connectors/status' },
    'connectors/connect': { type: 'connectors/connect', id: 'calcom', input: { apiKey: 'cal_live_0123', email: 'rep@seller.example' } },
    'connectors/test': { type: 'connectors/test', id: 'aircall' },
    'connectors/disconnect': { type: 'connectors/disconnect', id: 'aircall' },
    'connectors/poll': { type: 'connectors/poll', reason: 'manual' },
    'team/status': { type: 'team/status' },
    'team/connect': { type: 'team/connect', credentials: { crm: 'pipedrive', token: '0123456789abcdef', companyDomain: 'acme' } },
    'team/disconnect': { type: 'team/disconnect' },
    'team/board': { type: 'team/board', period: 'this_month' },
    'team/reps': { type: 'team/reps', repIds: ['7', '8'] },
    'kinds/list': { type: 'kinds/list' },
    'kinds/add': { type: 'kinds/add', names: { en: 'Trade show', ru: 'Выставка' }, oneClick: true },
    'kinds/update': { type: 'kinds/update', id: 'custom:site-visit', names: { en: 'Visit' }, hidden: false },
    'kinds/usage': { type: 'kinds/usage', id: 'custom:site-visit' },
    'kinds/remove': { type: 'kinds/remove', id: 'custom:site-visit', activities: 'archive' },
    'crm/status': { type: 'crm/status' },
    'crm/health': { type: 'crm/health' },
    'crm/connect': { type: 'crm/connect', crm: 'hubspot', input: { token: 'pat-na1-00000000-0000', ownerEmail: 'rep@seller.example' } },
    'crm/test': { type: 'crm/test', crm: 'hubspot' },
    'crm/disconnect': { type: 'crm/disconnect', crm: 'hubspot' },
    'crm/settings-save': { type: 'crm/settings-save', crm: 'hubspot', settings: defaultCrmSyncSettings(1_768_400_000_000) },
    'crm/sync-now': { type: 'crm/sync-now', crm: 'hubspot' },
    'crm/retry': { type: 'crm/retry', crm: 'hubspot' },
  };
}

/** Paths of every field (nested objects and the first array element included), the type excepted. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? (value.length ? [[0, value[0]]] : []) : Object.entries(value);
  for (const [key, child] of entries) {
    if (prefix.length === 0 && key === 'type') continue;
    out.push([...prefix, key], ...paths(child, [...prefix, key]));
  }
  return out;
}

function withValue(base: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  // defineProperty, so that a `__proto__` value is an own field as JSON would deliver it.
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

async function freshHarness(): Promise<{ harness: Harness; knownId: string }> {
  const harness = await createHarness();
  // Manual: only those can be edited (activity/update).
  const known = aManualCall({ occurredAt: harness.now() - 60_000 });
  await harness.store.importAll([known, anActivity({ occurredAt: harness.now() - 120_000 })]);
  // A custom kind for the kinds/* examples to name (issue 15).
  await harness.store.writeKv('customKinds', [{ id: 'custom:site-visit', names: { en: 'Site visit' }, oneClick: true, hidden: false }]);
  // A connected CRM (as a connect would have stored it; the harness has no network to connect with).
  await harness.store.writeKv(crmKvKey('hubspot'), {
    credentials: { crm: 'hubspot', token: 'pat-na1-00000000-0000' },
    account: 'HubSpot 1',
    userId: '',
    userName: '',
    connectedAt: harness.now(),
  });
  return { harness, knownId: known.id };
}

/** Sends one message; records how it ended; a refusal must leave the store as it was. */
async function probe(harness: Harness, kind: string, message: unknown): Promise<void> {
  // The previous message's progress is kept once its task is over (ProgressCache.keep): let that
  // write go first, so that `before` is the store this message finds.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // A report's judged days are kept after its answer: those go first too.
  await harness.service.reportDays.settled();
  const before = await dumpStore(harness);
  let response: Awaited<ReturnType<Harness['service']['handle']>>;
  try {
    response = await harness.service.handle(message);
  } catch (error) {
    report.note(kind, 'crashed', `threw ${String(error)}`);
    return;
  }
  if (response.ok) {
    report.note(kind, 'accepted');
    return;
  }
  const clear = typeof response.error === 'string' && response.error.length > 0 && response.error.length <= 600;
  if (!clear) {
    report.note(kind, 'crashed', `unclear error ${JSON.stringify(response.error)?.slice(0, 60)}`);
    return;
  }
  await harness.service.reportDays.settled();
  const after = await dumpStore(harness);
  if (!before.equals(after)) {
    report.note(kind, 'crashed', `refused but wrote: ${response.error}`);
    return;
  }
  report.note(kind, 'refused', response.error);
}

const TYPES = Request.options.map((option) => option.shape.type.value) as Request['type'][];

describe('protocol fuzz', () => {
  it('covers every message type', () => {
    expect(Object.keys(examples('x')).sort()).toEqual([...TYPES].sort());
  });

  it.each(TYPES)('%s: mutated and random payloads end in a result or a clear refusal', { timeout: 120_000 }, async (type) => {
    const rand = seeded(SEED + TYPES.indexOf(type));
    const prototypeBefore = prototypeSnapshot();
    const { harness, knownId } = await freshHarness();
    try {
      const base = examples(knownId)[type];
      // Rows and finish belong to a running import: one is started for the valid example.
      const chunked = type === 'activity/import-rows' || type === 'activity/import-finish';
      if (chunked) {
        const started = await harness.service.handle({ type: 'activity/import-start', total: type === 'activity/import-rows' ? 1 : 0 });
        Object.assign(base, { importId: (started as { data: { importId: string } }).data.importId });
      }
      // The valid example is accepted.
      const valid = await harness.service.handle(structuredClone(base));
      expect(valid, `${type} valid example: ${JSON.stringify(valid).slice(0, 200)}`).toMatchObject({ ok: true });
      // The import is then given up, so that the probes below meet no transaction left open.
      if (chunked) await harness.service.handle({ type: 'activity/import-cancel', importId: (base as { importId: string }).importId });
      if (type === 'activity/import-start')
        await harness.service.handle({ type: 'activity/import-cancel', importId: (valid as { data: { importId: string } }).data.importId });

      const kind = `${type}`;
      for (const path of paths(base)) {
        await probe(harness, kind, withValue(base, path, undefined, true));
        for (const make of HOSTILE_VALUES) await probe(harness, kind, withValue(base, path, make(), false));
      }
      // Extra fields, a wrong type, random payloads.
      await probe(harness, kind, { ...structuredClone(base), extra: HOSTILE_VALUES.map((make) => make()) });
      await probe(harness, kind, { ...structuredClone(base), type: `${type}x` });
      for (let i = 0; i < 20; i += 1) {
        const payload: Record<string, unknown> = { type };
        const fields = Math.floor(rand() * 4);
        for (let f = 0; f < fields; f += 1)
          payload[
            pick(rand, [
              'id',
              'entry',
              'observation',
              'activities',
              'settings',
              'quotas',
              'filter',
              'key',
              'value',
              'at',
              'period',
              'patch',
              'offset',
              'limit',
            ])
          ] = pick(rand, HOSTILE_VALUES)();
        await probe(harness, kind, payload);
      }
      expect(report.crashed(), 'cases that threw, answered unclearly, or wrote although refused').toBe(0);
      expect(prototypeSnapshot()).toBe(prototypeBefore);
    } finally {
      harness.close();
    }
  });

  it('non-objects and unknown types are refused', async () => {
    const { harness } = await freshHarness();
    try {
      for (const message of [
        undefined,
        null,
        0,
        'progress/get',
        [],
        [{ type: 'progress/get' }],
        {},
        { type: 'nope' },
        { type: null },
        { type: { toString: 'x' } },
      ]) {
        await probe(harness, 'not a message', message);
      }
      expect(report.crashed()).toBe(0);
    } finally {
      harness.close();
    }
  });
});
