import { afterAll, describe, expect, it } from 'vitest';
import type { Observation as ObservationType } from '../../../lib/capture/types';
import { Observation } from '../../../lib/capture/types';
import { isObservation } from '../../../lib/tap/validate';
import { gmailObservation, LABELS, syncRequest, syncResponse } from '../../builders/gmail';
import { createMessage } from '../../builders/linkedin';
import { createItemRequest, owaObservation } from '../../builders/outlook';
import { batch, saveMessageRequest, yahooObservation } from '../../builders/yahoo';
import { createHarness } from '../service/harness';
import { deeplyNestedJson, dumpStore, FUZZ_FULL, FuzzReport, HOSTILE_VALUES, POLLUTING, pick, prototypeSnapshot, seeded } from './fuzz-kit';

/**
 * Observations as a hostile or broken page could make them (deeply nested, 20 MB, `__proto__` and
 * `constructor` keys), through the relay's check and the background's `capture/observed`: a result
 * or a clear refusal, never a throw, and no prototype pollution anywhere.
 */

const SEED = 7007;
const report = new FuzzReport();
afterAll(() => report.print(`observations (seed ${SEED})`));

const gmailMessage = {
  id: 'msg-a:r5555555555',
  from: { address: 'rep@seller.example', name: 'Robin' },
  to: [{ address: 'ann@buyer.example', name: 'Ann' }],
  subject: 'Hello',
  body: 'hi',
  timestamp: 1_768_400_000_000,
  labels: [...LABELS.send],
};

/** A valid observation of each watched site, whose bodies the cases below replace. */
function bases(): Record<string, ObservationType> {
  return {
    gmail: gmailObservation(syncRequest([{ threadId: 'thread-a:r5', message: gmailMessage }]), {
      response: syncResponse([{ threadId: 'thread-a:r5', messages: [{ ...gmailMessage, labels: [...LABELS.sent] }] }]),
    }),
    linkedin: createMessage({ text: 'hello', hostRecipients: ['ACoAAAGBzkcBiJaW_s9coH6XvtjTaNhC9A7YZ_Q'], messageId: '2-ZnV6eg==' }),
    outlook: owaObservation('CreateItem', createItemRequest({ Subject: 'Hi', To: [{ EmailAddress: 'ann@buyer.example' }], body: 'x' })),
    yahoo: yahooObservation(batch([saveMessageRequest({ subject: 'Hi', to: [{ email: 'ann@buyer.example' }] })])),
  };
}

