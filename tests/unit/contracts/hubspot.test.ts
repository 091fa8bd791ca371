import { describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../contracts/exchange';
import { type Confirmed, hubspotProblems } from '../../contracts/hubspot/check';

/**
 * HubSpot's contract, checked on every request the client makes in its own test scenarios (those
 * files run here again with the client's `send` recorded), against tests/contracts/hubspot/
 * (HubSpot's public OpenAPI collection + the guides' property lists and search caps).
 */

const log = vi.hoisted(() => [] as Exchange[]);

vi.mock('../../../lib/crm/hubspot/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../lib/crm/hubspot/client')>();
  const { recording } = await import('../../contracts/exchange');
  return {
    ...real,
    createHubSpotClient: ((credentials, send, options) =>
      real.createHubSpotClient(credentials, recording(send, log), options)) as typeof real.createHubSpotClient,
  };
});

await import('../crm/hubspot/client.test');
await import('../crm/hubspot/portal.test');
await import('../crm/sync.test');
await import('../crm/board-start-every-crm.test');

describe('HubSpot contract (HubSpot-public-api-spec-collection, guides)', () => {
  it('holds for every request the scenarios above made, and every 2xx answer they got', () => {
    expect(log.length).toBeGreaterThan(40);
    const confirmed: Confirmed = new Set();
    const failures = [...new Set(log.flatMap((exchange) => hubspotProblems(exchange, confirmed)))];
    // One scenario feeds the client an account answer of another shape on purpose (bad_payload): the contract names it, and nothing else.
    const deliberate = 'GET /account-info/v3/details answer';
    expect(failures.filter((line) => !line.startsWith(deliberate))).toEqual([]);
    expect(failures.some((line) => line.startsWith(deliberate))).toBe(true);
  });
});
