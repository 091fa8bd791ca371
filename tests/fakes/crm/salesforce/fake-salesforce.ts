// Over 300 lines: one in-memory org (OAuth with PKCE, REST sobjects, query, search) is one server;
// the SOQL parser is apart (soql.ts).
import type { BrowserContext } from '@playwright/test';
import type { CrmSend } from '../../../../lib/crm/types';
import type { FakeCrm, FakeCrmRecord } from '../fake-crm';
import { authorizePage } from './authorize-page';
import { parseSoql, parseSosl, runSoql, runSosl } from './soql';

/**
 * An in-memory Salesforce org at https://acme.my.salesforce.com answering what the Quota Radar client
 * sends, in Salesforce's documented shapes: the OAuth web-server flow with PKCE (authorize → code →
 * token, refresh, revoke, userinfo), `sobjects` create / upsert by external id / delete / describe,
 * `query` (the SOQL subset in soql.ts, GROUP BY with COUNT included) and `search` (SOSL), errors as
 * `[{ "message", "errorCode" }]`. Field names and picklist values are checked against
 * tests/unit/contracts/salesforce/ by the contract test.
 * `handle` is the whole server; `send` serves a unit test, `install` a browser context.
 */

export const SF_DOMAIN = 'https://acme.my.salesforce.com';
export const SF_CLIENT_ID = '3MVG9fakeConsumerKeyForQuotaRadarTests.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH';
export const SF_API = '/services/data/v62.0';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}
type Row = Record<string, unknown> & { Id: string };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  body: JSON.stringify(body),
});
const sfError = (status: number, errorCode: string, message: string, headers: Record<string, string> = {}) =>
  json(status, [{ message, errorCode }], headers);
const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });

const PREFIX: Record<string, string> = { Task: '00T', Event: '00U', Contact: '003', Lead: '00Q', User: '005' };
const TASK_SUBTYPES = new Set(['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn']);

