#!/usr/bin/env node
/**
 * Checks each call and meeting connector against a real account, through the same pure
 * buildRequest/parseResponse the extension uses, when its credentials are in the environment:
 *
 *   AIRCALL_API_ID, AIRCALL_API_TOKEN            (optional AIRCALL_USER: the rep's user id or email)
 *   RINGCENTRAL_TOKEN                            (an access token), or
 *   RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET, RINGCENTRAL_JWT (exchanged for one)
 *   ZADARMA_KEY, ZADARMA_SECRET                  (optional ZADARMA_SIP: the rep's SIP id)
 *   MANGO_KEY, MANGO_SALT                        (optional MANGO_EXTENSION)
 *   CALENDLY_TOKEN
 *   CALCOM_KEY
 *   CHECK_SINCE_DAYS                             (how far back to look; 7 by default)
 *
 * A connector without its variables prints "skipped: <VAR> not set". Each configured connector
 * fetches one page (Mango: the request and its result), prints what it found with numbers and
 * addresses masked, and the script exits 1 only if a configured connector failed. Keys are never
 * printed. The TypeScript modules load through Vite's module runner (already a dependency), so no
 * build is needed: `node scripts/check-connectors.mjs`.
 */
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const load = async (path) => (await runnerImport(`${root}/${path}`, { root, configFile: false, logLevel: 'silent' })).module;

const env = process.env;
const sinceDays = Number(env.CHECK_SINCE_DAYS ?? 7);
const since = Date.now() - (Number.isFinite(sinceDays) && sinceDays > 0 ? sinceDays : 7) * 86_400_000;

const mask = (value) => (typeof value === 'string' && value.length > 6 ? `${value.slice(0, 4)}…${value.slice(-2)}` : '…');
const maskAddress = (address) => (address ? `${address[0]}…@${address.split('@')[1]}` : '');

/** The first unset variable of a list, or undefined when all are set. */
const missing = (...names) => names.find((name) => !env[name]);

async function send(http, request) {
  const answer = await http.fetchAnswer(request);
  if ('error' in answer) throw Object.assign(new Error(answer.error.message), { connectorError: answer.error });
  return answer;
}

function failIf(result) {
  if (!result.ok) throw Object.assign(new Error(result.error.message), { connectorError: result.error });
  return result;
}

function describeCaptures(captures) {
  for (const c of captures.slice(0, 5)) {
    const who = c.recipients.map((r) => (r.phone ? mask(r.phone) : maskAddress(r.address))).join(', ');
    const how = c.kind === 'call' ? `${c.outcome}, ${c.durationSec}s` : `booked ${c.bookedAt ? new Date(c.bookedAt).toISOString() : '?'}`;
    console.log(`    ${new Date(c.occurredAt).toISOString()}  ${c.kind} ${c.dedupeKey.split(':')[0]}  ${how}  ${who}`);
  }
  if (captures.length > 5) console.log(`    … and ${captures.length - 5} more`);
}

