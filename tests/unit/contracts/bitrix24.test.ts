import { describe, expect, it, vi } from 'vitest';
import { bitrixProblems } from '../../contracts/bitrix24/check';
import type { Exchange } from '../../contracts/exchange';

/**
 * Bitrix24's contract, checked on every call the client makes in its own test scenarios (those
 * files run here again with the client's `send` recorded), against tests/contracts/bitrix24/
 * (the method pages of bitrix24/b24restdocs as data).
 */

const log = vi.hoisted(() => [] as Exchange[]);

vi.mock('../../../lib/crm/bitrix24/rest', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../lib/crm/bitrix24/rest')>();
  const { recording } = await import('../../contracts/exchange');
  return {
    ...real,
    bitrixCaller: ((webhook, send, now) => real.bitrixCaller(webhook, recording(send, log), now)) as typeof real.bitrixCaller,
  };
});

await import('../crm/bitrix24/client.test');
await import('../crm/bitrix24/fake-portal.test');
await import('../crm/board-start-every-crm.test');

describe('Bitrix24 contract (bitrix24/b24restdocs)', () => {
  it('holds for every call the scenarios above made', () => {
    expect(log.length).toBeGreaterThan(30);
    expect([...new Set(log.flatMap(bitrixProblems))]).toEqual([]);
  });
});
