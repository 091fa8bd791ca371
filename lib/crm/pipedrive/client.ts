// Over 300 lines: one class, the CrmClient methods over one HTTP caller and the current user read once;
// contacts, records and the board's reading already live in contacts.ts, records.ts and team.ts.
import type { z } from 'zod';
import type {
  CrmAccount,
  CrmCheck,
  CrmClient,
  CrmContactRef,
  CrmCredentials,
  CrmPage,
  CrmPerson,
  CrmRecord,
  CrmRecordKind,
  CrmRecordRef,
  CrmResult,
  CrmSend,
  CrmTeamActivity,
  CrmUser,
  TeamReadRange,
} from '../types';
import { BOARD_EDIT_GRACE_MS } from '../types';
import {
  ActivitiesAnswer,
  ActivityAnswer,
  CurrentUserAnswer,
  DeletedActivityAnswer,
  DeletedNoteAnswer,
  NoteAnswer,
  NotesAnswer,
  PersonAnswer,
  PersonSearchAnswer,
  type PipedriveHttp,
  pipedriveHttp,
  UsersAnswer,
  urlWith,
} from './api';
import { contactName, personQueries } from './contacts';
import { hhmm, type Marker, noteHtml, utcDateTime } from './marker';
import { RecordIndex } from './records';
import { teamActivityPage } from './team';

type PipedriveCredentials = Extract<CrmCredentials, { crm: 'pipedrive' }>;
type CurrentUser = { id: number; name: string; companyDomain?: string; companyName?: string };

/** Pipedrive's built-in activity types (`key_string`) our record kinds become. */
const ACTIVITY_TYPE: Record<CrmRecordKind, string> = { call: 'call', email: 'email', meeting: 'meeting', message: 'task', note: 'task' };
const MEETING_DEFAULT_MS = 30 * 60_000;
const SUBJECT_MAX = 255;

const ok = <T>(value: T): CrmResult<T> => ({ ok: true, value });

function pipedriveId(id: string | undefined): number | undefined {
  return id !== undefined && /^[1-9]\d{0,15}$/.test(id) ? Number(id) : undefined;
}

export class PipedriveClient implements CrmClient {
  readonly crm = 'pipedrive' as const;
  private readonly http: PipedriveHttp;
  private readonly records: RecordIndex;
  private currentUser?: CurrentUser;

  constructor(
    private readonly credentials: PipedriveCredentials,
    send: CrmSend,
    now: () => number = Date.now,
  ) {
    this.http = pipedriveHttp(credentials, send, now);
    this.records = new RecordIndex(
      this.http,
      async () => {
        const me = await this.me();
        return me.ok ? ok(me.value.id) : me;
      },
      now,
    );
  }

  /** The token's user (GET /v1/users/me), asked once per client. */
  private async me(): Promise<CrmResult<CurrentUser>> {
    if (this.currentUser) return ok(this.currentUser);
    const answer = await this.http.call('GET', urlWith(this.http.base.v1, '/users/me'), CurrentUserAnswer);
    if (!answer.ok) return answer;
    const user = answer.value.data;
    this.currentUser = {
      id: user.id,
      name: user.name,
      ...(user.company_domain ? { companyDomain: user.company_domain.toLowerCase() } : {}),
      ...(user.company_name ? { companyName: user.company_name } : {}),
    };
    return ok(this.currentUser);
  }

