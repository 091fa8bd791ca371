import { z } from 'zod';
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
} from '../types';
import {
  DescribeAnswer,
  EmptyAnswer,
  queryAnswer,
  type SalesforceHttp,
  SaveAnswer,
  SearchAnswer,
  SfId,
  salesforceHttp,
  UserInfoAnswer,
} from './api';
import { revokeToken } from './auth';
import { teamActivityPage } from './board';
import type { SalesforceCredentials } from './credentials';
import { type SObjectName, SUBJECT_MARKER_PREFIX, sobjectFields, sobjectOf, subjectMarker } from './records';
import { queryUrl, soqlLikeLiteral, soqlString, soslPhrase } from './soql';

/** The external-id field the README asks the admin to make on Activity (so on Task and Event). */
export const PREFERRED_EXTERNAL_ID = 'QuotaRadar_Id__c';

const ok = <T>(value: T): CrmResult<T> => ({ ok: true, value });
const IdRows = queryAnswer(z.object({ Id: SfId }));
const UserRows = queryAnswer(z.object({ Id: SfId, Name: z.string(), Email: z.string().nullish() }));

interface Me {
  userId: string;
  name: string;
}

export class SalesforceClient implements CrmClient {
  readonly crm = 'salesforce' as const;
  readonly http: SalesforceHttp;
  private me?: Me;
  /** Task's and Event's external-id field, or null when the org has none (asked once per client). */
  private externalId?: string | null;

  constructor(
    private readonly credentials: SalesforceCredentials,
    private readonly send: CrmSend,
    private readonly now: () => number = Date.now,
  ) {
    this.http = salesforceHttp(credentials, send, now);
  }

  private async user(): Promise<CrmResult<Me>> {
    if (this.me) return ok(this.me);
    const info = await this.http.call('GET', `${this.credentials.myDomain}/services/oauth2/userinfo`, UserInfoAnswer);
    if (!info.ok) return info;
    this.me = { userId: info.value.user_id, name: info.value.name };
    return ok(this.me);
  }

  /**
   * The external-id field both Task and Event have: `QuotaRadar_Id__c` when the admin made it, else
   * any other text field marked External ID on Activity. Null: the subject marker stands in.
   */
  async externalIdField(): Promise<CrmResult<string | null>> {
    if (this.externalId !== undefined) return ok(this.externalId);
    const names: Set<string>[] = [];
    for (const sobject of ['Task', 'Event'] as const) {
      const described = await this.http.call('GET', `${this.http.data}/sobjects/${sobject}/describe`, DescribeAnswer);
      if (!described.ok) return described;
      names.push(new Set(described.value.fields.filter((f) => f.externalId && f.type === 'string').map((f) => f.name)));
    }
    const shared = [...(names[0] ?? [])].filter((n) => names[1]?.has(n));
    this.externalId = shared.includes(PREFERRED_EXTERNAL_ID) ? PREFERRED_EXTERNAL_ID : (shared.sort()[0] ?? null);
    return ok(this.externalId);
  }

  async test(): Promise<CrmResult<CrmAccount>> {
    this.me = undefined;
    this.externalId = undefined;
    const me = await this.user();
    if (!me.ok) return me;
    const field = await this.externalIdField();
    if (!field.ok) return field;
    const checks: CrmCheck[] = [
      { what: 'owner', ok: true, words: 'salesforceUser', subs: [me.value.name] },
      field.value
        ? { what: 'salesforce_externalId', ok: true, words: 'salesforceExternalId', subs: [field.value] }
        : { what: 'salesforce_externalId', ok: false, words: 'salesforceNoExternalId', subs: [PREFERRED_EXTERNAL_ID] },
    ];
    const probes: [string, string][] = [
      ['contacts', `SELECT Id FROM Contact WHERE Email = ${soqlString('quota-radar-check@example.invalid')} LIMIT 1`],
      ['activities', `SELECT Id FROM Task WHERE OwnerId = ${soqlString(me.value.userId)} LIMIT 1`],
      ['team', 'SELECT Id FROM User WHERE IsActive = true LIMIT 1'],
    ];
    for (const [what, soql] of probes) {
      const read = await this.http.call('GET', queryUrl(this.http.data, 'query', soql), IdRows);
      checks.push(read.ok ? { what, ok: true, words: 'readable' } : { what, ok: false, words: 'unreadable', subs: [read.error.message] });
    }
    return ok({ account: new URL(this.credentials.myDomain).host, userId: me.value.userId, userName: me.value.name, checks });
  }