async function sha256url(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export class FakeSalesforce implements FakeCrm {
  readonly crm = 'salesforce' as const;
  readonly accountUserName = 'Rita Rep';
  offline = false;
  /** The admin's external-id field on Activity (Task and Event), or none. */
  externalIdField: string | null;
  private next = 1;
  private readonly rows: Record<string, Row[]> = { Task: [], Event: [], Contact: [], Lead: [], User: [] };
  private readonly deletedRecords: FakeCrmRecord[] = [];
  private readonly log: { method: string; url: string; at: number; body?: string }[] = [];
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private accessTokens = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  private limited: { count: number; retryAfterSec: number } | undefined;
  /** The tokens each authorization-code exchange gave (a sign-in), oldest first. */
  readonly signIns: { access: string; refresh: string }[] = [];
  readonly me: string;
  readonly connectFields: Record<string, string>;

  constructor(options: { clock?: () => number; externalIdField?: string | null } = {}) {
    this.clock = options.clock ?? Date.now;
    this.externalIdField = options.externalIdField === undefined ? null : options.externalIdField;
    this.me = this.newId('User');
    this.rows.User!.push({ Id: this.me, Name: this.accountUserName, Email: 'rita@acme.example', IsActive: true, UserType: 'Standard' });
    const { access, refresh } = this.issue();
    this.connectFields = { 'My Domain': SF_DOMAIN, 'Consumer key': SF_CLIENT_ID, 'Access token': access, 'Refresh token': refresh };
  }
  private readonly clock: () => number;

  get secret(): string {
    return this.connectFields['Refresh token']!;
  }

  private newId(sobject: string): string {
    return `${PREFIX[sobject] ?? '001'}${String(this.next++).padStart(12, '0')}AAA`;
  }

  private issue(): { access: string; refresh: string } {
    const n = this.next++;
    const access = `00Dfake!access.${n}.${Math.random().toString(36).slice(2)}`;
    const refresh = `5Aep861fake.refresh.${n}.${Math.random().toString(36).slice(2)}`;
    this.accessTokens.add(access);
    this.refreshTokens.add(refresh);
    return { access, refresh };
  }

  /** The org ended every session (a timeout): the next request answers 401 INVALID_SESSION_ID. */
  expireSessions(): void {
    this.accessTokens = new Set();
  }

  /** The user's refresh token was revoked (or hit the admin's expiry policy): the next refresh is invalid_grant. */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  isRefreshTokenLive(token: string): boolean {
    return this.refreshTokens.has(token);
  }

  /**
   * What the org's authorize page does once the rep allows: the redirect to the extension's URL, with
   * a code tied to the PKCE challenge (or the error Salesforce gives). The browser's auth window
   * reaches it through authorize-page.ts; a unit test through launchWebAuthFlow below.
   */
  authorizeRedirect(url: string): string {
    const asked = new URL(url);
    const q = asked.searchParams;
    if (asked.origin !== SF_DOMAIN || asked.pathname !== '/services/oauth2/authorize') throw new Error('not the org authorize page');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== SF_CLIENT_ID) return `${redirectUri}?error=invalid_client_id&error_description=client+identifier+invalid`;
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return `${redirectUri}?error=invalid_request&error_description=missing+PKCE`;
    }
    const code = `aPrx${this.next++}fakecode`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, redirectUri });
    return `${redirectUri}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(q.get('state') ?? '')}`;
  }

  /** launchWebAuthFlow for a unit test: the authorize page, the rep allowing at once. */
  readonly launchWebAuthFlow = async ({ url }: { url: string; interactive: boolean }): Promise<string> => this.authorizeRedirect(url);

  records(): FakeCrmRecord[] {
    const live = [...this.rows.Task!, ...this.rows.Event!].map((row) => this.asRecord(row, false));
    return [...live, ...this.deletedRecords];
  }

  private asRecord(row: Row, deleted: boolean): FakeCrmRecord {
    const type = row.Id.startsWith('00U') ? 'Event' : 'Task';
    const ext = this.externalIdField ? (row[this.externalIdField] as string | undefined) : undefined;
    const subjectId = /\[qr:([^\]]+)\]$/.exec(String(row.Subject ?? ''))?.[1];
    const activityId = ext ?? subjectId;
    return {
      id: row.Id,
      type,
      ...(activityId ? { activityId } : {}),
      ownerId: String(row.OwnerId),
      contactIds: row.WhoId ? [String(row.WhoId)] : [],
      text: `${row.Subject ?? ''}\n${row.Description ?? ''}`,
      deleted,
    };
  }

  /** Raw rows, for field-level checks (TaskSubtype, CallDurationInSeconds…). */
  sobjects(sobject: 'Task' | 'Event' | 'Contact' | 'Lead' | 'User'): Row[] {
    return this.rows[sobject]!;
  }

  contacts(): { id: string; email?: string; phone?: string }[] {
    return this.rows.Contact!.map((c) => ({
      id: c.Id,
      ...(c.Email ? { email: String(c.Email) } : {}),
      ...(c.Phone ? { phone: String(c.Phone) } : {}),
    }));
  }

  addContact(contact: { email?: string; phone?: string; name?: string }, sobject: 'Contact' | 'Lead' = 'Contact'): string {
    const Id = this.newId(sobject);
    this.rows[sobject]!.push({
      Id,
      LastName: contact.name ?? 'Unknown',
      Email: contact.email ?? null,
      Phone: contact.phone ?? null,
      Description: null,
      CreatedDate: new Date(this.clock()).toISOString(),
      ...(sobject === 'Lead' ? { IsConverted: false } : {}),
    });
    return Id;
  }

  addUser(user: { id: string; name: string; email?: string }): void {
    this.rows.User!.push({ Id: user.id, Name: user.name, Email: user.email ?? null, IsActive: true, UserType: 'Standard' });
  }

  /** A record another user (or Salesforce's own UI) wrote, for the board. */
  addActivity(sobject: 'Task' | 'Event', fields: Record<string, unknown>): string {
    const Id = this.newId(sobject);
    this.rows[sobject]!.push(this.withDerived(sobject, { Id, ...fields }));
    return Id;
  }

  rateLimitNext(count: number, retryAfterSec: number): void {
    this.limited = { count, retryAfterSec };
  }

  requests(): { method: string; url: string; at: number; body?: string }[] {
    return [...this.log];
  }

  readonly send: CrmSend = async (request) => {
    if (this.offline) return { error: { kind: 'network', message: 'net::ERR_INTERNET_DISCONNECTED' } };
    return this.handle(request.method, request.url, request.headers, request.body);
  };

  async install(context: BrowserContext): Promise<void> {
    await context.route(`${SF_DOMAIN}/**`, async (route) => {
      if (this.offline) return route.abort('internetdisconnected');
      const request = route.request();
      const answer = await this.serve(request.method(), request.url(), await request.allHeaders(), request.postData() ?? undefined);
      return route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body });
    });
  }

  /** What a browser is answered: the authorize page (the auth window's), else the org's API. */
  async serve(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    const page = authorizePage(this, method, url);
    if (!page) return this.handle(method, url, headers, body);
    this.log.push({ method, url, at: this.clock(), ...(body !== undefined ? { body } : {}) });
    return page;
  }

  async handle(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    const at = this.clock();
    this.log.push({ method, url, at, ...(body !== undefined ? { body } : {}) });
    const parsed = new URL(url);
    if (parsed.origin !== SF_DOMAIN) return { status: 404, headers: {}, body: 'Not Found' };
    const path = parsed.pathname;
    if (method === 'POST' && path === '/services/oauth2/token') return this.token(new URLSearchParams(body ?? ''));
    if (method === 'POST' && path === '/services/oauth2/revoke') {
      const token = new URLSearchParams(body ?? '').get('token') ?? '';
      if (!this.refreshTokens.delete(token) && !this.accessTokens.delete(token)) return oauthError(400, 'invalid_token', 'invalid token');
      this.accessTokens.clear();
      return { status: 200, headers: {}, body: '' };
    }
    if (this.limited && this.limited.count > 0) {
      this.limited.count -= 1;
      // Salesforce documents no Retry-After here; the fake sends one so the tests can see it honoured where present.
      return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { 'retry-after': String(this.limited.retryAfterSec) });
    }
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!bearer || !this.accessTokens.has(bearer)) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (method === 'GET' && path === '/services/oauth2/userinfo') {
      return json(200, {
        user_id: this.me,
        organization_id: '00D000000000001AAA',
        name: this.accountUserName,
        preferred_username: 'rita@acme.example',
        email: 'rita@acme.example',
      });
    }
    if (!path.startsWith(`${SF_API}/`)) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const rest = path.slice(SF_API.length);
    try {
      if (method === 'GET' && rest === '/query') return this.query(parsed.searchParams.get('q') ?? '');
      if (method === 'GET' && rest === '/search') return this.search(parsed.searchParams.get('q') ?? '');
      const describe = /^\/sobjects\/(Task|Event)\/describe$/.exec(rest);
      if (method === 'GET' && describe) return this.describe(describe[1]!);
      const create = /^\/sobjects\/(Task|Event|Contact)$/.exec(rest);
      if (method === 'POST' && create) return this.save(create[1]!, JSON.parse(body ?? '{}') as Record<string, unknown>);
      const upsert = /^\/sobjects\/(Task|Event)\/(\w+__c)\/([^/]+)$/.exec(rest);
      if (method === 'PATCH' && upsert)
        return this.upsert(upsert[1]!, upsert[2]!, decodeURIComponent(upsert[3]!), JSON.parse(body ?? '{}'));
      const remove = /^\/sobjects\/(Task|Event)\/(\w{18})$/.exec(rest);
      if (method === 'DELETE' && remove) return this.remove(remove[1]!, remove[2]!);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const [code, words] = message.includes(': ') ? message.split(/: (.*)/s) : ['MALFORMED_QUERY', message];
      return sfError(400, code!, words ?? message);
    }
    return sfError(404, 'NOT_FOUND', `The requested resource does not exist: ${method} ${rest}`);
  }

  private async token(form: URLSearchParams): Promise<Answer> {
    if (form.get('client_id') !== SF_CLIENT_ID) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (form.has('client_secret')) return oauthError(400, 'invalid_client', 'this app requires no secret: none is expected');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code) return oauthError(400, 'invalid_grant', 'invalid authorization code');
      this.codes.delete(form.get('code')!);
      if (code.redirectUri !== form.get('redirect_uri'))
        return oauthError(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
      if ((await sha256url(form.get('code_verifier') ?? '')) !== code.challenge)
        return oauthError(400, 'invalid_grant', 'invalid code verifier');
      const { access, refresh } = this.issue();
      this.signIns.push({ access, refresh });
      return json(200, this.tokenBody(access, refresh));
    }
    if (grant === 'refresh_token') {
      if (!this.refreshTokens.has(form.get('refresh_token') ?? '')) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
      const { access, refresh } = this.issue();
      this.refreshTokens.delete(refresh);
      return json(200, this.tokenBody(access));
    }
    return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }

  private tokenBody(access: string, refresh?: string) {
    return {
      access_token: access,
      ...(refresh ? { refresh_token: refresh } : {}),
      signature: 'ZmFrZQ==',
      scope: 'refresh_token api',
      instance_url: SF_DOMAIN,
      id: `https://login.salesforce.com/id/00D000000000001AAA/${this.me}`,
      token_type: 'Bearer',
      issued_at: String(this.clock()),
    };
  }

  private describe(sobject: string): Answer {
    const fields = [
      { name: 'Id', type: 'id', externalId: false },
      { name: 'Subject', type: 'combobox', externalId: false },
      { name: 'Description', type: 'textarea', externalId: false },
      { name: 'OwnerId', type: 'reference', externalId: false },
      { name: 'WhoId', type: 'reference', externalId: false },
      ...(this.externalIdField ? [{ name: this.externalIdField, type: 'string', externalId: true }] : []),
    ];
    return json(200, { name: sobject, fields });
  }

  /** Derived fields Salesforce keeps: an Event's ActivityDate and DurationInMinutes; IsDeleted false. */
  private withDerived(sobject: string, row: Row): Row {
    if (sobject === 'Event' && typeof row.StartDateTime === 'string') {
      const start = Date.parse(row.StartDateTime);
      const end = typeof row.EndDateTime === 'string' ? Date.parse(row.EndDateTime) : start;
      return { ...row, ActivityDate: row.StartDateTime.slice(0, 10), DurationInMinutes: Math.round((end - start) / 60_000) };
    }
    return row;
  }

  private validate(sobject: string, fields: Record<string, unknown>, creating: boolean): void {
    if (sobject === 'Task' && fields.TaskSubtype !== undefined) {
      if (!creating) throw new Error('INVALID_FIELD_FOR_INSERT_UPDATE: Unable to create/update fields: TaskSubtype');
      if (!TASK_SUBTYPES.has(String(fields.TaskSubtype)))
        throw new Error('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: TaskSubtype: bad value');
    }
    if (typeof fields.Subject === 'string' && fields.Subject.length > 255)
      throw new Error('STRING_TOO_LONG: Subject: data value too large');
    if (sobject === 'Contact' && !fields.LastName) throw new Error('REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]');
    if (this.externalIdField && fields[this.externalIdField] !== undefined && !creating)
      throw new Error('INVALID_FIELD: the external id field is in the URL, not the body');
  }

  private save(sobject: string, fields: Record<string, unknown>): Answer {
    this.validate(sobject, fields, true);
    const Id = this.newId(sobject);
    this.rows[sobject]!.push(this.withDerived(sobject, { ...fields, Id, CreatedDate: new Date(this.clock()).toISOString() }));
    return json(201, { id: Id, success: true, errors: [] });
  }

  private upsert(sobject: string, field: string, value: string, fields: Record<string, unknown>): Answer {
    if (field !== this.externalIdField)
      return sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
    if (fields[field] !== undefined) return sfError(400, 'INVALID_FIELD', 'the external id field is in the URL, not the body');
    const rows = this.rows[sobject]!;
    const existing = rows.findIndex((r) => r[field] === value);
    if (existing < 0) {
      this.validate(sobject, fields, true);
      const Id = this.newId(sobject);
      rows.push(this.withDerived(sobject, { ...fields, [field]: value, Id, CreatedDate: new Date(this.clock()).toISOString() }));
      return json(201, { id: Id, success: true, errors: [], created: true });
    }
    this.validate(sobject, fields, false);
    rows[existing] = this.withDerived(sobject, { ...rows[existing]!, ...fields });
    return json(200, { id: rows[existing]!.Id, success: true, errors: [], created: false });
  }

  private remove(sobject: string, id: string): Answer {
    const rows = this.rows[sobject]!;
    const index = rows.findIndex((r) => r.Id === id);
    if (index < 0) return sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    const [row] = rows.splice(index, 1);
    this.deletedRecords.push(this.asRecord(row!, true));
    return { status: 204, headers: {}, body: '' };
  }

  private query(text: string): Answer {
    const soql = parseSoql(text);
    const rows = this.rows[soql.from];
    if (!rows) return sfError(400, 'INVALID_TYPE', `sObject type '${soql.from}' is not supported.`);
    const records = runSoql(soql, rows, `${SF_API}/sobjects`);
    return json(200, { totalSize: records.length, done: true, records });
  }

  private search(text: string): Answer {
    return json(200, { searchRecords: runSosl(parseSosl(text), this.rows, `${SF_API}/sobjects`) });
  }
}

export function createFakeSalesforce(clock?: () => number, externalIdField: string | null = null): FakeSalesforce {
  return new FakeSalesforce({ ...(clock ? { clock } : {}), externalIdField });
}
