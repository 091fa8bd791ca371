import { describe, expect, it } from 'vitest';
import { Observation } from '../../../lib/capture/types';
import { isObservation } from '../../../lib/tap/validate';

const valid: Observation = {
  pageUrl: 'https://mail.google.com/mail/u/0/#inbox',
  request: { method: 'POST', url: 'https://mail.google.com/sync/u/0/i/s', headers: { 'content-type': 'application/json' }, body: '[]' },
  response: { status: 200, body: null },
  startedAt: 1_700_000_000_000,
};

const variants: [string, unknown][] = [
  ['valid', valid],
  ['null request body', { ...valid, request: { ...valid.request, body: null } }],
  ['no headers', { ...valid, request: { ...valid.request, headers: {} } }],
  ['not an object', 'observation'],
  ['null', null],
  ['array', [valid]],
  ['missing request', { ...valid, request: undefined }],
  ['numeric header', { ...valid, request: { ...valid.request, headers: { a: 1 } } }],
  ['headers as array', { ...valid, request: { ...valid.request, headers: [['a', 'b']] } }],
  ['method too long', { ...valid, request: { ...valid.request, method: 'X'.repeat(17) } }],
  ['url too long', { ...valid, request: { ...valid.request, url: 'u'.repeat(8001) } }],
  ['page url too long', { ...valid, pageUrl: 'p'.repeat(4001) }],
  ['body not text', { ...valid, request: { ...valid.request, body: { a: 1 } } }],
  ['status fractional', { ...valid, response: { ...valid.response, status: 200.5 } }],
  ['status too large', { ...valid, response: { ...valid.response, status: 1000 } }],
  ['status negative', { ...valid, response: { ...valid.response, status: -1 } }],
  ['response body missing', { ...valid, response: { status: 200 } }],
  ['startedAt negative', { ...valid, startedAt: -5 }],
  ['startedAt string', { ...valid, startedAt: '1700000000000' }],
  ['header too long', { ...valid, request: { ...valid.request, headers: { a: 'x'.repeat(100_001) } } }],
];

describe("isObservation (the relay's small check)", () => {
  for (const [name, value] of variants) {
    it(`agrees with the full schema: ${name}`, () => {
      expect(isObservation(value)).toBe(Observation.safeParse(value).success);
    });
  }

  it('accepts the valid sample and rejects a broken one (the agreement test is not vacuous)', () => {
    expect(isObservation(valid)).toBe(true);
    expect(isObservation({ ...valid, startedAt: -5 })).toBe(false);
  });
});
