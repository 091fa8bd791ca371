import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeChallenge,
  codeVerifier,
  refreshAccessToken,
  revokeToken,
  signIn,
  tokenFailure,
} from '../../../../lib/crm/salesforce/auth';
import { createFakeSalesforce, SF_CLIENT_ID, SF_DOMAIN } from '../../../fakes/crm/salesforce/fake-salesforce';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('Salesforce PKCE', () => {
  it('makes a 43-character base64url verifier from 32 random bytes', () => {
    const verifier = codeVerifier((bytes) => bytes.fill(0xfb));
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifier).toBe('-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s');
  });

  it('S256 challenge of the RFC 7636 appendix B example', async () => {
    // RFC 7636, Appendix B: the verifier and its challenge as the RFC prints them.
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('asks the org authorize page for a code with the challenge, never a secret', () => {
    const url = new URL(authorizeUrl({ myDomain: SF_DOMAIN, clientId: SF_CLIENT_ID, redirectUri: REDIRECT, challenge: 'c', state: 's' }));
    expect(url.origin + url.pathname).toBe(`${SF_DOMAIN}/services/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: SF_CLIENT_ID,
      redirect_uri: REDIRECT,
      code_challenge: 'c',
      code_challenge_method: 'S256',
      scope: 'api refresh_token',
      state: 's',
    });
  });
});

describe('Salesforce sign-in against the fake org', () => {
  it('exchanges the code with the verifier and keeps access and refresh tokens', async () => {
    const fake = createFakeSalesforce(() => 0);
    const signed = await signIn({
      myDomain: SF_DOMAIN,
      clientId: SF_CLIENT_ID,
      redirectUri: REDIRECT,
      launch: fake.launchWebAuthFlow,
      send: fake.send,
    });
    expect(signed.ok, JSON.stringify(signed)).toBe(true);
    if (!signed.ok) return;
    expect(signed.value.instanceUrl).toBe(SF_DOMAIN);
    expect(fake.isRefreshTokenLive(signed.value.refreshToken)).toBe(true);
    const exchange = fake.requests().find((r) => r.url.endsWith('/services/oauth2/token'))!;
    const form = new URLSearchParams(exchange.body);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(form.has('client_secret')).toBe(false);
  });

  it('refuses an answer whose state is not this sign-in’s (a forged redirect)', async () => {
    const fake = createFakeSalesforce(() => 0);
    const launch = async (details: { url: string; interactive: boolean }) =>
      (await fake.launchWebAuthFlow(details)).replace(/state=[^&]*/, 'state=forged');
    const signed = await signIn({ myDomain: SF_DOMAIN, clientId: SF_CLIENT_ID, redirectUri: REDIRECT, launch, send: fake.send });
    expect(signed).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(fake.requests().some((r) => r.url.endsWith('/token'))).toBe(false);
  });

  it('a verifier that does not match the challenge is refused by the org (the fake checks PKCE)', async () => {
    const fake = createFakeSalesforce(() => 0);
    let calls = 0;
    // A second verifier for the token request: every call draws new random bytes, so swap after the first two (verifier, state).
    const random = (bytes: Uint8Array) => bytes.fill(calls++ < 2 ? 1 : 2);
    const launch = async (details: { url: string; interactive: boolean }) => {
      const url = new URL(details.url);
      url.searchParams.set('code_challenge', await codeChallenge('another-verifier-another-verifier-another-v'));
      return fake.launchWebAuthFlow({ ...details, url: url.toString() });
    };
    const signed = await signIn({ myDomain: SF_DOMAIN, clientId: SF_CLIENT_ID, redirectUri: REDIRECT, launch, send: fake.send, random });
    expect(signed).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringContaining('invalid_grant') } });
  });

  it('the rep closing the window is "not finished", in words', async () => {
    const launch = async () => {
      throw new Error('The user did not approve access.');
    };
    const fake = createFakeSalesforce(() => 0);
    const signed = await signIn({ myDomain: SF_DOMAIN, clientId: SF_CLIENT_ID, redirectUri: REDIRECT, launch, send: fake.send });
    expect(signed).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringContaining('did not approve') } });
  });

  it('refreshes, and an expired or revoked refresh token says to sign in again (expired_key)', async () => {
    const fake = createFakeSalesforce(() => 0);
    const refresh = fake.connectFields['Refresh token']!;
    const renewed = await refreshAccessToken(fake.send, SF_DOMAIN, SF_CLIENT_ID, refresh);
    expect(renewed.ok).toBe(true);
    fake.revokeRefreshTokens();
    const refused = await refreshAccessToken(fake.send, SF_DOMAIN, SF_CLIENT_ID, refresh);
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'expired_key', message: expect.stringContaining('sign in with Salesforce again') },
    });
  });

  it('revokes the refresh token; revoking one already gone is done too', async () => {
    const fake = createFakeSalesforce(() => 0);
    const refresh = fake.connectFields['Refresh token']!;
    expect(await revokeToken(fake.send, SF_DOMAIN, refresh)).toEqual({ ok: true, value: undefined });
    expect(fake.isRefreshTokenLive(refresh)).toBe(false);
    expect(await revokeToken(fake.send, SF_DOMAIN, refresh)).toEqual({ ok: true, value: undefined });
  });

  it('names token-endpoint failures', () => {
    expect(tokenFailure(400, '{"error":"invalid_client_id","error_description":"client identifier invalid"}', false).kind).toBe(
      'wrong_key',
    );
    expect(tokenFailure(400, '{"error":"invalid_grant","error_description":"authentication failure"}', false).kind).toBe('rejected');
    expect(tokenFailure(503, 'down', true).kind).toBe('server_error');
  });
});
