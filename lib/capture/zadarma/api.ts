import { z } from 'zod';
import { accountForLine, defineApiSource, LineList, testFirstPage } from '../define-api-source';
import {
  buildTimezoneRequest,
  pager,
  parseTimezoneResponse,
  toCaptures,
  ZADARMA_ORIGIN,
  ZADARMA_RATE_LIMITS,
  ZadarmaCredentials,
} from './client';

const DAY_MS = 86_400_000;

/**
 * Zadarma: the key and secret (account-wide) and the rep's SIP line(s). Connecting asks the account's
 * time zone, which the statistics are written in.
 */
export const zadarmaSource = defineApiSource(ZADARMA_ORIGIN, {
  captures: 'call',
  fields: [
    { name: 'key', secret: false },
    { name: 'secret', secret: true },
    { name: 'lines', secret: false },
  ],
  input: ZadarmaCredentials.pick({ key: true, secret: true }).extend({
    lines: LineList.refine((l) => l.length > 0, 'name your SIP line (such as 100)'),
  }),
  secret: ZadarmaCredentials,
  cursor: z.object({ start: z.number().int().nonnegative(), skip: z.number().int().nonnegative() }),
  rateLimits: ZADARMA_RATE_LIMITS,
  async connect({ lines, ...keys }, send, now) {
    const answer = await send(await buildTimezoneRequest(keys));
    if ('error' in answer) return { ok: false, error: answer.error };
    const zone = parseTimezoneResponse(answer);
    if (!zone.ok) return zone;
    const secret = { ...keys, timeZone: zone.timeZone };
    const test = await testFirstPage(pager(secret, now - DAY_MS, now), send);
    if (!test.ok) return test;
    return { ok: true, secret, owner: { account: accountForLine('zadarma', lines), lines, ownAddresses: [] } };
  },
  pager,
  async toEvents(items, owner) {
    return { events: toCaptures(items, owner).map((capture) => ({ type: 'record', capture })) };
  },
});
