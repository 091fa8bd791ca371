import { z } from 'zod';
import { errorMessageOf, jsonOf } from '../../api-connector/http';
import type { CrmError, CrmResult, CrmSend } from '../types';

/**
 * Signing in to Salesforce without a secret: OAuth 2.0 web-server flow with PKCE (RFC 7636, S256),
 * against the org's My Domain, with the consumer key of an External Client App (or connected app)
 * made with "Require secret for web server flow" off.
 * - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 * - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_pkce.htm
 * - token / revoke requests as in forcedotcom/postman-salesforce-apis
 *   (src/collections/salesforce_api/auth/web_server_flow_2.json, revoke_token.json).
 * `launch` is `browser.identity.launchWebAuthFlow` (injected: a test answers it), `send` a fetch.
 */

export const AUTHORIZE_PATH = '/services/oauth2/authorize';
export const TOKEN_PATH = '/services/oauth2/token';
export const REVOKE_PATH = '/services/oauth2/revoke';
/** `api` for REST, `refresh_token` for a refresh token (Salesforce names it so; `offline_access` is its alias). */
export const SCOPES = 'api refresh_token';

export type LaunchWebAuthFlow = (details: { url: string; interactive: boolean }) => Promise<string | undefined>;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A code verifier: 32 random bytes as 43 base64url characters (RFC 7636 §4.1 allows 43–128). */
export function codeVerifier(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return base64url(random(new Uint8Array(32)));
}

/** S256: base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function authorizeUrl(p: { myDomain: string; clientId: string; redirectUri: string; challenge: string; state: string }): string {
  const url = new URL(`${p.myDomain}${AUTHORIZE_PATH}`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('code_challenge', p.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('scope', SCOPES);
  url.searchParams.set('state', p.state);
  // The admin's app decides; asking for consent again each time would only annoy the rep.
  return url.toString();
}

/** The token endpoint's answer (only what we read; `signature`, `id_token`… are ignored). */
export const TokenAnswer = z.object({
  access_token: z.string().min(10),
  refresh_token: z.string().min(10).optional(),
  instance_url: z.string().url(),
  id: z.string().url().optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
  issued_at: z.string().optional(),
});
export type TokenAnswer = z.infer<typeof TokenAnswer>;

/** The token endpoint's failure: `{ error, error_description }`. */
const TokenFailure = z.object({ error: z.string(), error_description: z.string().optional() });

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  instanceUrl: string;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

/**
 * A token endpoint failure in the CRM's terms. `invalid_grant` on a refresh: the refresh token expired
 * or was revoked (the admin's refresh-token policy, a password reset, "Revoke" in the user's
 * connected apps): only signing in again helps, and the rep is told so in words (expired_key).
 */
export function tokenFailure(status: number, body: string, refreshing: boolean): CrmError {
  const parsed = TokenFailure.safeParse(jsonOf({ status, headers: {}, body }));
  const code = parsed.success ? parsed.data.error : '';
  const words = parsed.success ? `${code}: ${parsed.data.error_description ?? ''}`.trim() : errorMessageOf(body) || `HTTP ${status}`;
  if (code === 'invalid_grant' && refreshing)
    return { kind: 'expired_key', message: `Salesforce no longer accepts this sign-in (${words}): sign in with Salesforce again`, status };
  if (code === 'invalid_client_id' || code === 'invalid_client')
    return { kind: 'wrong_key', message: `Salesforce does not know this consumer key (${words})`, status };
  if (status === 429 || code === 'rate_limit_exceeded') return { kind: 'rate_limited', message: words, status, retryAfterMs: 60_000 };
  if (status >= 500) return { kind: 'server_error', message: words, status };
  return { kind: 'rejected', message: words, status };
}

