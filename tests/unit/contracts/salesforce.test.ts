import { describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../contracts/exchange';
import { salesforceProblems } from '../../contracts/salesforce/check';

/**
 * Salesforce's contract, checked on every request the client (and the sign-in) makes in their own
 * test scenarios: those files run here again with the fake org's `send` recording each exchange, and
 * the last test checks them all against tests/contracts/salesforce/contract.json.
 */

const log = vi.hoisted(() => [] as Exchange[]);

vi.mock('../../fakes/crm/salesforce/fake-salesforce', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../fakes/crm/salesforce/fake-salesforce')>();
  const { recording } = await import('../../contracts/exchange');
  return {
    ...real,
    createFakeSalesforce: ((clock, field) => {
      const fake = real.createFakeSalesforce(clock, field);
      Object.defineProperty(fake, 'send', { value: recording(fake.send, log) });
      return fake;
    }) as typeof real.createFakeSalesforce,
  };
});

await import('../crm/salesforce/auth.test');
await import('../crm/salesforce/client.test');
await import('../crm/salesforce/board.test');
await import('../crm/board-start-every-crm.test');

describe('Salesforce contract (Object Reference, REST and OAuth guides, forcedotcom/postman-salesforce-apis)', () => {
  it('holds for every request the scenarios above made, and every answer they got', () => {
    expect(log.length).toBeGreaterThan(60);
    const failures = [...new Set(log.flatMap(salesforceProblems))];
    expect(failures).toEqual([]);
  });

  it('can fail: filtering on Description, a made-up picklist value, a secret, an unbounded aggregate', () => {
    const at = 'https://acme.my.salesforce.com/services/data/v62.0';
    const answer = { status: 200, headers: {}, body: '{"totalSize":0,"done":true,"records":[]}' };
    const query = (q: string) =>
      salesforceProblems({ request: { method: 'GET', url: `${at}/query?q=${encodeURIComponent(q)}`, headers: {} }, answer });
    expect(query("SELECT Id FROM Task WHERE Description LIKE '%x%'")).toEqual([
      expect.stringContaining('Description cannot be used in WHERE'),
    ]);
    expect(query('SELECT OwnerId, COUNT(Id) n FROM Task GROUP BY OwnerId')).toEqual([expect.stringContaining('2,000')]);
    const create = salesforceProblems({
      request: {
        method: 'POST',
        url: `${at}/sobjects/Task`,
        headers: { 'content-type': 'application/json' },
        body: '{"TaskSubtype":"Message","Status":"Completed"}',
      },
      answer: { status: 201, headers: {}, body: '{"id":"00T000000000001AAA","success":true,"errors":[]}' },
    });
    expect(create).toEqual([expect.stringContaining('TaskSubtype has no value Message')]);
    const token = salesforceProblems({
      request: {
        method: 'POST',
        url: 'https://acme.my.salesforce.com/services/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&refresh_token=r&client_id=c&client_secret=s',
      },
      answer: { status: 400, headers: {}, body: '{"error":"invalid_grant","error_description":"expired"}' },
    });
    expect(token).toContain('POST /services/oauth2/token: a client secret was sent');
  });
});
