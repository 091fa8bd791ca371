import { z } from 'zod';
import type { ActivityKind, CallOutcome } from '../../activity';
import { type ApiAnswer, badPayload, errorMessageOf, httpFailure, jsonOf } from '../../api-connector/http';
import type {
  CrmAccount,
  CrmClient,
  CrmContactRef,
  CrmCredentials,
  CrmError,
  CrmPage,
  CrmPerson,
  CrmRecord,
  CrmRecordKind,
  CrmRecordRef,
  CrmResult,
  CrmSend,
  CrmTeamActivity,
  CrmUser,
} from '../types';
import { callDispositions, createIdProperty, DEFAULT_CALL_DISPOSITION, idPropertyOf, propertyChecks } from './portal';

/**
 * HubSpot's CRM v3 objects API over `send`, with a private app token (or an OAuth access token) as
 * `Authorization: Bearer`. Pages it follows (developers.hubspot.com/docs):
 * - /api/crm/calls, /api/crm/email, /api/crm/meetings, /api/crm/communications, /api/crm/notes:
 *   `POST /crm/v3/objects/<type>` with `properties` and inline `associations`;
 * - /api/crm/search: `POST /crm/v3/objects/<type>/search` (filterGroups are ORed, filters ANDed;
 *   `after` pages; at most 5 search requests per second per token; newly written records take a
 *   few seconds to be searchable);
 * - /api/crm/associations (v4 default association type ids, HUBSPOT_DEFINED);
 * - /api/crm/owners: `GET /crm/v3/owners`;
 * - api-reference/latest/account/account-information: `GET /account-info/v3/details`;
 * - /apisbytier: private apps 100 (Free/Starter) to 190 (Professional/Enterprise) requests per 10 s;
 *   a 429 carries `Retry-After` or the `X-HubSpot-RateLimit-*` headers.
 * Our activity id rides in the property portal.ts finds or creates (`hs_unique_id` where the portal
 * has it, else our own `quota_radar_activity_id`), searched for before every create; call outcomes
 * use the portal's own `hs_call_disposition` options.
 */

export const HUBSPOT_API = 'https://api.hubapi.com';
export const HUBSPOT_ORIGIN = 'https://api.hubapi.com/*';

/** The value of `hs_unique_id` that marks a record as ours, for one activity. */
export const hubspotMarker = (activityId: string) => `quota-radar:${activityId}`;

/** HubSpot's object type for each kind of record we write. */
export const HUBSPOT_OBJECT: Record<CrmRecordKind, string> = {
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  message: 'communications',
  note: 'notes',
};

/** Default association type ids (Associations v4, "Association type ID values"): [to contact, to company]. */
export const HUBSPOT_ASSOCIATION: Record<CrmRecordKind, { contact: number; company: number }> = {
  call: { contact: 194, company: 182 },
  email: { contact: 198, company: 186 },
  meeting: { contact: 200, company: 188 },
  message: { contact: 81, company: 87 },
  note: { contact: 202, company: 190 },
};

/**
 * Default call dispositions (calls API page, "hs_call_disposition"): the fallback when the portal's
 * own options cannot be read (portal.ts). "failed" has no disposition of its own: it is sent without one.
 */
export const HUBSPOT_CALL_DISPOSITION: Partial<Record<CallOutcome, string>> = DEFAULT_CALL_DISPOSITION;
const OUTCOME_OF_DISPOSITION = new Map(Object.entries(HUBSPOT_CALL_DISPOSITION).map(([outcome, guid]) => [guid, outcome as CallOutcome]));

/**
 * `hs_communication_channel_type` (communications API): LINKED_IN_MESSAGE, SMS or WHATS_APP. LinkedIn
 * messages go as LINKEDIN_MESSAGE; VK and Telegram messages have no type of their own, and go as SMS:
 * the generic text-message type (WhatsApp would name a specific other messenger). The body names the
 * real channel.
 */
export function communicationChannelType(channel: string): 'LINKEDIN_MESSAGE' | 'SMS' {
  return channel === 'linkedin' || channel === 'sales_navigator' ? 'LINKEDIN_MESSAGE' : 'SMS';
}

