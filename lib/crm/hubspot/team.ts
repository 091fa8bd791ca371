import { z } from 'zod';
import { type ActivityKind, isActivityKind } from '../../activity';
import { badPayload } from '../../api-connector/http';
import { sinceOf } from '../tracking-start';
import type { CrmPage, CrmResult, CrmTeamActivity, CrmUser, TeamReadRange } from '../types';
import { fail, type HubSpotCall, hubspotSearch, type ObjectAnswer, OUTCOME_OF_DISPOSITION, OwnersAnswer, ok, ownerName } from './api';

/**
 * The team board's reading of HubSpot: the owners, then each engagement type's records of the period
 * through the search API, 200 a page (its largest), a new query at the last time read past the
 * 10,000 results one query may page through.
 */

/** Our kind, written in the summary (see properties.ts): the board reads it back from calls, notes and communications; the tracking start from every body. */
const KIND_TAG = /\(quota-radar:([a-z_]+|custom:[a-z0-9-]+)\)/;

export function hubspotTeam(call: HubSpotCall) {
  async function listUsers(): Promise<CrmResult<CrmUser[]>> {
    const users: CrmUser[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const owners = await call('GET', `/crm/v3/owners?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, OwnersAnswer);
      if (!owners.ok) return owners;
      for (const o of owners.value.results) {
        if (!o.archived) users.push({ id: o.id, name: ownerName(o), ...(o.email ? { email: o.email } : {}) });
      }
      after = owners.value.paging?.next?.after;
      if (!after) break;
    }
    return ok(users);
  }

  async function listActivities(range: TeamReadRange, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    // The cursor walks the object types in order, each with HubSpot's own `after`.
    const at = parseCursor(cursor);
    if (!at) return fail(badPayload('not a HubSpot team board cursor'));
    const kind = TEAM_TYPES[at.type]!;
    const from = Math.max(range.from, at.from ?? range.from);
    const page = await hubspotSearch(call, kind.type, {
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_timestamp', operator: 'GTE', value: String(from) },
            { propertyName: 'hs_timestamp', operator: 'LT', value: String(range.to) },
            { propertyName: 'hubspot_owner_id', operator: 'HAS_PROPERTY' },
            // A refresh: only what was created or edited since the last read (every object has this property).
            ...(range.modifiedSince !== undefined
              ? [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(range.modifiedSince) }]
              : []),
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
  }

  return { listUsers, listActivities };
}

const TEAM_TYPES: { type: string; properties: string[] }[] = [
  { type: 'calls', properties: ['hs_call_disposition', 'hs_call_body'] },
  { type: 'emails', properties: ['hs_email_direction', 'hs_email_text'] },
  { type: 'meetings', properties: ['hs_meeting_body'] },
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

/** A HubSpot record as one of our kinds: our tag where we wrote it, else by object type (notes without one are not outreach). */
function teamActivity(type: string, r: z.infer<typeof ObjectAnswer>): CrmTeamActivity | undefined {
  const p = r.properties ?? {};
  const ownerId = p.hubspot_owner_id;
  const at = Date.parse(p.hs_timestamp ?? '');
  if (!ownerId || Number.isNaN(at)) return undefined;
  const tagged = KIND_TAG.exec(p.hs_call_body ?? p.hs_communication_body ?? p.hs_note_body ?? '')?.[1];
  // Any kind the build knows (built-in or a rep's own): the list is the activity model's, never a copy.
  let kind: ActivityKind | undefined = tagged && isActivityKind(tagged) ? tagged : undefined;
  if (!kind) {
    if (type === 'calls') kind = 'call';
    else if (type === 'emails') kind = p.hs_email_direction === 'EMAIL' ? 'email' : undefined;
    else if (type === 'meetings') kind = 'meeting';
    else if (type === 'communications')
      kind = p.hs_communication_channel_type === 'LINKEDIN_MESSAGE' ? 'linkedin_message' : 'messenger_message';
  }
  if (!kind) return undefined;
  const outcome = type === 'calls' && p.hs_call_disposition ? OUTCOME_OF_DISPOSITION.get(p.hs_call_disposition) : undefined;
  // The body we wrote carries the rep's tracking start (every type's body is requested: TEAM_TYPES).
  const body = p.hs_call_body ?? p.hs_email_text ?? p.hs_meeting_body ?? p.hs_communication_body ?? p.hs_note_body;
  return { id: `${type}:${r.id}`, ownerId, kind, occurredAt: at, ...(outcome ? { outcome } : {}), ...sinceOf(body) };
}