  async test(): Promise<CrmResult<CrmAccount>> {
    const domain = this.credentials.companyDomain;
    const host = domain ? `${domain}.pipedrive.com` : 'api.pipedrive.com';
    this.currentUser = undefined;
    const me = await this.me();
    if (!me.ok) {
      const { error } = me;
      if (domain && (error.kind === 'not_found' || error.kind === 'bad_payload')) {
        return {
          ok: false,
          error: { ...error, kind: 'wrong_domain', message: `${host} is not a Pipedrive company's address: check the company domain` },
        };
      }
      if (error.kind === 'network') {
        return {
          ok: false,
          error: { ...error, message: `No answer from ${host}${domain ? ' (offline, or a wrong company domain)' : ''}: ${error.message}` },
        };
      }
      if (error.kind === 'wrong_key')
        return { ok: false, error: { ...error, message: `Pipedrive did not accept the API token: ${error.message}` } };
      if (error.kind === 'missing_scope') {
        return { ok: false, error: { ...error, message: `The token's Pipedrive user may not use the API: ${error.message}` } };
      }
      return me;
    }
    const user = me.value;
    if (domain && user.companyDomain && user.companyDomain !== domain) {
      return {
        ok: false,
        error: {
          kind: 'wrong_domain',
          message: `This API token belongs to ${user.companyDomain}.pipedrive.com, not ${domain}.pipedrive.com`,
        },
      };
    }
    // The sync reads and writes activities: a permission set that hides them is named now, not at the first sync.
    const probe = await this.http.call('GET', urlWith(this.http.base.v2, '/activities', { owner_id: user.id, limit: 1 }), ActivitiesAnswer);
    if (!probe.ok) {
      if (probe.error.kind !== 'missing_scope') return probe;
      return { ok: false, error: { ...probe.error, message: `The token's Pipedrive user may not see activities: ${probe.error.message}` } };
    }
    const account = user.companyDomain ? `${user.companyDomain}.pipedrive.com` : (user.companyName ?? 'Pipedrive');
    // Reads only, before the first write: what finding contacts, the duplicate guard and the board need.
    const probes: [string, string, z.ZodType][] = [
      [
        'contacts',
        urlWith(this.http.base.v2, '/persons/search', {
          term: 'quota-radar-check@example.invalid',
          fields: 'email',
          exact_match: true,
          limit: 1,
        }),
        PersonSearchAnswer,
      ],
      ['notes', urlWith(this.http.base.v1, '/notes', { user_id: user.id, limit: 1 }), NotesAnswer],
      ['team', urlWith(this.http.base.v1, '/users'), UsersAnswer],
    ];
    const checks: CrmCheck[] = [
      { what: 'owner', ok: true, words: 'pipedriveUser', subs: [user.name] },
      { what: 'activities', ok: true, words: 'readable' },
    ];
    for (const [what, url, schema] of probes) {
      const read = await this.http.call('GET', url, schema);
      checks.push(read.ok ? { what, ok: true, words: 'readable' } : { what, ok: false, words: 'unreadable', subs: [read.error.message] });
    }
    return ok({ account, userId: String(user.id), userName: user.name, checks });
  }

  async findContact(person: CrmPerson): Promise<CrmResult<CrmContactRef | null>> {
    for (const query of personQueries(person)) {
      const url = urlWith(this.http.base.v2, '/persons/search', {
        term: query.term,
        fields: query.fields,
        exact_match: query.exact,
        limit: 10,
      });
      const answer = await this.http.call('GET', url, PersonSearchAnswer);
      if (!answer.ok) return answer;
      const hit = answer.value.data.items.map((i) => i.item).find(query.matches);
      if (hit) return ok({ id: String(hit.id), ...(hit.organization ? { companyId: String(hit.organization.id) } : {}) });
    }
    return ok(null);
  }

  async createContact(person: CrmPerson): Promise<CrmResult<CrmContactRef>> {
    const name = contactName(person);
    if (!name)
      return { ok: false, error: { kind: 'rejected', message: 'A Pipedrive person needs a name, an email address or a phone number' } };
    const body = {
      name,
      ...(person.email ? { emails: [{ value: person.email, primary: true, label: 'work' }] } : {}),
      ...(person.phone ? { phones: [{ value: person.phone, primary: true, label: 'work' }] } : {}),
    };
    const answer = await this.http.call('POST', urlWith(this.http.base.v2, '/persons'), PersonAnswer, body);
    if (!answer.ok) return answer;
    const created = answer.value.data;
    return ok({ id: String(created.id), ...(created.org_id ? { companyId: String(created.org_id) } : {}) });
  }

  findRecord(activityId: string, recordKind: CrmRecordKind): Promise<CrmResult<CrmRecordRef | null>> {
    return this.records.find(activityId, recordKind === 'message' || recordKind === 'note');
  }

  /**
   * Calls, emails and meetings become done activities of Pipedrive's own types; messages and notes
   * become notes on the person (and organization). A note must hang on a person, organization, deal
   * or lead, so a message without any contact becomes a done `task` activity instead. Searches
   * first (see RecordIndex): a retry after a lost answer finds the first write.
   */
  async createRecord(record: CrmRecord, contacts: readonly CrmContactRef[]): Promise<CrmResult<CrmRecordRef>> {
    const existing = await this.findRecord(record.activityId, record.recordKind);
    if (!existing.ok) return existing;
    if (existing.value) return ok(existing.value);

    const personIds = [...new Set(contacts.map((c) => pipedriveId(c.id)).filter((id): id is number => id !== undefined))];
    const orgId = contacts.map((c) => pipedriveId(c.companyId)).find((id) => id !== undefined);
    const marker: Marker = {
      activityId: record.activityId,
      kind: record.kind,
      channel: record.channel,
      occurredAt: record.occurredAt,
      ...(record.outcome ? { outcome: record.outcome } : {}),
      ...(record.amount !== undefined ? { amount: record.amount } : {}),
      ...(record.currency ? { currency: record.currency } : {}),
    };
    const asNote = (record.recordKind === 'message' || record.recordKind === 'note') && (personIds.length > 0 || orgId !== undefined);
    const written = asNote
      ? await this.writeNote(record, marker, personIds, orgId)
      : await this.writeActivity(record, marker, personIds, orgId);
    if (!written.ok) {
      // Whether or not it reached Pipedrive, the next lookup must ask again.
      this.records.markDirty();
      return written;
    }
    this.records.remember(record.activityId, written.value);
    return written;
  }

