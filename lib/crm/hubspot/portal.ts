import { z } from 'zod';
import type { CallOutcome } from '../../activity';
import type { CrmCheck, CrmRecordKind, CrmResult } from '../types';

/**
 * What this HubSpot portal has of the properties the sync relies on, read through the properties
 * API (`GET /crm/v3/properties/{objectType}/{propertyName}`, `POST /crm/v3/properties/{objectType}`:
 * HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/Properties/Rollouts/145899/v3/properties.json).
 *
 * "Never twice" needs a property to keep our activity id on each record, searched before every
 * create. HubSpot's specs for calls, emails, notes and communications name no such property
 * (`hs_unique_id` is in none of them), so a portal that has `hs_unique_id` on an object keeps using
 * it (records written before stay found), and otherwise the sync keeps the id in a text property
 * of its own, `quota_radar_activity_id` (unique where HubSpot allows it), created through the
 * properties API at the first write when the token may. When it may not, records of that object
 * are refused with the scope named, rather than risk writing one twice.
 */

export const OWN_ID_PROPERTY = 'quota_radar_activity_id';
const HUBSPOT_ID_PROPERTY = 'hs_unique_id';
/** The scopes HubSpot's properties spec accepts for creating a property (any one of them). */
export const PROPERTY_CREATE_SCOPES = 'crm.schemas.contacts.write or crm.schemas.custom.write';

/** The default call dispositions (calls guide, "hs_call_disposition"): the fallback when the portal's options cannot be read. */
export const DEFAULT_CALL_DISPOSITION: Partial<Record<CallOutcome, string>> = {
  busy: '9d9162e7-6cf3-4944-bf63-4dff82258764',
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  voicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0',
  no_answer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  wrong_number: '17b47fee-58de-441e-a44c-c6300d46f273',
};
/** The default options' labels, by which a portal's own option values are found. */
const DISPOSITION_LABEL: Partial<Record<CallOutcome, string>> = {
  busy: 'busy',
  connected: 'connected',
  voicemail: 'left voicemail',
  no_answer: 'no answer',
  wrong_number: 'wrong number',
};

/** A property as the properties API answers it (only what is read). */
export const PropertyAnswer = z.object({
  name: z.string(),
  groupName: z.string().optional(),
  hasUniqueValue: z.boolean().optional(),
  options: z.array(z.object({ label: z.string(), value: z.string(), hidden: z.boolean().optional() })).optional(),
});
export type PropertyAnswer = z.infer<typeof PropertyAnswer>;

/** The client's request function, as the portal reads it. */
export type PortalCall = <T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown) => Promise<CrmResult<T>>;

/** The property (or none) a missing read answers: 404 is "not there", anything else is a failure. */
async function readProperty(call: PortalCall, type: string, name: string): Promise<CrmResult<PropertyAnswer | null>> {
  const read = await call('GET', `/crm/v3/properties/${type}/${name}`, PropertyAnswer);
  if (!read.ok && read.error.kind === 'not_found') return { ok: true, value: null };
  return read;
}

export type IdProperty = { name: string; exists: true } | { name: typeof OWN_ID_PROPERTY; exists: false };

/** Which property keeps our id on records of `type` in this portal (reads only). */
export async function idPropertyOf(call: PortalCall, type: string): Promise<CrmResult<IdProperty>> {
  for (const name of [HUBSPOT_ID_PROPERTY, OWN_ID_PROPERTY]) {
    const read = await readProperty(call, type, name);
    if (!read.ok) return read;
    if (read.value) return { ok: true, value: { name, exists: true } };
  }
  return { ok: true, value: { name: OWN_ID_PROPERTY, exists: false } };
}

/** Creates our id property on `type`, in the group of `hs_timestamp` (every activity object has it). */
export async function createIdProperty(call: PortalCall, type: string): Promise<CrmResult<string>> {
  const anchor = await readProperty(call, type, 'hs_timestamp');
  if (!anchor.ok) return anchor;
  const created = await call('POST', `/crm/v3/properties/${type}`, PropertyAnswer, {
    name: OWN_ID_PROPERTY,
    label: 'Quota Radar activity id',
    description: 'Written by the Quota Radar extension: one id per activity, so a record is never written twice.',
    groupName: anchor.value?.groupName ?? `${type.replace(/s$/, '')}information`,
    type: 'string',
    fieldType: 'text',
    hasUniqueValue: true,
  });
  if (created.ok) return { ok: true, value: OWN_ID_PROPERTY };
  // Created meanwhile by another browser of the team: fine.
  if (created.error.status === 409) return { ok: true, value: OWN_ID_PROPERTY };
  if (created.error.kind === 'missing_scope' || created.error.status === 403)
    return {
      ok: false,
      error: { ...created.error, kind: 'missing_scope', message: `${PROPERTY_CREATE_SCOPES} (to keep Quota Radar's id on ${type})` },
    };
  return created;
}

/** The portal's value for each outcome, read from `hs_call_disposition`'s options by their default labels. */
export async function callDispositions(
  call: PortalCall,
): Promise<{ map: Partial<Record<CallOutcome, string>>; fromPortal: boolean; missing: CallOutcome[] }> {
  const read = await readProperty(call, 'calls', 'hs_call_disposition');
  if (!read.ok || !read.value?.options) return { map: DEFAULT_CALL_DISPOSITION, fromPortal: false, missing: [] };
  const options = read.value.options.filter((o) => !o.hidden);
  const map: Partial<Record<CallOutcome, string>> = {};
  const missing: CallOutcome[] = [];
  for (const [outcome, label] of Object.entries(DISPOSITION_LABEL) as [CallOutcome, string][]) {
    const option = options.find((o) => o.label.trim().toLowerCase() === label);
    if (option) map[outcome] = option.value;
    else missing.push(outcome);
  }
  return { map, fromPortal: true, missing };
}

export const HUBSPOT_TYPES_BY_KIND: Record<CrmRecordKind, string> = {
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  message: 'communications',
  note: 'notes',
};

/** The connect check's lines for the properties (reads only: nothing is created before the first sync). */
export async function propertyChecks(call: PortalCall): Promise<CrmCheck[]> {
  const checks: CrmCheck[] = [];
  for (const type of Object.values(HUBSPOT_TYPES_BY_KIND)) {
    const id = await idPropertyOf(call, type);
    if (!id.ok)
      checks.push({ what: `hubspot_${type}`, ok: false, words: 'hubspotIdUnreadable', subs: [type, id.error.message.slice(0, 200)] });
    else if (id.value.exists) checks.push({ what: `hubspot_${type}`, ok: true, words: 'hubspotIdProperty', subs: [type, id.value.name] });
    else
      checks.push({ what: `hubspot_${type}`, ok: true, words: 'hubspotIdToCreate', subs: [type, OWN_ID_PROPERTY, PROPERTY_CREATE_SCOPES] });
  }
  const outcomes = await callDispositions(call);
  if (!outcomes.fromPortal) checks.push({ what: 'hubspot_outcomes', ok: false, words: 'hubspotOutcomesDefault' });
  else if (outcomes.missing.length)
    checks.push({ what: 'hubspot_outcomes', ok: false, words: 'hubspotOutcomesMissing', subs: [outcomes.missing.join(', ')] });
  else checks.push({ what: 'hubspot_outcomes', ok: true, words: 'hubspotOutcomesPortal' });
  return checks;
}