  /** Email by SOQL (Contact, then an unconverted Lead); phone and LinkedIn URL by SOSL, which normalises phones. */
  async findContact(person: CrmPerson): Promise<CrmResult<CrmContactRef | null>> {
    if (person.email) {
      for (const soql of [
        `SELECT Id FROM Contact WHERE Email = ${soqlString(person.email)} ORDER BY CreatedDate LIMIT 1`,
        `SELECT Id FROM Lead WHERE Email = ${soqlString(person.email)} AND IsConverted = false ORDER BY CreatedDate LIMIT 1`,
      ]) {
        const found = await this.http.call('GET', queryUrl(this.http.data, 'query', soql), IdRows);
        if (!found.ok) return found;
        if (found.value.records[0]) return ok({ id: found.value.records[0].Id });
      }
    }
    const searches: string[] = [];
    if (person.phone)
      searches.push(`FIND ${soslPhrase(person.phone)} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id WHERE IsConverted = false) LIMIT 2`);
    if (person.linkedin) {
      const profile = person.linkedin.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
      searches.push(`FIND ${soslPhrase(profile)} IN ALL FIELDS RETURNING Contact(Id), Lead(Id WHERE IsConverted = false) LIMIT 2`);
    }
    for (const sosl of searches) {
      const found = await this.http.call('GET', queryUrl(this.http.data, 'search', sosl), SearchAnswer);
      if (!found.ok) return found;
      const hit = found.value.searchRecords.find((r) => r.attributes.type === 'Contact') ?? found.value.searchRecords[0];
      if (hit) return ok({ id: hit.Id });
    }
    return ok(null);
  }

  async createContact(person: CrmPerson): Promise<CrmResult<CrmContactRef>> {
    const lastName = person.name?.trim() || person.email || person.phone;
    if (!lastName)
      return { ok: false, error: { kind: 'rejected', message: 'A Salesforce contact needs a name, an email address or a phone number' } };
    const body = {
      LastName: lastName.slice(0, 80),
      ...(person.email ? { Email: person.email } : {}),
      ...(person.phone ? { Phone: person.phone } : {}),
    };
    const saved = await this.http.call('POST', `${this.http.data}/sobjects/Contact`, SaveAnswer, body);
    if (!saved.ok) return saved;
    return saved.value.id
      ? ok({ id: saved.value.id })
      : { ok: false, error: { kind: 'bad_payload', message: 'Salesforce created a contact without an id' } };
  }

  async findRecord(activityId: string, recordKind: CrmRecordKind): Promise<CrmResult<CrmRecordRef | null>> {
    const field = await this.externalIdField();
    if (!field.ok) return field;
    const sobject: SObjectName = sobjectOf({ recordKind });
    const where = field.value
      ? `${field.value} = ${soqlString(activityId)}`
      : `Subject LIKE '%${soqlLikeLiteral(subjectMarker(activityId))}'`;
    const found = await this.http.call(
      'GET',
      queryUrl(this.http.data, 'query', `SELECT Id FROM ${sobject} WHERE ${where} LIMIT 1`),
      IdRows,
    );
    if (!found.ok) return found;
    const hit = found.value.records[0];
    return ok(hit ? { type: sobject, id: hit.Id } : null);
  }

