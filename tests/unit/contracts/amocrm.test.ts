import { describe, expect, it, vi } from 'vitest';
import { amoProblems } from '../../contracts/amocrm/check';
import type { Exchange } from '../../contracts/exchange';

/**
 * amoCRM's contract, checked on every request the client makes in its own test scenarios (those
 * files run here again with the client's `send` recorded), against tests/contracts/amocrm/rules.json
 * (the official PHP client's paths, filters and toApi keys).
 */

const log = vi.hoisted(() => [] as Exchange[]);

vi.mock('../../../lib/crm/amocrm/rest', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../lib/crm/amocrm/rest')>();
  const { recording } = await import('../../contracts/exchange');
  return {
    ...real,
    amoCaller: ((domain, token, send, now) => real.amoCaller(domain, token, recording(send, log), now)) as typeof real.amoCaller,
  };
});

await import('../crm/amocrm/client.test');
await import('../crm/amocrm/fake-account.test');
await import('../crm/board-start-every-crm.test');

describe('amoCRM contract (amocrm/amocrm-api-php)', () => {
  it('holds for every request the scenarios above made', () => {
    expect(log.length).toBeGreaterThan(30);
    expect([...new Set(log.flatMap(amoProblems))]).toEqual([]);
  });
});
