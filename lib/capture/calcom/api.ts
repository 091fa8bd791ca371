import { z } from 'zod';
import { defineApiSource, testFirstPage } from '../define-api-source';
import { CALCOM_ORIGIN, CalcomCredentials, pager, toCaptures } from './client';

const DAY_MS = 86_400_000;

/** Cal.com: the rep's API key, and the rep's own address (never counted as an attendee). */
export const calcomSource = defineApiSource(CALCOM_ORIGIN, {
  captures: 'meeting',
  fields: [
    { name: 'apiKey', secret: true },
    { name: 'email', secret: false },
  ],
  input: CalcomCredentials.extend({ email: z.string().trim().toLowerCase().pipe(z.email()) }),
  secret: CalcomCredentials,
  cursor: z.object({ skip: z.number().int().nonnegative() }),
  async connect({ email, ...credentials }, send, now) {
    const test = await testFirstPage(pager(credentials, now - DAY_MS), send);
    if (!test.ok) return test;
    return { ok: true, secret: credentials, owner: { account: email, lines: [], ownAddresses: [email] } };
  },
  pager: (secret, since) => pager(secret, since),
  async toEvents(items, owner, context) {
    return {
      events: toCaptures(items, { account: owner.account, ownAddresses: owner.ownAddresses, internalDomains: context.internalDomains }),
    };
  },
});