  /**
   * With an external-id field: an upsert by our id (PATCH …/sobjects/Task/<field>/<id>), so a
   * retry or a second browser updates the one record. Without it: the subject-marker search first
   * (SOQL sees a record as soon as it is written), then a create.
   */
  async createRecord(record: CrmRecord, contacts: readonly CrmContactRef[]): Promise<CrmResult<CrmRecordRef>> {
    const [me, field] = [await this.user(), await this.externalIdField()];
    if (!me.ok) return me;
    if (!field.ok) return field;
    const sobject = sobjectOf(record);
    const whoId = contacts[0]?.id;
    const fields = sobjectFields(record, { ownerId: me.value.userId, ...(whoId ? { whoId } : {}), withMarker: !field.value });
    if (field.value) {
      const url = `${this.http.data}/sobjects/${sobject}/${field.value}/${encodeURIComponent(record.activityId)}`;
      const saved = await this.http.call('PATCH', url, SaveAnswer, fields);
      if (saved.ok && saved.value.id) return ok({ type: sobject, id: saved.value.id });
      // An update (200/204 without an id), or a refused update of a create-only field (TaskSubtype): it is there.
      if (saved.ok || saved.error.kind === 'rejected') {
        const found = await this.findRecord(record.activityId, record.recordKind);
        if (!found.ok) return found;
        if (found.value) return ok(found.value);
      }
      return saved.ok ? { ok: false, error: { kind: 'bad_payload', message: 'Salesforce saved the record without an id' } } : saved;
    }
    const existing = await this.findRecord(record.activityId, record.recordKind);
    if (!existing.ok) return existing;
    if (existing.value) return existing as CrmResult<CrmRecordRef>;
    const saved = await this.http.call('POST', `${this.http.data}/sobjects/${sobject}`, SaveAnswer, fields);
    if (!saved.ok) return saved;
    return saved.value.id
      ? ok({ type: sobject, id: saved.value.id })
      : { ok: false, error: { kind: 'bad_payload', message: 'Salesforce saved the record without an id' } };
  }

  async retractRecord(ref: CrmRecordRef): Promise<CrmResult<void>> {
    if ((ref.type !== 'Task' && ref.type !== 'Event') || !SfId.safeParse(ref.id).success)
      return { ok: false, error: { kind: 'rejected', message: `Not a Salesforce record: ${ref.type} ${ref.id}`.slice(0, 300) } };
    const gone = await this.http.call('DELETE', `${this.http.data}/sobjects/${ref.type}/${ref.id}`, EmptyAnswer);
    // Already deleted (by the rep, or by an earlier try whose answer was lost): done.
    if (!gone.ok && gone.error.kind !== 'not_found') return gone;
    return ok(undefined);
  }

  async listUsers(): Promise<CrmResult<CrmUser[]>> {
    const users: CrmUser[] = [];
    let url: string | undefined = queryUrl(
      this.http.data,
      'query',
      "SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name",
    );
    while (url) {
      const page: CrmResult<z.infer<typeof UserRows>> = await this.http.call('GET', url, UserRows);
      if (!page.ok) return page;
      for (const u of page.value.records) users.push({ id: u.Id, name: u.Name, ...(u.Email ? { email: u.Email } : {}) });
      url = page.value.nextRecordsUrl ? `${this.credentials.myDomain}${page.value.nextRecordsUrl}` : undefined;
    }
    return ok(users);
  }

  async listActivities(range: { from: number; to: number }, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    const field = await this.externalIdField();
    if (!field.ok) return field;
    const ours = field.value ? `${field.value} != null` : `Subject LIKE '%${soqlLikeLiteral(SUBJECT_MARKER_PREFIX)}%'`;
    return teamActivityPage(this.http, this.credentials.myDomain, ours, range, this.now(), cursor);
  }

  /** Disconnect: the refresh token revoked (its access tokens go with it). */
  revoke(): Promise<CrmResult<void>> {
    return revokeToken(this.send, this.credentials.myDomain, this.credentials.refreshToken);
  }
}

export function createSalesforceClient(credentials: CrmCredentials, send: CrmSend, now?: () => number): SalesforceClient {
  if (credentials.crm !== 'salesforce') throw new Error(`Salesforce client asked for ${credentials.crm} credentials`);
  return new SalesforceClient(credentials, send, now);
}
