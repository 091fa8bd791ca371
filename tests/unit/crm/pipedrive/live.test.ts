import { describe, expect, it } from 'vitest';
import { fetchAnswer } from '../../../../lib/api-connector/http';
import { PIPEDRIVE } from '../../../../lib/crm/pipedrive';
import { CrmCredentials, type CrmRecord, type CrmSend } from '../../../../lib/crm/types';

/**
 * The same client against a real Pipedrive company, when a token is in the environment:
 *   PIPEDRIVE_API_TOKEN=… [PIPEDRIVE_COMPANY_DOMAIN=acme] npx vitest run tests/unit/crm/pipedrive/live.test.ts
 * It writes a test person, a call and a note, checks that a second write finds the first, reads them
 * back as the team board does, and deletes all it wrote. Without a token it is skipped (and says so).
 * Use a sandbox company (https://developers.pipedrive.com/docs/api/v1 → Developer Sandbox Account).
 */

const token = process.env.PIPEDRIVE_API_TOKEN?.trim();
const companyDomain = process.env.PIPEDRIVE_COMPANY_DOMAIN?.trim() || undefined;
const send: CrmSend = (request) => fetchAnswer(request);

/** Pipedrive's search index follows writes with a delay: ask again for a while. */
async function eventually<T>(ask: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await ask();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

describe.skipIf(!token)('Pipedrive live account (PIPEDRIVE_API_TOKEN)', () => {
  // Parsed when the test runs: a skipped describe's body is still collected.
  const client = () =>
    PIPEDRIVE.createClient(CrmCredentials.parse({ crm: 'pipedrive', token, ...(companyDomain ? { companyDomain } : {}) }), send, Date.now);

  it('connects, writes once, finds its own writes, reads them back and retracts them', { timeout: 120_000 }, async () => {
    const rep = client();
    const account = await rep.test();
    expect(account.ok, JSON.stringify(account)).toBe(true);

    const stamp = Date.now();
    const email = `quota-radar-live-${stamp}@example.com`;
    expect(await rep.findContact({ email })).toEqual({ ok: true, value: null });
    const person = await rep.createContact({ email, name: 'Quota Radar live test' });
    if (!person.ok) throw new Error(JSON.stringify(person.error));
    const found = await eventually(
      () => rep.findContact({ email }),
      (r) => r.ok && r.value?.id === person.value.id,
    );
    expect(found).toEqual({ ok: true, value: { id: person.value.id } });

    const occurredAt = Math.floor(stamp / 1000) * 1000 - 60_000;
    const call: CrmRecord = {
      activityId: `live-call-${stamp}`,
      recordKind: 'call',
      kind: 'call',
      channel: 'phone',
      occurredAt,
      durationSec: 61,
      outcome: 'connected',
      summary: 'Call made · Quota Radar live test',
    };
    const written = await rep.createRecord(call, [person.value]);
    if (!written.ok) throw new Error(JSON.stringify(written.error));
    // A second browser (a fresh client) finds the first write instead of writing again.
    expect(await client().createRecord(call, [person.value])).toEqual(written);
    const note = await rep.createRecord(
      { ...call, activityId: `live-note-${stamp}`, recordKind: 'message', kind: 'linkedin_message', channel: 'linkedin' },
      [person.value],
    );
    if (!note.ok) throw new Error(JSON.stringify(note.error));
    expect(await client().findRecord(`live-note-${stamp}`, 'message')).toEqual(note);

    const users = await rep.listUsers();
    expect(users.ok && users.value.some((u) => account.ok && u.id === account.value.userId)).toBe(true);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await rep.listActivities({ from: occurredAt - 3600_000, to: occurredAt + 3600_000 }, cursor);
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      seen.push(...page.value.items.map((i) => i.id));
      cursor = page.value.next;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining([`activity:${written.value.id}`, `note:${note.value.id}`]));

    expect(await rep.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(await rep.retractRecord(note.value)).toEqual({ ok: true, value: undefined });
    expect(await rep.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    // The test person is ours to remove too (the client itself never deletes contacts).
    const host = companyDomain ? `https://${companyDomain}.pipedrive.com` : 'https://api.pipedrive.com';
    const removed = await fetchAnswer({
      url: `${host}/api/v2/persons/${person.value.id}`,
      method: 'DELETE',
      headers: { 'x-api-token': token ?? '' },
    });
    expect('status' in removed && removed.status).toBe(200);
  });
});

describe.skipIf(!!token)('Pipedrive live account', () => {
  it('skipped: set PIPEDRIVE_API_TOKEN (and PIPEDRIVE_COMPANY_DOMAIN) to run against a real Pipedrive company', () => {
    expect(token).toBeUndefined();
  });
});
