import { z } from 'zod';
import type { CallOutcome } from '../../activity';
import type {
  CrmAccount,
  CrmClient,
  CrmContactRef,
  CrmCredentials,
  CrmPerson,
  CrmRecord,
  CrmRecordKind,
  CrmRecordRef,
  CrmResult,
  CrmSend,
} from '../types';
import {
  AccountDetails,
  type Answer,
  fail,
  HUBSPOT_ASSOCIATION,
  HUBSPOT_OBJECT,
  HUBSPOT_SCOPES,
  type HubSpotOptions,
  hubspotCaller,
  hubspotMarker,
  hubspotSearch,
  ObjectAnswer,
  type Owner,
  OwnersAnswer,
  ok,
  ownerName,
} from './api';
import { callDispositions, createIdProperty, idPropertyOf, propertyChecks } from './portal';
import { hubspotProperties } from './properties';
import { hubspotTeam } from './team';

export {
  communicationChannelType,
  HUBSPOT_API,
  HUBSPOT_ASSOCIATION,
  HUBSPOT_CALL_DISPOSITION,
  HUBSPOT_OBJECT,
  HUBSPOT_ORIGIN,
  HUBSPOT_SCOPES,
  HUBSPOT_WRITE_SCOPES,
  type HubSpotOptions,
  hubspotFailure,
  hubspotMarker,
  hubspotRetryAfterMs,
} from './api';
export { hubspotProperties } from './properties';
export { HUBSPOT_SEARCH_CAP, HUBSPOT_SEARCH_PAGE } from './team';

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

  const call = hubspotCaller(token, send, now);
  const team = hubspotTeam(call);

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

  const search = (type: string, body: unknown) => hubspotSearch(call, type, body);

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
      const owner = { what: 'owner', ok: true, words: 'hubspotOwner', subs: [ownerName(me.value)] };
      return ok({ account, userId: me.value.id, userName: ownerName(me.value), checks: [owner, ...checks] });
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

    listUsers: team.listUsers,
    listActivities: team.listActivities,
    readsModifiedSince: true,
  };
  return client;
}

function contactRef(r: z.infer<typeof ObjectAnswer>): CrmContactRef {
  const companyId = r.properties?.associatedcompanyid;
  return { id: r.id, ...(companyId ? { companyId } : {}) };
}