const checks = {
  async aircall(http) {
    const gap = missing('AIRCALL_API_ID', 'AIRCALL_API_TOKEN');
    if (gap) return gap;
    const client = await load('lib/capture/aircall/client.ts');
    const credentials = client.AircallCredentials.parse({ apiId: env.AIRCALL_API_ID, apiToken: env.AIRCALL_API_TOKEN });
    const page = failIf(client.parseResponse(await send(http, client.buildRequest(credentials, since))));
    const lines = env.AIRCALL_USER ? [env.AIRCALL_USER] : [...new Set(page.items.map((c) => c.userId).filter(Boolean))];
    const captures = client.toCaptures(page.items, { account: 'check', lines });
    console.log(
      `  ${page.items.length} finished calls on the first page${page.next ? ' (more pages)' : ''}; ${captures.length} outbound for ${env.AIRCALL_USER ? 'AIRCALL_USER' : 'any user'}`,
    );
    describeCaptures(captures);
  },

  async ringcentral(http) {
    const client = await load('lib/capture/ringcentral/client.ts');
    let credentials;
    if (env.RINGCENTRAL_TOKEN) credentials = { accessToken: env.RINGCENTRAL_TOKEN };
    else {
      if (!env.RINGCENTRAL_CLIENT_ID) return 'RINGCENTRAL_TOKEN';
      const gap = missing('RINGCENTRAL_CLIENT_SECRET', 'RINGCENTRAL_JWT');
      if (gap) return gap;
      const app = client.RingCentralApp.parse({
        clientId: env.RINGCENTRAL_CLIENT_ID,
        clientSecret: env.RINGCENTRAL_CLIENT_SECRET,
        jwt: env.RINGCENTRAL_JWT,
      });
      const token = client.parseTokenResponse(await send(http, client.buildTokenRequest(app)));
      if (!token.ok) throw Object.assign(new Error(token.error.message), { connectorError: token.error });
      credentials = token.credentials;
      console.log(`  exchanged the JWT for an access token valid until ${new Date(token.expiresAt).toISOString()}`);
    }
    const page = failIf(client.parseResponse(await send(http, client.buildRequest(credentials, since))));
    const captures = client.toCaptures(page.items, { account: 'check' });
    console.log(`  ${page.items.length} outbound calls on the first page${page.next ? ' (more pages)' : ''}`);
    describeCaptures(captures);
  },

  async zadarma(http) {
    const gap = missing('ZADARMA_KEY', 'ZADARMA_SECRET');
    if (gap) return gap;
    const client = await load('lib/capture/zadarma/client.ts');
    const keys = { key: env.ZADARMA_KEY, secret: env.ZADARMA_SECRET };
    const zone = client.parseTimezoneResponse(await send(http, await client.buildTimezoneRequest(keys)));
    if (!zone.ok) throw Object.assign(new Error(zone.error.message), { connectorError: zone.error });
    console.log(`  account time zone: ${zone.timeZone}`);
    const credentials = client.ZadarmaCredentials.parse({ ...keys, timeZone: zone.timeZone });
    const now = Date.now();
    const request = await client.buildRequest(credentials, since, undefined, now);
    const page = failIf(client.parseResponse(await send(http, request), credentials, since, undefined, now));
    const captures = client.toCaptures(page.items, { account: 'check', lines: env.ZADARMA_SIP ? [env.ZADARMA_SIP] : [] });
    console.log(
      `  ${page.items.length} calls on the first page${page.next ? ' (more pages)' : ''}; ${captures.length} for ${env.ZADARMA_SIP ? 'ZADARMA_SIP' : 'the whole account'}`,
    );
    describeCaptures(captures);
  },

  async mango(http) {
    const gap = missing('MANGO_KEY', 'MANGO_SALT');
    if (gap) return gap;
    const client = await load('lib/capture/mango/client.ts');
    const credentials = client.MangoCredentials.parse({
      apiKey: env.MANGO_KEY,
      apiSalt: env.MANGO_SALT,
      ...(env.MANGO_EXTENSION ? { extension: env.MANGO_EXTENSION } : {}),
    });
    let cursor;
    let page;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      page = failIf(client.parseResponse(await send(http, await client.buildRequest(credentials, since, cursor)), cursor));
      if (!page.next) break;
      cursor = page.next;
      await new Promise((resolve) => setTimeout(resolve, page.retryAfterMs ?? 5000));
    }
    if (page.next) throw new Error('the statistics report was still being prepared after 8 tries');
    const captures = client.toCaptures(page.items, { account: 'check', lines: env.MANGO_EXTENSION ? [env.MANGO_EXTENSION] : [] });
    console.log(`  ${page.items.length} calls; ${captures.length} outbound${env.MANGO_EXTENSION ? ' from MANGO_EXTENSION' : ''}`);
    describeCaptures(captures);
  },

  async calendly(http) {
    const gap = missing('CALENDLY_TOKEN');
    if (gap) return gap;
    const client = await load('lib/capture/calendly/client.ts');
    const me = client.parseMeResponse(await send(http, client.buildMeRequest(env.CALENDLY_TOKEN)));
    if (!me.ok) throw Object.assign(new Error(me.error.message), { connectorError: me.error });
    const credentials = client.CalendlyCredentials.parse({ token: env.CALENDLY_TOKEN, userUri: me.userUri });
    const page = failIf(client.parseResponse(await send(http, client.buildRequest(credentials, since))));
    const invitees = new Map();
    for (const event of page.items.filter((e) => e.state === 'booked').slice(0, 5)) {
      const answer = client.parseInviteesResponse(await send(http, client.buildInviteesRequest(credentials, event.uri)));
      if (answer.ok) invitees.set(event.uri, answer.attendees);
    }
    const events = client.toCaptures(page.items, invitees, { account: me.email ?? 'check' });
    const records = events.filter((e) => e.type === 'record').map((e) => e.capture);
    console.log(
      `  ${page.items.length} events on the first page${page.next ? ' (more pages)' : ''}: ${records.length} meetings, ${events.length - records.length} cancelled`,
    );
    describeCaptures(records);
  },

  async calcom(http) {
    const gap = missing('CALCOM_KEY');
    if (gap) return gap;
    const client = await load('lib/capture/calcom/client.ts');
    const credentials = client.CalcomCredentials.parse({ apiKey: env.CALCOM_KEY });
    const page = failIf(client.parseResponse(await send(http, client.buildRequest(credentials, since))));
    const events = client.toCaptures(page.items, { account: 'check' });
    const records = events.filter((e) => e.type === 'record').map((e) => e.capture);
    console.log(
      `  ${page.items.length} bookings on the first page${page.next ? ' (more pages)' : ''}: ${records.length} meetings, ${events.length - records.length} cancelled or rejected`,
    );
    describeCaptures(records);
  },
};

const http = await load('lib/api-connector/http.ts');
let failed = 0;
console.log(`Checking connectors against real accounts, calls and meetings since ${new Date(since).toISOString()}`);
for (const [name, check] of Object.entries(checks)) {
  console.log(`${name}:`);
  try {
    const skippedFor = await check(http);
    if (skippedFor) console.log(`  skipped: ${skippedFor} not set`);
  } catch (error) {
    failed += 1;
    const kind = error.connectorError?.kind ?? (error.name === 'ZodError' ? 'invalid credentials' : 'error');
    console.log(`  FAILED (${kind}): ${error.message}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
