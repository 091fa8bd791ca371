import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecret, shownFields } from '../../../lib/connections';

/** The one rule for showing a kept secret (issue 23.3: the connectors cut at 4 characters, the CRMs at 8). */
describe('maskSecret', () => {
  it.each([
    ['', '…'],
    ['abcd', '…'],
    // Eight characters would show half of the secret: nothing.
    ['abcdefgh', '…'],
    ['abcdefghi', 'abcd…'],
    ['pat-eu1-0123456789', 'pat-…'],
    ['api_token_456', 'api_…'],
    ['https://acme.bitrix24.ru/rest/1/s3cr3t/', 'https://acme.bitrix24.ru/…'],
    ['https://calendar.google.com/calendar/ical/x/private-0a1b2c/basic.ics', 'https://calendar.google.com/…'],
    ['https://', '…'],
    // Once a counterexample to a property that looked for the path in the whole shown text ("//").
    ['http://a.aa//', 'http://a.aa/…'],
  ])('%s → %s', (secret, shown) => {
    expect(maskSecret(secret)).toBe(shown);
  });

  it('never shows more than four characters of a key, nor any of it when it is short', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (secret) => {
        fc.pre(!/^https?:\/\//i.test(secret));
        const shown = maskSecret(secret);
        expect(shown.endsWith('…')).toBe(true);
        const kept = shown.slice(0, -1);
        expect(kept.length).toBeLessThanOrEqual(4);
        if (secret.length <= 8) expect(kept).toBe('');
        else expect(secret.startsWith(kept)).toBe(true);
      }),
    );
  });

  it("never shows an address's path or query, where its secret is", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        // Everything after the origin is gone: only "/…" follows it.
        expect(maskSecret(url)).toBe(`${new URL(url).origin}/…`);
      }),
    );
  });
});

describe('shownFields', () => {
  const fields = [
    { name: 'token', secret: true },
    { name: 'domain', secret: false },
    { name: 'email', secret: false },
  ];

  it('masks the secret ones and leaves the empty ones out', () => {
    const values: Record<string, unknown> = { token: 'pat-eu1-0123456789', domain: 'acme', email: '' };
    expect(shownFields(fields, (name) => values[name])).toEqual([
      { name: 'token', secret: true, value: 'pat-…' },
      { name: 'domain', secret: false, value: 'acme' },
    ]);
  });

  it('keeps every field of a form that shows them all', () => {
    expect(shownFields(fields, () => undefined, { keepEmpty: true }).map((f) => f.value)).toEqual(['…', '', '']);
  });
});
