import { describe, expect, it } from 'vitest';
import { PIPEDRIVE } from '../../../../lib/crm/pipedrive';
import { CrmCredentials } from '../../../../lib/crm/types';
import * as acts from '../../../fixtures/crm/pipedrive/activities';
import * as notes from '../../../fixtures/crm/pipedrive/notes';
import * as people from '../../../fixtures/crm/pipedrive/persons';
import * as users from '../../../fixtures/crm/pipedrive/users';
import { bodyOf, query, scriptedSend } from './send';

/** A fixed clock: nothing here depends on the date, and nothing reads the real one. */
const CLOCK = () => Date.parse('2026-11-02T12:00:00Z');

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const withDomain = CrmCredentials.parse({ crm: 'pipedrive', token: TOKEN, companyDomain: 'Acme' });
const withoutDomain = CrmCredentials.parse({ crm: 'pipedrive', token: TOKEN });

describe('Pipedrive descriptor', () => {
  it('asks for the company host when the domain is known, else api.pipedrive.com; the manifest lists both', () => {
    expect(PIPEDRIVE.origins(withDomain)).toEqual(['https://acme.pipedrive.com/*']);
    expect(PIPEDRIVE.origins(withoutDomain)).toEqual(['https://api.pipedrive.com/*']);
    expect(PIPEDRIVE.origins()).toEqual(['https://api.pipedrive.com/*']);
    expect(PIPEDRIVE.allOrigins).toEqual(['https://api.pipedrive.com/*', 'https://*.pipedrive.com/*']);
    // Search endpoints: 10 requests per 2 seconds on every plan.
    expect(PIPEDRIVE.minRequestIntervalMs).toBe(200);
    expect(PIPEDRIVE.createClient(withDomain, scriptedSend([]).send, CLOCK).crm).toBe('pipedrive');
    expect(() => PIPEDRIVE.createClient({ crm: 'hubspot', token: 'pat-na1-0123456789' }, scriptedSend([]).send, CLOCK)).toThrow(/hubspot/);
  });
});

