import { z } from 'zod';
import { accountForLine, defineApiSource, LineList, testFirstPage } from '../define-api-source';
import { AIRCALL_ORIGIN, AircallCredentials, pager, toCaptures } from './client';

const DAY_MS = 86_400_000;

/** Aircall: an API id and token (company-wide), and the rep's Aircall user (email or id) whose calls count. */
export const aircallSource = defineApiSource(AIRCALL_ORIGIN, {
  captures: 'call',
  fields: [
    { name: 'apiId', secret: false },
    { name: 'apiToken', secret: true },
    { name: 'lines', secret: false },
  ],
  input: AircallCredentials.extend({ lines: LineList.refine((l) => l.length > 0, 'name your Aircall user (email or id)') }),
  secret: AircallCredentials,
  cursor: z.object({
    page: z.number().int().positive(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
  }),
  async connect({ lines, ...credentials }, send, now) {
    const test = await testFirstPage(pager(credentials, now - DAY_MS, now), send);
    if (!test.ok) return test;
    return { ok: true, secret: credentials, owner: { account: accountForLine('aircall', lines), lines, ownAddresses: [] } };
  },
  pager,
  async toEvents(items, owner) {
    return { events: toCaptures(items, owner).map((capture) => ({ type: 'record', capture })) };
  },
});