async function tokenRequest(
  send: CrmSend,
  myDomain: string,
  fields: Record<string, string>,
  refreshing: boolean,
): Promise<CrmResult<TokenAnswer>> {
  const answer = await send({ url: `${myDomain}${TOKEN_PATH}`, method: 'POST', headers: FORM_HEADERS, body: form(fields) });
  if ('error' in answer) return { ok: false, error: answer.error };
  if (answer.status !== 200) return { ok: false, error: tokenFailure(answer.status, answer.body, refreshing) };
  const parsed = TokenAnswer.safeParse(jsonOf(answer));
  if (!parsed.success)
    return { ok: false, error: { kind: 'bad_payload', message: 'Salesforce answered the token request in an unexpected shape' } };
  return { ok: true, value: parsed.data };
}

/**
 * The whole sign-in: the authorize page in the browser's auth window, the code from the redirect
 * (its `state` checked), the code exchanged with the verifier. Refused, closed or wrong: a CrmError.
 */
export async function signIn(p: {
  myDomain: string;
  clientId: string;
  redirectUri: string;
  launch: LaunchWebAuthFlow;
  send: CrmSend;
  random?: (bytes: Uint8Array) => Uint8Array;
}): Promise<CrmResult<SignedIn>> {
  const verifier = codeVerifier(p.random);
  const state = codeVerifier(p.random).slice(0, 22);
  const url = authorizeUrl({ ...p, challenge: await codeChallenge(verifier), state });
  let redirect: string | undefined;
  try {
    redirect = await p.launch({ url, interactive: true });
  } catch (error) {
    // Chrome rejects with "The user did not approve access." when the window is closed.
    return {
      ok: false,
      error: { kind: 'rejected', message: `Sign-in not finished: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
  if (!redirect?.startsWith(p.redirectUri))
    return { ok: false, error: { kind: 'rejected', message: 'Sign-in not finished: no answer from Salesforce' } };
  const params = new URL(redirect).searchParams;
  if (params.get('error')) {
    const words = `${params.get('error')}: ${params.get('error_description') ?? ''}`.trim();
    return { ok: false, error: { kind: 'rejected', message: `Salesforce refused the sign-in (${words})` } };
  }
  const code = params.get('code');
  if (!code || params.get('state') !== state)
    return { ok: false, error: { kind: 'rejected', message: 'Sign-in not finished: the answer did not match this sign-in' } };
  const token = await tokenRequest(
    p.send,
    p.myDomain,
    { grant_type: 'authorization_code', code, client_id: p.clientId, redirect_uri: p.redirectUri, code_verifier: verifier },
    false,
  );
  if (!token.ok) return token;
  if (!token.value.refresh_token) {
    return {
      ok: false,
      error: {
        kind: 'missing_scope',
        message: 'the app does not give a refresh token: add the "refresh_token, offline_access" scope to it',
      },
    };
  }
  return {
    ok: true,
    value: { accessToken: token.value.access_token, refreshToken: token.value.refresh_token, instanceUrl: token.value.instance_url },
  };
}

/** A new access token for the refresh token (grant_type=refresh_token, no secret). */
export async function refreshAccessToken(
  send: CrmSend,
  myDomain: string,
  clientId: string,
  refreshToken: string,
): Promise<CrmResult<string>> {
  const token = await tokenRequest(send, myDomain, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }, true);
  return token.ok ? { ok: true, value: token.value.access_token } : token;
}

/** Revokes the refresh token (and with it its access tokens); an already invalid token counts as done. */
export async function revokeToken(send: CrmSend, myDomain: string, token: string): Promise<CrmResult<void>> {
  const answer = await send({ url: `${myDomain}${REVOKE_PATH}`, method: 'POST', headers: FORM_HEADERS, body: form({ token }) });
  if ('error' in answer) return { ok: false, error: answer.error };
  if (answer.status === 200 || (answer.status === 400 && /invalid_token|unsupported_token_type/.test(answer.body)))
    return { ok: true, value: undefined };
  return { ok: false, error: tokenFailure(answer.status, answer.body, false) };
}
