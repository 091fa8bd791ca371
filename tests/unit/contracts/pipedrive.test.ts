import { describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../contracts/exchange';
import { pipedriveProblems } from '../../contracts/pipedrive/check';

/**
 * Pipedrive's contract, checked on every request the client makes in its own test scenarios: those
 * test files run here again with the client's HTTP layer recording each exchange, and the last test
 * checks them all against tests/contracts/pipedrive/ (Pipedrive's generated client + stated rules).
 */

const log = vi.hoisted(() => [] as Exchange[]);

vi.mock('../../../lib/crm/pipedrive/api', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../lib/crm/pipedrive/api')>();
  const { recording } = await import('../../contracts/exchange');
  return {
    ...real,
    pipedriveHttp: ((credentials, send, now) => real.pipedriveHttp(credentials, recording(send, log), now)) as typeof real.pipedriveHttp,
  };
});

await import('../crm/pipedrive/connect.test');
await import('../crm/pipedrive/records.test');
await import('../crm/pipedrive/fake-server.test');
await import('../crm/pipedrive/team.test');
await import('../crm/team-board-pipedrive.test');
await import('../crm/board-start-every-crm.test');

describe('Pipedrive contract (pipedrive/client-nodejs models, v2 migration guide)', () => {
  it('holds for every request the scenarios above made, and every 2xx answer they got', () => {
    expect(log.length).toBeGreaterThan(40);
    const failures = [...new Set(log.flatMap(pipedriveProblems))];
    // Two scenarios feed the client a malformed answer on purpose (it must read them as bad_payload):
    // the contract names exactly those, and nothing else.
    const deliberate = ['GET /api/v1/users answer/data', 'POST /api/v2/activities answer/data'];
    const isDeliberate = (line: string) => deliberate.some((prefix) => line.startsWith(prefix));
    expect(failures.filter((line) => !isDeliberate(line))).toEqual([]);
    for (const prefix of deliberate) expect(failures.some((line) => line.startsWith(prefix))).toBe(true);
  });
});