  private async writeNote(
    record: CrmRecord,
    marker: Marker,
    personIds: number[],
    orgId: number | undefined,
  ): Promise<CrmResult<CrmRecordRef>> {
    const body = {
      content: noteHtml(record.summary, marker, record.subject, record.trackingStart),
      ...(personIds[0] !== undefined ? { person_id: personIds[0] } : {}),
      ...(orgId !== undefined ? { org_id: orgId } : {}),
      // No add_time: back-dating a note needs an admin's token. The marker carries when it happened.
    };
    const answer = await this.http.call('POST', urlWith(this.http.base.v1, '/notes'), NoteAnswer, body);
    return answer.ok ? ok({ type: 'note', id: String(answer.value.data.id) }) : answer;
  }

  private async writeActivity(
    record: CrmRecord,
    marker: Marker,
    personIds: number[],
    orgId: number | undefined,
  ): Promise<CrmResult<CrmRecordRef>> {
    const due = utcDateTime(record.occurredAt);
    let durationSec: number | undefined;
    if (record.recordKind === 'meeting')
      durationSec = Math.max(0, ((record.endsAt ?? record.occurredAt + MEETING_DEFAULT_MS) - record.occurredAt) / 1000);
    else if (record.recordKind === 'call' && record.durationSec) durationSec = record.durationSec;
    const body = {
      subject: (record.subject?.trim() || record.summary).slice(0, SUBJECT_MAX),
      type: ACTIVITY_TYPE[record.recordKind],
      done: true,
      due_date: due.date,
      due_time: due.time,
      ...(durationSec ? { duration: hhmm(durationSec) } : {}),
      note: noteHtml(record.summary, marker, undefined, record.trackingStart),
      // v2's person_id is read-only (set from the primary participant; sending it is a 400).
      ...(personIds.length ? { participants: personIds.map((id, i) => ({ person_id: id, primary: i === 0 })) } : {}),
      ...(orgId !== undefined ? { org_id: orgId } : {}),
    };
    const answer = await this.http.call('POST', urlWith(this.http.base.v2, '/activities'), ActivityAnswer, body);
    return answer.ok ? ok({ type: 'activity', id: String(answer.value.data.id) }) : answer;
  }

  async retractRecord(ref: CrmRecordRef): Promise<CrmResult<void>> {
    const id = pipedriveId(ref.id);
    if (id === undefined || (ref.type !== 'activity' && ref.type !== 'note')) {
      return { ok: false, error: { kind: 'rejected', message: `Not a Pipedrive record: ${ref.type} ${ref.id}`.slice(0, 300) } };
    }
    const answer =
      ref.type === 'activity'
        ? await this.http.call('DELETE', urlWith(this.http.base.v2, `/activities/${id}`), DeletedActivityAnswer)
        : await this.http.call('DELETE', urlWith(this.http.base.v1, `/notes/${id}`), DeletedNoteAnswer);
    // Already deleted (by the rep in Pipedrive, or by an earlier try whose answer was lost): done.
    if (!answer.ok && answer.error.kind !== 'not_found') return answer;
    this.records.forget(ref);
    return ok(undefined);
  }

  async listUsers(): Promise<CrmResult<CrmUser[]>> {
    const answer = await this.http.call('GET', urlWith(this.http.base.v1, '/users'), UsersAnswer);
    if (!answer.ok) return answer;
    return ok(
      answer.value.data
        .filter((u) => u.active_flag !== false)
        .map((u) => ({ id: String(u.id), name: u.name, ...(u.email ? { email: u.email } : {}) })),
    );
  }

  /** The team's activity records dated in [from, to), a page at a time (see team.ts). */
  listActivities(range: TeamReadRange, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    return teamActivityPage(this.http, range, cursor);
  }

  /** Activities' `updated_since` and notes' (team.ts). */
  readonly readsModifiedSince = true;
  readonly boardUpdatedWithinMs = BOARD_EDIT_GRACE_MS;
}

export function createPipedriveClient(credentials: CrmCredentials, send: CrmSend, now?: () => number): PipedriveClient {
  if (credentials.crm !== 'pipedrive') throw new Error(`Pipedrive client asked for ${credentials.crm} credentials`);
  return new PipedriveClient(credentials, send, now);
}