/** Bodies that a detector will parse: nested, huge, polluting. */
function hostileBodies(rand: () => number): [string, string | null][] {
  const proto = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
  return [
    ['deeply nested arrays (100,000)', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['deeply nested objects and arrays (2 x 20,000)', deeplyNestedJson(20_000)],
    ['unbalanced nesting', '['.repeat(50_000)],
    ['__proto__ at the top', proto],
    ['__proto__ nested in Gmail shape', `[[${proto},[${proto}]],${proto}]`],
    ['__proto__ nested in LinkedIn shape', `{"message":${proto},"value":${proto},"included":[${proto}],"data":${proto}}`],
    ['20 MB of text', 'a'.repeat(20_000_000)],
    ['20 MB of JSON', `[${'"x",'.repeat(4_999_998)}"x"]`],
    ['empty', ''],
    ['null body', null],
    ['random bytes as text', Array.from({ length: 2000 }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join('')],
  ];
}

describe('observation fuzz', () => {
  it('hostile bodies on every watched site: recorded or counted as not understood, never thrown, no pollution', {
    timeout: 240_000,
  }, async () => {
    const rand = seeded(SEED);
    const prototypeBefore = prototypeSnapshot();
    const harness = await createHarness();
    try {
      for (const [site, base] of Object.entries(bases())) {
        expect(Observation.safeParse(base).success, site).toBe(true);
        for (const [kind, body] of hostileBodies(rand)) {
          // The 20 MB bodies on one site in the gate, on every site in `npm run bench` (FUZZ_FULL).
          if (!FUZZ_FULL && kind.startsWith('20 MB') && site !== 'gmail') continue;
          for (const side of ['request', 'response'] as const) {
            const observation = structuredClone(base);
            observation[side].body = body;
            expect(isObservation(observation), `${site} ${kind}`).toBe(true);
            const response = await harness.service.handle({ type: 'capture/observed', observation });
            if (response.ok) report.note(`body: ${kind}`, 'accepted', `${site} ${side}: ${JSON.stringify(response.data)}`);
            else report.note(`body: ${kind}`, response.error ? 'refused' : 'crashed', response.error);
          }
        }
      }
      // Over the limit: refused by the relay's check and by the schema.
      const tooLarge = structuredClone(bases().gmail!);
      tooLarge.request.body = 'a'.repeat(20_000_001);
      expect(isObservation(tooLarge)).toBe(false);
      const refusal = await harness.service.handle({ type: 'capture/observed', observation: tooLarge });
      expect(refusal).toMatchObject({ ok: false, error: expect.stringContaining('request.body') });
      report.note('body: over 20 MB', 'refused', refusal.ok ? '' : refusal.error);

      const failures = await harness.service.handle({ type: 'capture/failures' });
      expect(failures.ok).toBe(true);
      expect(report.crashed()).toBe(0);
      expect(prototypeSnapshot()).toBe(prototypeBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      harness.close();
    }
  });

  it('hostile shapes: the relay check and the background schema agree, and neither throws', async () => {
    const rand = seeded(SEED + 1);
    const prototypeBefore = prototypeSnapshot();
    const harness = await createHarness();
    try {
      const base = bases().gmail!;
      const fields: (string[] | [])[] = [
        [],
        ['pageUrl'],
        ['request'],
        ['request', 'method'],
        ['request', 'url'],
        ['request', 'headers'],
        ['request', 'body'],
        ['response'],
        ['response', 'status'],
        ['response', 'body'],
        ['startedAt'],
      ];
      const candidates: [string, unknown][] = [];
      for (const path of fields) {
        for (const make of HOSTILE_VALUES) {
          const copy = structuredClone(base) as unknown as Record<string, unknown>;
          if (path.length === 0) {
            candidates.push(['whole observation', make()]);
            continue;
          }
          let node = copy;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          Object.defineProperty(node, path[path.length - 1]!, { value: make(), enumerable: true, writable: true, configurable: true });
          candidates.push([`field ${path.join('.')}`, copy]);
        }
      }
      // Own __proto__ / constructor keys where objects are open (headers is a record).
      for (let i = 0; i < 30; i += 1) {
        const copy = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
        const where = pick(rand, [copy, copy.request!, copy.response!, copy.request!.headers as Record<string, unknown>]);
        for (const [key, value] of Object.entries(POLLUTING() as object))
          Object.defineProperty(where, key, { value: rand() < 0.5 ? value : 'text', enumerable: true, configurable: true, writable: true });
        candidates.push(['__proto__/constructor keys', JSON.parse(JSON.stringify(copy))]);
      }
      for (const [kind, candidate] of candidates) {
        let relayAccepts: boolean;
        try {
          relayAccepts = isObservation(candidate);
        } catch (error) {
          report.note(`shape: ${kind}`, 'crashed', `isObservation threw ${String(error)}`);
          continue;
        }
        const schemaAccepts = Observation.safeParse(candidate).success;
        // The relay may only let through what the background accepts (it is the cheap first gate).
        if (relayAccepts && !schemaAccepts) report.note(`shape: ${kind}`, 'crashed', 'relay check looser than the schema');
        const before = await dumpStore(harness);
        const response = await harness.service.handle({ type: 'capture/observed', observation: candidate });
        if (response.ok) report.note(`shape: ${kind}`, 'accepted');
        else {
          const unchanged = (await dumpStore(harness)).equals(before);
          report.note(`shape: ${kind}`, unchanged && response.error ? 'refused' : 'crashed', response.error);
        }
      }
      expect(report.crashed()).toBe(0);
      expect(prototypeSnapshot()).toBe(prototypeBefore);
    } finally {
      harness.close();
    }
  });
});