describe('Pipedrive connection test (GET /v1/users/me)', () => {
  it('sends the token in the x-api-token header only, to the company host, and names the account and user', async () => {
    const fake = scriptedSend([
      { method: 'GET', path: '/api/v1/users/me', answers: [{ body: users.currentUser }] },
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: acts.repRecent }] },
      { method: 'GET', path: /\/persons\/search$/, answers: [{ body: people.none }] },
      { method: 'GET', path: /\/notes$/, answers: [{ body: notes.noNotes }] },
      { method: 'GET', path: /\/users$/, answers: [{ body: users.allUsers }] },
    ]);
    const result = await PIPEDRIVE.createClient(withDomain, fake.send, CLOCK).test();
    expect(result).toMatchObject({ ok: true, value: { account: 'acme.pipedrive.com', userId: '7001', userName: 'Rita Rep' } });
    // Then reads only: one activity of the user's (may the token's user see activities at all?), a person search,
    // one note, the users: what matching, the duplicate guard and the board need, said before the first write.
    expect(fake.requests.map((r) => r.url)).toEqual([
      'https://acme.pipedrive.com/api/v1/users/me',
      'https://acme.pipedrive.com/api/v2/activities?owner_id=7001&limit=1',
      'https://acme.pipedrive.com/api/v2/persons/search?term=quota-radar-check%40example.invalid&fields=email&exact_match=true&limit=1',
      'https://acme.pipedrive.com/api/v1/notes?user_id=7001&limit=1',
      'https://acme.pipedrive.com/api/v1/users',
    ]);
    expect(result.ok && result.value.checks?.map((c) => [c.what, c.ok])).toEqual([
      ['owner', true],
      ['activities', true],
      ['contacts', true],
      ['notes', true],
      ['team', true],
    ]);
    for (const request of fake.requests) {
      expect(request.headers).toEqual({ accept: 'application/json', 'x-api-token': TOKEN });
      expect(request.url).not.toContain(TOKEN);
    }
  });

  it('uses https://api.pipedrive.com/v1 (and /api/v2) without a company domain', async () => {
    const fake = scriptedSend([
      { method: 'GET', path: '/v1/users/me', answers: [{ body: users.currentUser }] },
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: acts.repRecent }] },
      { method: 'GET', path: /\/persons\/search$/, answers: [{ body: people.none }] },
      { method: 'GET', path: /\/notes$/, answers: [{ body: notes.noNotes }] },
      { method: 'GET', path: /\/users$/, answers: [{ body: users.allUsers }] },
    ]);
    const result = await PIPEDRIVE.createClient(withoutDomain, fake.send, CLOCK).test();
    expect(result.ok && result.value.account).toBe('acme.pipedrive.com');
    expect(fake.requests.map((r) => r.url).slice(0, 2)).toEqual([
      'https://api.pipedrive.com/v1/users/me',
      'https://api.pipedrive.com/api/v2/activities?owner_id=7001&limit=1',
    ]);
    expect(fake.requests.map((r) => new URL(r.url).origin)).toEqual(Array(5).fill('https://api.pipedrive.com'));
  });

  it('names a user whose permission set hides activities (403 on the probe)', async () => {
    const fake = scriptedSend([
      { method: 'GET', path: '/api/v1/users/me', answers: [{ body: users.currentUser }] },
      { method: 'GET', path: '/api/v2/activities', answers: [{ status: 403, body: users.forbidden }] },
    ]);
    const result = await PIPEDRIVE.createClient(withDomain, fake.send, CLOCK).test();
    expect(result).toMatchObject({ ok: false, error: { kind: 'missing_scope', status: 403 } });
    expect(!result.ok && result.error.message).toMatch(/^The token's Pipedrive user may not see activities: /);
  });

  it('names a bad token (401)', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/api/v1/users/me', answers: [{ status: 401, body: users.unauthorized }] }]);
    const result = await PIPEDRIVE.createClient(withDomain, fake.send, CLOCK).test();
    expect(result).toEqual({
      ok: false,
      error: { kind: 'wrong_key', status: 401, message: 'Pipedrive did not accept the API token: unauthorized access' },
    });
  });

  it('names a user without API access (403) as a missing permission', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/api/v1/users/me', answers: [{ status: 403, body: users.forbidden }] }]);
    const result = await PIPEDRIVE.createClient(withDomain, fake.send, CLOCK).test();
    expect(!result.ok && result.error.kind).toBe('missing_scope');
    expect(!result.ok && result.error.message).toContain('You do not have permission to use the API');
  });

  it("names a wrong company domain: the token's own company differs", async () => {
    const other = CrmCredentials.parse({ crm: 'pipedrive', token: TOKEN, companyDomain: 'globex' });
    const fake = scriptedSend([{ method: 'GET', path: '/api/v1/users/me', answers: [{ body: users.currentUser }] }]);
    const result = await PIPEDRIVE.createClient(other, fake.send, CLOCK).test();
    expect(result).toEqual({
      ok: false,
      error: { kind: 'wrong_domain', message: 'This API token belongs to acme.pipedrive.com, not globex.pipedrive.com' },
    });
  });

  it('names a wrong company domain: no such company (404, or a web page instead of JSON)', async () => {
    const other = CrmCredentials.parse({ crm: 'pipedrive', token: TOKEN, companyDomain: 'nosuchco' });
    for (const answer of [
      { status: 404, body: users.notFound },
      { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Pipedrive</html>' } },
    ]) {
      const fake = scriptedSend([{ method: 'GET', path: '/api/v1/users/me', answers: [answer] }]);
      const result = await PIPEDRIVE.createClient(other, fake.send, CLOCK).test();
      expect(!result.ok && result.error.kind).toBe('wrong_domain');
      expect(!result.ok && result.error.message).toContain('nosuchco.pipedrive.com');
    }
  });

  it('names no network, and the host it could not reach', async () => {
    const fake = scriptedSend([
      { method: 'GET', path: '/api/v1/users/me', answers: [{ error: { kind: 'network', message: 'Failed to fetch' } }] },
    ]);
    const result = await PIPEDRIVE.createClient(withDomain, fake.send, CLOCK).test();
    expect(result).toEqual({
      ok: false,
      error: { kind: 'network', message: 'No answer from acme.pipedrive.com (offline, or a wrong company domain): Failed to fetch' },
    });
  });

  it('reads an answer of another shape as bad_payload, never a throw', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/v1/users/me', answers: [{ body: { success: true, data: { name: 'no id' } } }] }]);
    const result = await PIPEDRIVE.createClient(withoutDomain, fake.send, CLOCK).test();
    expect(!result.ok && result.error).toMatchObject({ kind: 'bad_payload', status: 200 });
    expect(!result.ok && result.error.message).toContain('/v1/users/me');
  });
});