/** The scopes the sync needs, and the read that proves each (a 403 MISSING_SCOPES names what lacks). */
export const HUBSPOT_SCOPES = {
  contacts: 'crm.objects.contacts.read',
  owners: 'crm.objects.owners.read',
} as const;
/** Written records and contacts need these; a token without them fails at its first write, naming them. */
export const HUBSPOT_WRITE_SCOPES = ['crm.objects.contacts.write', 'crm.objects.companies.read'] as const;

/** Our kind, written in the summary (team board reads it back from notes and communications). */
const KIND_TAG = /\(quota-radar:([a-z_]+)\)/;

const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

const ObjectAnswer = z.object({ id: Id, properties: z.record(z.string(), z.string().nullish()).optional() });
const SearchAnswer = z.object({
  total: z.number().int().nonnegative().optional(),
  results: z.array(ObjectAnswer),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
const AccountDetails = z.object({ portalId: Id, uiDomain: z.string().optional(), accountType: z.string().optional() });
const Owner = z.object({
  id: Id,
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  archived: z.boolean().optional(),
});
const OwnersAnswer = z.object({
  results: z.array(Owner),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
/** A refusal's documented body: `category` (MISSING_SCOPES, OBJECT_ALREADY_EXISTS…) and `errors[].context`. */
const ErrorBody = z.object({
  message: z.string().optional(),
  category: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() })).optional(),
});

type Answer<T> = CrmResult<T>;
const ok = <T>(value: T): Answer<T> => ({ ok: true, value });
const fail = <T>(error: CrmError): Answer<T> => ({ ok: false, error });

/** The 429 wait: Retry-After, else the rest of HubSpot's window (`X-HubSpot-RateLimit-Interval-Milliseconds`), else 10 s. */
export function hubspotRetryAfterMs(headers: Record<string, string>, now: number): number {
  const failure = httpFailure({ status: 429, headers, body: '' }, now);
  if (headers['retry-after']) return failure.retryAfterMs ?? 10_000;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : 10_000;
}

/** A non-2xx answer in the contract's words: missing scopes named, a 404 not_found, 429 with its wait. */
export function hubspotFailure(answer: ApiAnswer, now: number): CrmError {
  const body = ErrorBody.safeParse(jsonOf(answer));
  const category = body.success ? body.data.category : undefined;
  if (answer.status === 429) {
    return {
      kind: 'rate_limited',
      message: errorMessageOf(answer.body) || 'rate limited',
      status: 429,
      retryAfterMs: hubspotRetryAfterMs(answer.headers, now),
    };
  }
  if (answer.status === 403 && category === 'MISSING_SCOPES') {
    const scopes = body.success ? [...new Set((body.data.errors ?? []).flatMap((e) => Object.values(e.context ?? {}).flat()))] : [];
    return { kind: 'missing_scope', message: scopes.length ? scopes.join(', ') : 'a scope the sync needs', status: 403 };
  }
  if (answer.status === 401 && category === 'EXPIRED_AUTHENTICATION') {
    return { kind: 'expired_key', message: errorMessageOf(answer.body), status: 401 };
  }
  if (answer.status === 404) return { kind: 'not_found', message: errorMessageOf(answer.body) || 'not found', status: 404 };
  return httpFailure(answer, now);
}

export interface HubSpotOptions {
  /** The clock (Retry-After dates); Date.now by default. */
  now?: () => number;
}

type Method = 'GET' | 'POST';

/** The small typed client (the official @hubspot/api-client is 22.7 MB unpacked and needs Node 22: see README). */
export function createHubSpotClient(credentials: CrmCredentials, send: CrmSend, options: HubSpotOptions = {}): CrmClient {
  if (credentials.crm !== 'hubspot') throw new Error('not HubSpot credentials');
  const { token } = credentials;
  const ownerEmail = credentials.ownerEmail;
  const now = options.now ?? Date.now;
  /** The rep's HubSpot owner id, learned once (records are written under it). */
  let ownerId: string | undefined;
  /** Per object type, the property our id rides in, once known to exist (portal.ts). */
  const idProperties = new Map<string, string>();
  let dispositions: Partial<Record<CallOutcome, string>> | undefined;

  async function call<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<Answer<T>> {
    const answer = await send({
      url: `${HUBSPOT_API}${path}`,
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if ('error' in answer) return fail(answer.error);
    if (answer.status < 200 || answer.status >= 300) return fail(hubspotFailure(answer, now()));
    if (answer.status === 204 || answer.body.trim() === '') {
      const empty = schema.safeParse(undefined);
      return empty.success ? ok(empty.data) : fail(badPayload(`HubSpot answered ${answer.status} with no body`, answer.status));
    }
    const parsed = schema.safeParse(jsonOf(answer));
    if (!parsed.success)
      return fail(badPayload(`HubSpot's answer to ${method} ${path.split('?')[0]} is not the documented shape`, answer.status));
    return ok(parsed.data);
  }

  async function ownByEmail(email: string): Promise<Answer<z.infer<typeof Owner> | undefined>> {
    const owners = await call('GET', `/crm/v3/owners?email=${encodeURIComponent(email)}&limit=1`, OwnersAnswer);
    return owners.ok ? ok(owners.value.results[0]) : owners;
  }

  async function owner(): Promise<Answer<string | undefined>> {
    if (ownerId !== undefined || !ownerEmail) return ok(ownerId);
    const found = await ownByEmail(ownerEmail);
    if (!found.ok) return found;
    ownerId = found.value?.id;
    return ok(ownerId);
  }

  const nameOf = (o: z.infer<typeof Owner>) => [o.firstName, o.lastName].filter(Boolean).join(' ') || o.email || o.id;

  /** The id property of `type`: known, read, or (`create`) created; null when it does not exist yet. */
  async function idProperty(type: string, create: boolean): Promise<Answer<string | null>> {
    const known = idProperties.get(type);
    if (known) return ok(known);
    const read = await idPropertyOf(call, type);
    if (!read.ok) return read;
    let name: string | null = read.value.exists ? read.value.name : null;
    if (!name && create) {
      const created = await createIdProperty(call, type);
      if (!created.ok) return created;
      name = created.value;
    }
    if (name) idProperties.set(type, name);
    return ok(name);
  }

  async function search(type: string, body: unknown): Promise<Answer<z.infer<typeof SearchAnswer>>> {
    return call('POST', `/crm/v3/objects/${type}/search`, SearchAnswer, body);
  }

  const client: CrmClient = {
    crm: 'hubspot',

    async test(): Promise<CrmResult<CrmAccount>> {
      const details = await call('GET', '/account-info/v3/details', AccountDetails);
      if (!details.ok) return details;
      // Each read needs one scope: a 403 MISSING_SCOPES names it.
      const contacts = await call('GET', '/crm/v3/objects/contacts?limit=1', z.unknown());
      if (!contacts.ok)
        return contacts.error.kind === 'missing_scope' ? fail({ ...contacts.error, message: HUBSPOT_SCOPES.contacts }) : contacts;
      const owners = await call('GET', '/crm/v3/owners?limit=1', OwnersAnswer);
      if (!owners.ok) return owners.error.kind === 'missing_scope' ? fail({ ...owners.error, message: HUBSPOT_SCOPES.owners }) : owners;
      const account = `HubSpot ${details.value.portalId}`;
      const checks = [
        { what: 'contacts', ok: true, words: 'readable' },
        { what: 'owners', ok: true, words: 'readable' },
        ...(await propertyChecks(call)),
      ];
      if (!ownerEmail)
        return ok({ account, userId: '', userName: '', checks: [{ what: 'owner', ok: false, words: 'hubspotNoOwnerEmail' }, ...checks] });
      const me = await ownByEmail(ownerEmail);
      if (!me.ok) return me;
      if (!me.value) return fail({ kind: 'rejected', message: `no HubSpot user has the email ${ownerEmail}` });
      ownerId = me.value.id;
      const owner = { what: 'owner', ok: true, words: 'hubspotOwner', subs: [nameOf(me.value)] };
      return ok({ account, userId: me.value.id, userName: nameOf(me.value), checks: [owner, ...checks] });
    },

    async findContact(person: CrmPerson): Promise<CrmResult<CrmContactRef | null>> {
      // One search, one filter group per identifier (ORed); the best identifier wins among the results.
      const groups: { field: string; value: string }[] = [];
      if (person.email) groups.push({ field: 'email', value: person.email.toLowerCase() });
      if (person.phone) groups.push({ field: 'phone', value: person.phone }, { field: 'mobilephone', value: person.phone });
      if (person.linkedin) groups.push({ field: 'hs_linkedin_url', value: person.linkedin });
      // HubSpot has no VK property: a VK id matches nothing here.
      if (!groups.length) return ok(null);
      const found = await search('contacts', {
        filterGroups: groups.map(({ field, value }) => ({ filters: [{ propertyName: field, operator: 'EQ', value }] })),
        properties: ['email', 'phone', 'mobilephone', 'hs_linkedin_url', 'associatedcompanyid'],
        limit: 10,
      });
      if (!found.ok) return found;
      for (const { field, value } of groups) {
        const match = found.value.results.find((r) => (r.properties?.[field] ?? '').toLowerCase() === value.toLowerCase());
        if (match) return ok(contactRef(match));
      }
      const first = found.value.results[0];
      return ok(first ? contactRef(first) : null);
    },

    async createContact(person: CrmPerson): Promise<CrmResult<CrmContactRef>> {
      const [firstname, ...rest] = (person.name ?? '').trim().split(/\s+/).filter(Boolean);
      const properties: Record<string, string> = {
        ...(person.email ? { email: person.email.toLowerCase() } : {}),
        ...(person.phone ? { phone: person.phone } : {}),
        ...(person.linkedin ? { hs_linkedin_url: person.linkedin } : {}),
        ...(firstname ? { firstname } : {}),
        ...(rest.length ? { lastname: rest.join(' ') } : {}),
      };
      // `associations` is required by the create schema (SimplePublicObjectInputForCreate), even empty.
      const created = await call('POST', '/crm/v3/objects/contacts', ObjectAnswer, { properties, associations: [] });
      if (created.ok) return ok(contactRef(created.value));
      // 409 "Contact already exists. Existing ID: 123" (a second browser created it a moment ago).
      const existing = created.error.status === 409 ? /Existing ID:\s*(\d+)/i.exec(created.error.message)?.[1] : undefined;
      return existing ? ok({ id: existing }) : created;
    },

    async findRecord(activityId: string, recordKind: CrmRecordKind): Promise<CrmResult<CrmRecordRef | null>> {
      const type = HUBSPOT_OBJECT[recordKind];
      const property = await idProperty(type, false);
      if (!property.ok) return property;
      // No id property on this object yet: no record of ours carries one.
      if (!property.value) return ok(null);
      const found = await search(type, {
        filterGroups: [{ filters: [{ propertyName: property.value, operator: 'EQ', value: hubspotMarker(activityId) }] }],
        properties: [property.value],
        limit: 1,
      });
      if (!found.ok) return found;
      const first = found.value.results[0];
      return ok(first ? { type, id: first.id } : null);
    },

    async createRecord(record: CrmRecord, contacts: readonly CrmContactRef[]): Promise<CrmResult<CrmRecordRef>> {
      const type = HUBSPOT_OBJECT[record.recordKind];
      const owned = await owner();
      if (!owned.ok) return owned;
      const property = await idProperty(type, true);
      if (!property.ok) return property;
      if (record.recordKind === 'call' && record.outcome && !dispositions) dispositions = (await callDispositions(call)).map;
      const ids = HUBSPOT_ASSOCIATION[record.recordKind];
      const to = (id: string, associationTypeId: number) => ({
        to: { id },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
      });
      const companies = [...new Set(contacts.map((c) => c.companyId).filter((id): id is string => Boolean(id)))];
      const created = await call('POST', `/crm/v3/objects/${type}`, ObjectAnswer, {
        properties: {
          ...hubspotProperties(record, now(), dispositions),
          ...(property.value ? { [property.value]: hubspotMarker(record.activityId) } : {}),
          ...(owned.value ? { hubspot_owner_id: owned.value } : {}),
        },
        associations: [...contacts.map((c) => to(c.id, ids.contact)), ...companies.map((id) => to(id, ids.company))],
      });
      if (created.ok) return ok({ type, id: created.value.id });
      // The unique marker is taken: the record was written before (a create whose answer was lost).
      if (created.error.status === 409 || /already has that value|UNIQUE_VALUE|already exists/i.test(created.error.message)) {
        const again = await client.findRecord(record.activityId, record.recordKind);
        if (again.ok && again.value) return ok(again.value);
      }
      return created;
    },

    async retractRecord(ref: CrmRecordRef): Promise<CrmResult<void>> {
      // Batch archive answers 204 whether or not the id exists: an already deleted record is done.
      const archived = await call('POST', `/crm/v3/objects/${ref.type}/batch/archive`, z.undefined(), { inputs: [{ id: ref.id }] });
      if (!archived.ok && archived.error.kind === 'not_found') return ok(undefined);
      return archived;
    },

    async listUsers(): Promise<CrmResult<CrmUser[]>> {
      const users: CrmUser[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const owners = await call('GET', `/crm/v3/owners?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, OwnersAnswer);
        if (!owners.ok) return owners;
        for (const o of owners.value.results) {
          if (!o.archived) users.push({ id: o.id, name: nameOf(o), ...(o.email ? { email: o.email } : {}) });
        }
        after = owners.value.paging?.next?.after;
        if (!after) break;
      }
      return ok(users);
    },

    async listActivities(range: { from: number; to: number }, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
      // The cursor walks the object types in order, each with HubSpot's own `after`.
      const at = parseCursor(cursor);
      if (!at) return fail(badPayload('not a HubSpot team board cursor'));
      const kind = TEAM_TYPES[at.type]!;
      const from = Math.max(range.from, at.from ?? range.from);
      const page = await search(kind.type, {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_timestamp', operator: 'GTE', value: String(from) },
              { propertyName: 'hs_timestamp', operator: 'LT', value: String(range.to) },
              { propertyName: 'hubspot_owner_id', operator: 'HAS_PROPERTY' },
            ],
          },
        ],
        properties: ['hs_timestamp', 'hubspot_owner_id', 'hs_unique_id', ...kind.properties],
        sorts: [{ propertyName: 'hs_timestamp', direction: 'ASCENDING' }],
        limit: HUBSPOT_SEARCH_PAGE,
        ...(at.after ? { after: at.after } : {}),
      });
      if (!page.ok) return page;
      const items = page.value.results.flatMap((r) => {
        const activity = teamActivity(kind.type, r);
        return activity ? [activity] : [];
      });
      const after = page.value.paging?.next?.after;
      const next = after
        ? Number(after) < HUBSPOT_SEARCH_CAP
          ? { type: at.type, after, ...(at.from !== undefined ? { from: at.from } : {}) }
          : // HubSpot's search never pages past 10,000 results of one query: a new query starts at the
            // last time read (the records at that very time come again; the board counts each once).
            { type: at.type, from: nextWindowStart(page.value.results, from) }
        : at.type + 1 < TEAM_TYPES.length
          ? { type: at.type + 1 }
          : undefined;
      return ok({ items, ...(next ? { next: JSON.stringify(next) } : {}) });
    },
  };
  return client;
}

function contactRef(r: z.infer<typeof ObjectAnswer>): CrmContactRef {
  const companyId = r.properties?.associatedcompanyid;
  return { id: r.id, ...(companyId ? { companyId } : {}) };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The record's properties per HubSpot object (each documented on its object's page). Never a message body. */
export function hubspotProperties(
  record: CrmRecord,
  now: number = Date.now(),
  dispositions: Partial<Record<CallOutcome, string>> = HUBSPOT_CALL_DISPOSITION,
): Record<string, string> {
  const body = `${record.summary} (quota-radar:${record.kind})`;
  const title = record.subject ?? record.summary;
  const base = { hs_timestamp: iso(record.occurredAt) };
  switch (record.recordKind) {
    case 'call': {
      const disposition = record.outcome ? dispositions[record.outcome] : undefined;
      return {
        ...base,
        hs_call_title: title,
        hs_call_body: body,
        hs_call_direction: 'OUTBOUND',
        hs_call_status: 'COMPLETED',
        ...(record.durationSec !== undefined ? { hs_call_duration: String(record.durationSec * 1000) } : {}),
        ...(disposition ? { hs_call_disposition: disposition } : {}),
      };
    }
    case 'email':
      return {
        ...base,
        hs_email_direction: 'EMAIL',
        hs_email_status: 'SENT',
        ...(record.subject ? { hs_email_subject: record.subject } : {}),
        hs_email_text: body,
      };
    case 'meeting':
      return {
        ...base,
        hs_meeting_title: title,
        hs_meeting_body: body,
        hs_meeting_start_time: iso(record.occurredAt),
        hs_meeting_end_time: iso(record.endsAt ?? record.occurredAt + 30 * 60_000),
        hs_meeting_outcome: record.occurredAt <= now ? 'COMPLETED' : 'SCHEDULED',
      };
    case 'message':
      return {
        ...base,
        hs_communication_channel_type: communicationChannelType(record.channel),
        hs_communication_logged_from: 'CRM',
        hs_communication_body: body,
      };
    case 'note':
      return { ...base, hs_note_body: record.subject ? `${record.subject}: ${body}` : body };
  }
}

const TEAM_TYPES: { type: string; properties: string[] }[] = [
  { type: 'calls', properties: ['hs_call_disposition', 'hs_call_body'] },
  { type: 'emails', properties: ['hs_email_direction'] },
  { type: 'meetings', properties: [] },
  { type: 'communications', properties: ['hs_communication_channel_type', 'hs_communication_body'] },
  { type: 'notes', properties: ['hs_note_body'] },
];

/** The search API's largest page, and the most results one query may page through (HubSpot's CRM search guide). */
export const HUBSPOT_SEARCH_PAGE = 200;
export const HUBSPOT_SEARCH_CAP = 10_000;

/**
 * Where the next query of a type starts once one has read its 10,000: at the last record's time. Were
 * all 10,000 at one millisecond (never seen), a millisecond later, so the read still ends.
 */
function nextWindowStart(results: readonly z.infer<typeof ObjectAnswer>[], from: number): number {
  const last = Date.parse(results.at(-1)?.properties?.hs_timestamp ?? '');
  return Number.isFinite(last) && last > from ? last : from + 1;
}

const Cursor = z.object({
  type: z
    .number()
    .int()
    .min(0)
    .max(TEAM_TYPES.length - 1),
  after: z.string().optional(),
  /** The start of this query's window, once a type had more than 10,000 records. */
  from: z.number().int().optional(),
});
function parseCursor(cursor: string | undefined): z.infer<typeof Cursor> | undefined {
  if (cursor === undefined) return { type: 0 };
  try {
    const parsed = Cursor.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const KINDS = new Set<string>([
  'email',
  'linkedin_message',
  'linkedin_invite',
  'inmail',
  'social_touch',
  'call',
  'meeting',
  'opportunity',
  'deal',
  'messenger_message',
]);

/** A HubSpot record as one of our kinds: our tag where we wrote it, else by object type (notes without one are not outreach). */
function teamActivity(type: string, r: z.infer<typeof ObjectAnswer>): CrmTeamActivity | undefined {
  const p = r.properties ?? {};
  const ownerId = p.hubspot_owner_id;
  const at = Date.parse(p.hs_timestamp ?? '');
  if (!ownerId || Number.isNaN(at)) return undefined;
  const tagged = KIND_TAG.exec(p.hs_call_body ?? p.hs_communication_body ?? p.hs_note_body ?? '')?.[1];
  let kind: ActivityKind | undefined = tagged && KINDS.has(tagged) ? (tagged as ActivityKind) : undefined;
  if (!kind) {
    if (type === 'calls') kind = 'call';
    else if (type === 'emails') kind = p.hs_email_direction === 'EMAIL' ? 'email' : undefined;
    else if (type === 'meetings') kind = 'meeting';
    else if (type === 'communications')
      kind = p.hs_communication_channel_type === 'LINKEDIN_MESSAGE' ? 'linkedin_message' : 'messenger_message';
  }
  if (!kind) return undefined;
  const outcome = type === 'calls' && p.hs_call_disposition ? OUTCOME_OF_DISPOSITION.get(p.hs_call_disposition) : undefined;
  return { id: `${type}:${r.id}`, ownerId, kind, occurredAt: at, ...(outcome ? { outcome } : {}) };
}
