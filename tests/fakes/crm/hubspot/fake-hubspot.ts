import type { BrowserContext } from '@playwright/test';
import type { FakeCrm, FakeCrmRecord } from '../fake-crm';

/**
 * An in-memory HubSpot answering the CRM v3 requests the client sends, as documented on
 * developers.hubspot.com/docs: /api/crm/calls, /api/crm/email, /api/crm/meetings,
 * /api/crm/communications, /api/crm/notes (create with inline associations), /api/crm/search
 * (filterGroups ORed, `after` paging), /api/crm/owners, /api/crm/contacts (409 "Contact already
 * exists. Existing ID: …"), account-information (`/account-info/v3/details`), the 403
 * MISSING_SCOPES and 429 bodies of /api/error-handling and /apisbytier. `answer` is a pure
 * function of the request (and the fake's state), so Vitest drives the client against it too.
 */

export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface StoredObject {
  id: string;
  type: string;
  properties: Record<string, string>;
  contactIds: string[];
  companyIds: string[];
  archived: boolean;
  createdAt: number;
  /** hs_lastmodifieddate, which HubSpot sets on every object and moves on every edit (searchable, as the search guide filters on it). */
  modifiedAt: number;
}

export interface FakeHubSpotOptions {
  token?: string;
  portalId?: number;
  /** Scopes the token has (all the sync needs by default). */
  scopes?: string[];
  /** Newly created records become searchable this long after creation (HubSpot's search lags a little). */
  searchLagMs?: number;
  clock?: () => number;
  /**
   * Object types whose portal has `hs_unique_id`. HubSpot's specs name it for none of the objects the
   * sync writes, and the issue found it documented only for meetings: so meetings only by default.
   */
  uniqueIdOn?: string[];
  /** The portal's `hs_call_disposition` options (HubSpot's defaults unless a test renames or re-ids them). */
  dispositions?: { label: string; value: string }[];
}

/** HubSpot's default call outcomes (calls guide, hs_call_disposition). */
export const DEFAULT_DISPOSITIONS = [
  { label: 'Busy', value: '9d9162e7-6cf3-4944-bf63-4dff82258764' },
  { label: 'Connected', value: 'f240bbac-87c9-4f6e-bf70-924b57d47db7' },
  { label: 'Left live message', value: 'a4c4c377-d246-4b32-a13b-75a56a4cd0ff' },
  { label: 'Left voicemail', value: 'b2cf5968-551e-4856-9783-52b3da59a7d0' },
  { label: 'No answer', value: '73a0d17f-1163-4015-bdd5-ec830791da20' },
  { label: 'Wrong number', value: '17b47fee-58de-441e-a44c-c6300d46f273' },
];
/** Properties that hold a unique value per object type (a second record with the same value is a 409). */
const ID_PROPERTIES = ['hs_unique_id', 'quota_radar_activity_id'];

export const HUBSPOT_FAKE_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const ALL_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
];
const ACTIVITY_TYPES = new Map([
  ['calls', 'call'],
  ['emails', 'email'],
  ['meetings', 'meeting'],
  ['communications', 'communication'],
  ['notes', 'note'],
]);
const BODY_PROPERTIES = [
  'hs_call_title',
  'hs_call_body',
  'hs_email_subject',
  'hs_email_text',
  'hs_meeting_title',
  'hs_meeting_body',
  'hs_communication_body',
  'hs_note_body',
];

const json = (status: number, value: unknown, headers: Record<string, string> = {}): FakeAnswer => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  body: JSON.stringify(value),
});
const error = (status: number, category: string, message: string, extra: Record<string, unknown> = {}) =>
  json(status, { status: 'error', message, correlationId: '7a5b2d0c-0000-4000-8000-000000000000', category, ...extra });

export class FakeHubSpot implements FakeCrm {
  readonly crm = 'hubspot' as const;
  offline = false;
  readonly token: string;
  readonly portalId: number;
  scopes: Set<string>;
  searchLagMs: number;
  private readonly clock: () => number;
  private nextId = 1000;
  private readonly objects: StoredObject[] = [];
  private readonly owners: { id: string; email: string; firstName: string; lastName: string; userId: number }[] = [];
  private readonly log: { method: string; url: string; at: number }[] = [];
  private limited: { count: number; retryAfterSec: number } = { count: 0, retryAfterSec: 0 };
  /** The last search's matches, sorted (see `search`); any write forgets it. */
  private searchMemo?: { key: string; found: StoredObject[] };
  /** Server errors to answer next (5xx), for the contract tests. */
  failNext = 0;
  /** Per object type, the id properties this portal has (hs_unique_id where it came with, ours once created). */
  private readonly idProperties = new Map<string, Set<string>>();
  dispositions: { label: string; value: string }[];

