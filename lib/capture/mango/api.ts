import { z } from 'zod';
import { accountForLine, defineApiSource, testFirstPage } from '../define-api-source';
import { MANGO_ORIGIN, MangoCredentials, pager, toCaptures } from './client';

const HOUR_MS = 3_600_000;

/** Mango Office: the API key and salt (PBX-wide), and the rep's extension whose calls count. */
export const mangoSource = defineApiSource(MANGO_ORIGIN, {
  captures: 'call',
  fields: [
    { name: 'apiKey', secret: false },
    { name: 'apiSalt', secret: true },
    { name: 'extension', secret: false },
  ],
  input: MangoCredentials.required({ extension: true }),
  secret: MangoCredentials,
  cursor: z.discriminatedUnion('step', [
    z.object({ step: z.literal('request') }),
    z.object({ step: z.literal('result'), key: z.string().min(1).max(500) }),
  ]),
  async connect(input, send, now) {
    // The report request alone proves the key and salt: a wrong signature is refused there.
    const test = await testFirstPage(pager(input, now - HOUR_MS, now), send);
    if (!test.ok) return test;
    return {
      ok: true,
      secret: input,
      owner: { account: accountForLine('mango', [input.extension]), lines: [input.extension], ownAddresses: [] },
    };
  },
  pager,
  async toEvents(items, owner) {
    return { events: toCaptures(items, owner).map((capture) => ({ type: 'record', capture })) };
  },
});