describe('Pipedrive contacts (GET /api/v2/persons/search, POST /api/v2/persons)', () => {
  const client = (fake: ReturnType<typeof scriptedSend>) => PIPEDRIVE.createClient(withDomain, fake.send, CLOCK);

  it('finds a person by exact email, with their organization', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/api/v2/persons/search', answers: [{ body: people.byEmail }] }]);
    const result = await client(fake).findContact({ email: 'bob@buyer.example', phone: '+49301234567' });
    expect(result).toEqual({ ok: true, value: { id: '201', companyId: '301' } });
    expect(fake.requests).toHaveLength(1);
    expect(query(fake.requests[0])).toEqual({ term: 'bob@buyer.example', fields: 'email', exact_match: 'true', limit: '10' });
  });

  it('falls back to the phone, matching the number however it was typed', async () => {
    const fake = scriptedSend([
      { method: 'GET', path: '/api/v2/persons/search', answers: [{ body: people.none }, { body: people.byPhone }] },
    ]);
    const result = await client(fake).findContact({ email: 'nobody@buyer.example', phone: '+49301234567' });
    // 205 has a number one digit off: the fuzzy search's near miss is not taken.
    expect(result).toEqual({ ok: true, value: { id: '202' } });
    expect(fake.requests.map((r) => query(r).fields)).toEqual(['email', 'phone']);
    expect(query(fake.requests[1])).toMatchObject({ term: '+49301234567', exact_match: 'false' });
  });

  it('finds a LinkedIn profile kept in a custom field', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/api/v2/persons/search', answers: [{ body: people.byLinkedIn }] }]);
    const result = await client(fake).findContact({ linkedin: 'https://linkedin.com/in/lena-linked' });
    expect(result).toEqual({ ok: true, value: { id: '203' } });
    expect(query(fake.requests[0])).toMatchObject({ fields: 'custom_fields', exact_match: 'true' });
  });

  it('answers null when nothing matches, and asks nothing without an identifier', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/api/v2/persons/search', answers: [{ body: people.none }] }]);
    expect(await client(fake).findContact({ email: 'x@y.example', vkId: '12345' })).toEqual({ ok: true, value: null });
    expect(fake.requests.map((r) => query(r).term)).toEqual(['x@y.example', 'https://vk.com/id12345']);
    const silent = scriptedSend([]);
    expect(await client(silent).findContact({ name: 'Only A Name' })).toEqual({ ok: true, value: null });
    expect(silent.requests).toHaveLength(0);
  });

  it('passes a search refused for rate (429) on with its Retry-After', async () => {
    const fake = scriptedSend([
      {
        method: 'GET',
        path: '/api/v2/persons/search',
        answers: [{ status: 429, body: users.rateLimited, headers: { 'retry-after': '3' } }],
      },
    ]);
    const result = await client(fake).findContact({ email: 'bob@buyer.example' });
    expect(!result.ok && result.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000, status: 429 });
  });

  it('creates a person with the email and phone as Pipedrive lists them', async () => {
    const fake = scriptedSend([{ method: 'POST', path: '/api/v2/persons', answers: [{ body: people.added }] }]);
    const result = await client(fake).createContact({ email: 'new@buyer.example', phone: '+4930555' });
    expect(result).toEqual({ ok: true, value: { id: '204' } });
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(bodyOf(fake.requests[0])).toEqual({
      name: 'new@buyer.example',
      emails: [{ value: 'new@buyer.example', primary: true, label: 'work' }],
      phones: [{ value: '+4930555', primary: true, label: 'work' }],
    });
  });

  it('names the person by name when allowed, by LinkedIn handle otherwise; refuses a person with nothing to name them by', async () => {
    const fake = scriptedSend([{ method: 'POST', path: '/api/v2/persons', answers: [{ body: people.added }] }]);
    await client(fake).createContact({ name: 'Bob Buyer', email: 'bob@buyer.example' });
    await client(fake).createContact({ linkedin: 'https://www.linkedin.com/in/lena-linked/' });
    expect(fake.requests.map((r) => (bodyOf(r) as { name: string }).name)).toEqual(['Bob Buyer', 'lena-linked']);
    const refused = await client(fake).createContact({});
    expect(!refused.ok && refused.error.kind).toBe('rejected');
    expect(fake.requests).toHaveLength(2);
  });

  it('lists the active users of the team (GET /v1/users)', async () => {
    const fake = scriptedSend([{ method: 'GET', path: '/api/v1/users', answers: [{ body: users.allUsers }] }]);
    expect(await client(fake).listUsers()).toEqual({
      ok: true,
      value: [
        { id: '7001', name: 'Rita Rep', email: 'rita@acme.example' },
        { id: '7002', name: 'Carl Closer', email: 'carl@acme.example' },
      ],
    });
  });

  it('reads a 5xx as a server error and a users list of another shape as bad_payload', async () => {
    const failing = scriptedSend([{ method: 'GET', path: '/api/v1/users', answers: [{ status: 503, body: users.serverError }] }]);
    expect(await client(failing).listUsers()).toMatchObject({ ok: false, error: { kind: 'server_error', status: 503 } });
    const odd = scriptedSend([{ method: 'GET', path: '/api/v1/users', answers: [{ body: { success: true, data: [{ id: 'x' }] } }] }]);
    expect(await client(odd).listUsers()).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
  });
});
