import { z } from 'zod';
import { defineApiSource, testFirstPage } from '../define-api-source';
import { buildTokenRequest, pager, parseTokenResponse, RINGCENTRAL_ORIGIN, RingCentralApp, toCaptures } from './client';

const DAY_MS = 86_400_000;
/** Renew the access token this long before it expires (it lives an hour). */
const RENEW_BEFORE_MS = 5 * 60_000;

const RingCentralSecret = RingCentralApp.extend({
  accessToken: z.string().min(1).max(8000),
  expiresAt: z.number().int().nonnegative(),
});
type RingCentralSecret = z.infer<typeof RingCentralSecret>;

async function token(app: RingCentralApp, send: Parameters<typeof testFirstPage>[1], now: number) {
  const answer = await send(buildTokenRequest(app));
  if ('error' in answer) return { ok: false as const, error: answer.error };
  const parsed = parseTokenResponse(answer, now);
  if (!parsed.ok) return parsed;
  return { ok: true as const, secret: { ...app, accessToken: parsed.credentials.accessToken, expiresAt: parsed.expiresAt } };
}

/**
 * RingCentral: an app's client id and secret and the rep's JWT credential, exchanged for an hour's
 * access token (renewed before each poll that needs it). The call log read is the signed-in
 * extension's own (`extension/~`), so no line is asked.
 */
export const ringcentralSource = defineApiSource(RINGCENTRAL_ORIGIN, {
  captures: 'call',
  fields: [
    { name: 'clientId', secret: false },
    { name: 'clientSecret', secret: true },
    { name: 'jwt', secret: true },
  ],
  input: RingCentralApp,
  secret: RingCentralSecret,
  cursor: z.object({ page: z.number().int().positive() }),
  async connect(app, send, now) {
    const exchanged = await token(app, send, now);
    if (!exchanged.ok) return exchanged;
    const test = await testFirstPage(pager(exchanged.secret, now - DAY_MS), send);
    if (!test.ok) return test;
    return { ok: true, secret: exchanged.secret, owner: { account: 'ringcentral', lines: [], ownAddresses: [] } };
  },
  async refresh(secret: RingCentralSecret, send, now) {
    if (secret.expiresAt - now > RENEW_BEFORE_MS) return { ok: true, secret, changed: false };
    const exchanged = await token(secret, send, now);
    return exchanged.ok ? { ok: true, secret: exchanged.secret, changed: true } : exchanged;
  },
  pager: (secret, since) => pager(secret, since),
  async toEvents(items, owner) {
    return { events: toCaptures(items, owner).map((capture) => ({ type: 'record', capture })) };
  },
});