  constructor(options: FakeHubSpotOptions = {}) {
    this.token = options.token ?? HUBSPOT_FAKE_TOKEN;
    this.portalId = options.portalId ?? 62515;
    this.scopes = new Set(options.scopes ?? ALL_SCOPES);
    this.searchLagMs = options.searchLagMs ?? 0;
    this.clock = options.clock ?? Date.now;
    for (const type of ACTIVITY_TYPES.keys()) this.idProperties.set(type, new Set());
    for (const type of options.uniqueIdOn ?? ['meetings']) this.idProperties.get(type)?.add('hs_unique_id');
    this.dispositions = options.dispositions ?? DEFAULT_DISPOSITIONS;
    this.addUser({ id: '110', name: 'Robin Rep', email: 'rep@seller.example' });
  }

  readonly accountUserName = 'Robin Rep';
  get secret(): string {
    return this.token;
  }

  get connectFields(): Record<string, string> {
    return { 'Private app access token': this.token, 'Your HubSpot user email': 'rep@seller.example' };
  }

  async install(context: BrowserContext): Promise<void> {
    await context.route('https://api.hubapi.com/**', async (route) => {
      const request = route.request();
      if (this.offline) {
        this.log.push({ method: request.method(), url: request.url(), at: this.clock() });
        await route.abort('internetdisconnected');
        return;
      }
      const answer = this.answer(request.method(), request.url(), await request.allHeaders(), request.postData() ?? undefined);
      await route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body });
    });
  }

  records(): FakeCrmRecord[] {
    return this.objects
      .filter((o) => ACTIVITY_TYPES.has(o.type))
      .map((o) => ({
        id: o.id,
        type: ACTIVITY_TYPES.get(o.type)!,
        ...((o.properties.hs_unique_id ?? o.properties.quota_radar_activity_id)?.startsWith('quota-radar:')
          ? { activityId: (o.properties.hs_unique_id ?? o.properties.quota_radar_activity_id)!.slice('quota-radar:'.length) }
          : {}),
        ownerId: o.properties.hubspot_owner_id ?? '',
        contactIds: o.contactIds,
        text: BODY_PROPERTIES.map((p) => o.properties[p])
          .filter(Boolean)
          .join('\n'),
        deleted: o.archived,
      }));
  }

  /** Every stored object of a type, properties included (contract tests read what was written). */
  objectsOf(type: string): StoredObject[] {
    return this.objects.filter((o) => o.type === type);
  }

  contacts(): { id: string; email?: string; phone?: string }[] {
    return this.objectsOf('contacts').map((c) => ({
      id: c.id,
      ...(c.properties.email ? { email: c.properties.email } : {}),
      ...(c.properties.phone ? { phone: c.properties.phone } : {}),
    }));
  }

  addContact(contact: { email?: string; phone?: string; name?: string; companyId?: string; linkedin?: string }): string {
    const [firstname, ...rest] = (contact.name ?? '').split(' ');
    const created = this.create('contacts', {
      ...(contact.email ? { email: contact.email } : {}),
      ...(contact.phone ? { phone: contact.phone } : {}),
      ...(contact.linkedin ? { hs_linkedin_url: contact.linkedin } : {}),
      ...(firstname ? { firstname } : {}),
      ...(rest.length ? { lastname: rest.join(' ') } : {}),
      ...(contact.companyId ? { associatedcompanyid: contact.companyId } : {}),
    });
    // Contacts added by the test are searchable at once.
    created.createdAt = Number.NEGATIVE_INFINITY;
    return created.id;
  }

  addUser(user: { id: string; name: string; email?: string }): void {
    const [firstName = '', ...rest] = user.name.split(' ');
    this.owners.push({
      id: user.id,
      email: user.email ?? `${user.id}@seller.example`,
      firstName,
      lastName: rest.join(' '),
      userId: Number(user.id) + 1,
    });
  }

  /** A record of another user (team board), as HubSpot's own UI would have logged it. */
  addActivity(type: string, properties: Record<string, string>): string {
    const created = this.create(type, properties);
    created.createdAt = Number.NEGATIVE_INFINITY;
    // Logged when it happened.
    const at = Date.parse(properties.hs_timestamp ?? '');
    if (Number.isFinite(at)) created.modifiedAt = at;
    return created.id;
  }

  /**
   * Someone edits a record in HubSpot (its owner, or archives it): hs_lastmodifieddate moves to now,
   * as every edit moves it. An archived record is gone from search, as in HubSpot.
   */
  editActivity(id: string, change: { ownerId?: string; archived?: boolean }): void {
    const object = this.objects.find((o) => o.id === id);
    if (!object) throw new Error(`no object ${id}`);
    if (change.ownerId !== undefined) object.properties.hubspot_owner_id = change.ownerId;
    if (change.archived) object.archived = true;
    object.modifiedAt = this.clock();
    this.searchMemo = undefined;
  }

  rateLimitNext(count: number, retryAfterSec: number): void {
    this.limited = { count, retryAfterSec };
  }

  requests(): { method: string; url: string; at: number }[] {
    return [...this.log];
  }

  private create(type: string, properties: Record<string, string>, contactIds: string[] = [], companyIds: string[] = []): StoredObject {
    const object: StoredObject = {
      id: String((this.nextId += 1)),
      type,
      properties,
      contactIds,
      companyIds,
      archived: false,
      createdAt: this.clock(),
      modifiedAt: this.clock(),
    };
    this.objects.push(object);
    this.searchMemo = undefined;
    return object;
  }

  private searchable(o: StoredObject): boolean {
    return !o.archived && this.clock() - o.createdAt >= this.searchLagMs;
  }

  private view(o: StoredObject, properties?: string[]) {
    const picked = properties
      ? Object.fromEntries(properties.filter((p) => p in o.properties).map((p) => [p, o.properties[p]!]))
      : o.properties;
    return {
      id: o.id,
      properties: { ...picked, hs_object_id: o.id },
      createdAt: '2026-01-14T10:00:00.000Z',
      updatedAt: '2026-01-14T10:00:00.000Z',
      archived: o.archived,
    };
  }

  private needs(scope: string): FakeAnswer | undefined {
    if (this.scopes.has(scope)) return undefined;
    return error(
      403,
      'MISSING_SCOPES',
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      {
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      },
    );
  }

  /** The documented answer to one request. */
  answer(method: string, url: string, headers: Record<string, string>, body: string | undefined): FakeAnswer {
    this.log.push({ method, url, at: this.clock() });
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (this.limited.count > 0) {
      this.limited.count -= 1;
      return json(
        429,
        {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: 'c0',
          policyName: 'TEN_SECONDLY_ROLLING',
        },
        {
          'retry-after': String(this.limited.retryAfterSec),
          'x-hubspot-ratelimit-max': '100',
          'x-hubspot-ratelimit-remaining': '0',
          'x-hubspot-ratelimit-interval-milliseconds': '10000',
        },
      );
    }
    if (lower.authorization !== `Bearer ${this.token}`) {
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    if (this.failNext > 0) {
      this.failNext -= 1;
      return error(502, 'INTERNAL_ERROR', 'Bad Gateway');
    }
    const parsed = new URL(url);
    if (parsed.origin !== 'https://api.hubapi.com') return error(404, 'OBJECT_NOT_FOUND', 'not found');
    const path = parsed.pathname.replace(/\/$/, '');
    let input: Record<string, unknown> = {};
    if (body !== undefined) {
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
      }
    }

    if (method === 'GET' && path === '/account-info/v3/details') {
      return json(200, {
        portalId: this.portalId,
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: 'USD',
        additionalCurrencies: [],
        utcOffset: '-05:00',
        utcOffsetMilliseconds: -18_000_000,
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      });
    }
    if (method === 'GET' && path === '/crm/v3/owners') {
      const denied = this.needs('crm.objects.owners.read');
      if (denied) return denied;
      const email = parsed.searchParams.get('email');
      const list = this.owners.filter((o) => !email || o.email === email);
      return this.page(
        // The owner fields the owners spec requires (type, createdAt, updatedAt) are answered too.
        list.map((o) => ({
          ...o,
          type: 'PERSON',
          createdAt: '2025-06-01T09:00:00.000Z',
          updatedAt: '2025-06-01T09:00:00.000Z',
          archived: false,
          teams: [],
        })),
        parsed.searchParams,
      );
    }
    if (method === 'GET' && path === '/crm/v3/objects/contacts') {
      const denied = this.needs('crm.objects.contacts.read');
      if (denied) return denied;
      return this.page(
        this.objectsOf('contacts')
          .filter((c) => !c.archived)
          .map((c) => this.view(c)),
        parsed.searchParams,
      );
    }
    const property = /^\/crm\/v3\/properties\/([a-z]+)(?:\/([a-z_]+))?$/.exec(path);
    if (property) return this.properties(method, property[1]!, property[2], input);
    const search = /^\/crm\/v3\/objects\/([a-z]+)\/search$/.exec(path);
    if (method === 'POST' && search) {
      const denied = this.needs('crm.objects.contacts.read');
      if (denied) return denied;
      return this.search(search[1]!, input);
    }
    const archive = /^\/crm\/v3\/objects\/([a-z]+)\/batch\/archive$/.exec(path);
    if (method === 'POST' && archive) {
      const denied = this.needs('crm.objects.contacts.write');
      if (denied) return denied;
      const inputs = input.inputs as { id?: unknown }[] | undefined;
      if (!Array.isArray(inputs)) return error(400, 'VALIDATION_ERROR', 'inputs is required');
      for (const { id } of inputs) {
        const found = this.objects.find((o) => o.type === archive[1] && o.id === String(id));
        if (found) {
          found.archived = true;
          this.searchMemo = undefined;
        }
      }
      return { status: 204, headers: {}, body: '' };
    }
    const createAt = /^\/crm\/v3\/objects\/([a-z]+)$/.exec(path);
    if (method === 'POST' && createAt) return this.createObject(createAt[1]!, input);
    return error(404, 'OBJECT_NOT_FOUND', `No route ${method} ${path}`);
  }

  /** The properties API: GET one property, POST a new one (needs a schema write scope). */
  private properties(method: string, type: string, name: string | undefined, input: Record<string, unknown>): FakeAnswer {
    const ids = this.idProperties.get(type);
    if (!ids) return error(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
    const singular = type.replace(/s$/, '');
    const view = (property: string) => ({
      name: property,
      label: property,
      type: 'string',
      fieldType: 'text',
      groupName: `${singular}information`,
      description: '',
      options: property === 'hs_call_disposition' ? this.dispositions.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) : [],
      hasUniqueValue: ID_PROPERTIES.includes(property),
    });
    if (method === 'GET' && name) {
      const has = ids.has(name) || name === 'hs_timestamp' || (type === 'calls' && name === 'hs_call_disposition');
      return has ? json(200, view(name)) : error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} for object type ${type}`);
    }
    if (method === 'POST' && !name) {
      const denied = this.needs('crm.schemas.contacts.write');
      if (denied) return denied;
      const wanted = String(input.name ?? '');
      if (!/^[a-z][a-z0-9_]*$/.test(wanted) || !input.label || !input.groupName || !input.type || !input.fieldType)
        return error(400, 'VALIDATION_ERROR', 'name, label, groupName, type and fieldType are required');
      if (ids.has(wanted)) return error(409, 'CONFLICT', `A property named '${wanted}' already exists.`);
      ids.add(wanted);
      return json(201, view(wanted));
    }
    return error(404, 'OBJECT_NOT_FOUND', `No route ${method} ${type}`);
  }

  /** A property this portal does not have, named the way HubSpot refuses it. */
  private unknownProperty(type: string, names: string[]): FakeAnswer | undefined {
    const ids = this.idProperties.get(type);
    const missing = ids ? names.find((n) => ID_PROPERTIES.includes(n) && !ids.has(n)) : undefined;
    return missing
      ? error(
          400,
          'VALIDATION_ERROR',
          `Property values were not valid: [{"isValid":false,"message":"Property \\"${missing}\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"${missing}"}]`,
        )
      : undefined;
  }

  private page<T>(list: T[], params: URLSearchParams): FakeAnswer {
    const limit = Math.min(Number(params.get('limit') ?? 100) || 100, 500);
    const after = Number(params.get('after') ?? 0) || 0;
    const results = list.slice(after, after + limit);
    const next = after + limit < list.length ? { next: { after: String(after + limit), link: '?after=' } } : undefined;
    return json(200, { results, ...(next ? { paging: next } : {}) });
  }

  private createObject(type: string, input: Record<string, unknown>): FakeAnswer {
    const denied = this.needs('crm.objects.contacts.write');
    if (denied) return denied;
    const properties = input.properties as Record<string, unknown> | undefined;
    if (!properties || typeof properties !== 'object') return error(400, 'VALIDATION_ERROR', 'properties is required');
    const values = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)]));
    if (type === 'contacts') {
      const existing = this.objectsOf('contacts').find((c) => !c.archived && values.email && c.properties.email === values.email);
      if (existing) return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
      return json(201, this.view(this.create('contacts', values)));
    }
    if (!ACTIVITY_TYPES.has(type)) return error(404, 'OBJECT_NOT_FOUND', `Unknown object type ${type}`);
    if (!values.hs_timestamp) {
      return error(
        400,
        'VALIDATION_ERROR',
        'Property values were not valid: [{"isValid":false,"message":"hs_timestamp is required","name":"hs_timestamp"}]',
      );
    }
    if (type === 'communications' && !['LINKEDIN_MESSAGE', 'SMS', 'WHATS_APP'].includes(values.hs_communication_channel_type ?? '')) {
      return error(
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: hs_communication_channel_type ${values.hs_communication_channel_type}`,
      );
    }
    const unknown = this.unknownProperty(type, Object.keys(values));
    if (unknown) return unknown;
    const uniqueName = ID_PROPERTIES.find((n) => values[n]);
    const unique = uniqueName ? values[uniqueName] : undefined;
    const taken = uniqueName ? this.objects.find((o) => o.type === type && o.properties[uniqueName] === unique) : undefined;
    if (taken) {
      return error(
        409,
        'CONFLICT',
        `Cannot set PropertyValueCoordinates{propertyName=${uniqueName}, value=${unique}} on ${this.nextId + 1}. ${taken.id} already has that value.`,
        {
          errorType: 'UNIQUE_VALUE_CONFLICT',
        },
      );
    }
    const contactIds: string[] = [];
    const companyIds: string[] = [];
    for (const association of (input.associations as { to?: { id?: unknown }; types?: { associationTypeId?: unknown }[] }[] | undefined) ??
      []) {
      const id = String(association.to?.id ?? '');
      const typeId = Number(association.types?.[0]?.associationTypeId);
      if ([194, 198, 200, 81, 202].includes(typeId)) {
        if (!this.objectsOf('contacts').some((c) => c.id === id)) return error(400, 'VALIDATION_ERROR', `No contact ${id}`);
        contactIds.push(id);
      } else if ([182, 186, 188, 87, 190].includes(typeId)) companyIds.push(id);
      else return error(400, 'VALIDATION_ERROR', `Unknown association type ${typeId}`);
    }
    return json(201, this.view(this.create(type, values, contactIds, companyIds)));
  }

  private search(type: string, input: Record<string, unknown>): FakeAnswer {
    const groups = (input.filterGroups as { filters: { propertyName: string; operator: string; value?: string }[] }[] | undefined) ?? [];
    if (groups.length > 5) return error(400, 'VALIDATION_ERROR', 'There can be at most 5 filterGroups');
    const unknown = this.unknownProperty(
      type,
      groups.flatMap((g) => g.filters.map((f) => f.propertyName)),
    );
    if (unknown) return unknown;
    const matches = (o: StoredObject) =>
      !groups.length ||
      groups.some((g) =>
        g.filters.every((f) => {
          const value = f.propertyName === 'hs_lastmodifieddate' ? new Date(o.modifiedAt).toISOString() : o.properties[f.propertyName];
          switch (f.operator) {
            case 'EQ':
              return value !== undefined && value.toLowerCase() === String(f.value).toLowerCase();
            case 'HAS_PROPERTY':
              return value !== undefined && value !== '';
            case 'GTE':
            case 'LT': {
              const at = Date.parse(value ?? '') || Number(value);
              return f.operator === 'GTE' ? at >= Number(f.value) : at < Number(f.value);
            }
            default:
              return false;
          }
        }),
      );
    const sort = (input.sorts as { propertyName: string; direction: string }[] | undefined)?.[0];
    // The same query paged again (a board reads 145,000 records 200 at a time) is not filtered and sorted again.
    // (Only without a search lag: with one, what is searchable changes with the clock.)
    const key = JSON.stringify([type, groups, sort]);
    let found = this.searchLagMs === 0 && this.searchMemo?.key === key ? this.searchMemo.found : undefined;
    if (!found) {
      found = this.objects.filter((o) => o.type === type && this.searchable(o) && matches(o));
      if (sort)
        found.sort(
          (a, b) =>
            (Date.parse(a.properties[sort.propertyName] ?? '') - Date.parse(b.properties[sort.propertyName] ?? '')) *
            (sort.direction === 'DESCENDING' ? -1 : 1),
        );
      this.searchMemo = { key, found };
    }
    const limit = Math.min(Number(input.limit ?? 10) || 10, 200);
    const after = Number(input.after ?? 0) || 0;
    // "The search endpoints are limited to 10,000 total results for any given query. Attempting to page
    // beyond 10,000 will result in a 400 error." (https://developers.hubspot.com/docs/api/crm/search, Limitations)
    if (after >= 10_000) return error(400, 'VALIDATION_ERROR', 'Paging beyond 10,000 results is not supported for search.');
    const properties = input.properties as string[] | undefined;
    const results = found.slice(after, after + limit).map((o) => this.view(o, properties));
    return json(200, {
      total: found.length,
      results,
      ...(after + limit < found.length ? { paging: { next: { after: String(after + limit), link: '?after=' } } } : {}),
    });
  }
}
