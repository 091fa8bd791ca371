import { z } from 'zod';
import type { Recipient } from '../../activity';
import type { ConnectorError } from '../../api-connector/http';
import { defineApiSource, testFirstPage } from '../define-api-source';
import {
  buildInviteesRequest,
  buildMeRequest,
  CALENDLY_ORIGIN,
  CalendlyCredentials,
  pager,
  parseInviteesResponse,
  parseMeResponse,
  toCaptures,
} from './client';

const DAY_MS = 86_400_000;

/**
 * Calendly: the rep's personal access token. Connecting reads /users/me for the user's URI (events
 * are listed per user) and address (the account, never an attendee). Each booked event's invitees
 * are one more request; cancelled events need none (they are retracted by key).
 */
export const calendlySource = defineApiSource(CALENDLY_ORIGIN, {
  captures: 'meeting',
  fields: [{ name: 'token', secret: true }],
  input: CalendlyCredentials.pick({ token: true }),
  secret: CalendlyCredentials,
  cursor: z.object({ pageToken: z.string().min(1).max(2000) }),
  async connect({ token }, send, now) {
    const answer = await send(buildMeRequest(token));
    if ('error' in answer) return { ok: false, error: answer.error };
    const me = parseMeResponse(answer);
    if (!me.ok) return me;
    const secret = { token, userUri: me.userUri };
    const test = await testFirstPage(pager(secret, now - DAY_MS), send);
    if (!test.ok) return test;
    const email = me.email?.toLowerCase();
    return { ok: true, secret, owner: { account: email ?? 'calendly', lines: [], ownAddresses: email ? [email] : [] } };
  },
  pager: (secret, since) => pager(secret, since),
  async toEvents(items, owner, context, secret) {
    const invitees = new Map<string, Recipient[]>();
    let error: ConnectorError | undefined;
    const recorded: (typeof items)[number][] = [];
    for (const event of items) {
      if (event.state !== 'booked') {
        recorded.push(event);
        continue;
      }
      const answer = await context.send(buildInviteesRequest(secret, event.uri));
      const parsed = 'error' in answer ? { ok: false as const, error: answer.error } : parseInviteesResponse(answer);
      // An event whose invitees could not be read waits for the next poll: its attendees decide whether it counts.
      if (!parsed.ok) {
        error ??= parsed.error;
        continue;
      }
      invitees.set(event.uri, parsed.attendees);
      recorded.push(event);
    }
    const events = toCaptures(recorded, invitees, {
      account: owner.account,
      ownAddresses: owner.ownAddresses,
      internalDomains: context.internalDomains,
    });
    return error ? { events, error } : { events };
  },
});
