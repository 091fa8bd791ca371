import type { BrowserContext } from '@playwright/test';
import type { CrmSend } from '../../../../lib/crm/types';
import type { FakeCrm, FakeCrmRecord } from '../fake-crm';

/**
 * An in-memory Pipedrive company (acme.pipedrive.com) answering the requests the Quota Radar client
 * makes, in the documented shapes (https://developers.pipedrive.com/docs/api/v1 — Users, Persons,
 * Activities (API v2), Notes; envelopes per https://pipedrive.readme.io/docs/core-api-concepts-responses,
 * pagination per https://pipedrive.readme.io/docs/core-api-concepts-pagination, 429 per
 * https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting).
 *
 * `handle(method, url, headers, body)` is the whole server as a plain function; `install` only
 * routes both API hosts of a browser context to it, and `send` does the same for a unit test.
 */

export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An activity record a team member already has (team board), as `addUser` seeds it. */
export interface SeedActivity {
  type: 'call' | 'email' | 'meeting' | 'task';
  /** Epoch ms of its due date and time. */
  at: number;
  done?: boolean;
  /** Note text: our marker when the record is one of ours. */
  note?: string;
  /** When it was last changed (epoch ms); default: the later of `at` and now. */
  updatedAt?: number;
}

interface PdUser {
  id: number;
  name: string;
  email: string;
  active_flag: boolean;
}
interface PdPerson {
  id: number;
  name: string;
  emails: string[];
  phones: string[];
  org_id: number | null;
  custom_fields: string[];
}
interface PdActivity {
  id: number;
  type: string;
  subject: string;
  owner_id: number;
  done: boolean;
  due_date: string | null;
  due_time: string | null;
  duration: string | null;
  note: string | null;
  person_id: number | null;
  org_id: number | null;
  participants: { person_id: number; primary: boolean }[];
  add_time: string;
  update_time: string;
  is_deleted: boolean;
}
interface PdNote {
  id: number;
  user_id: number;
  content: string;
  add_time: string;
  update_time: string;
  person_id: number | null;
  org_id: number | null;
  active_flag: boolean;
}

export const PIPEDRIVE_TOKEN = '5b0f6c0e4c8a4f1a9d3e2b7c6a5f4e3d2c1b0a99';
export const PIPEDRIVE_COMPANY = 'acme';
const CORS_PREFLIGHT = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
  'access-control-allow-headers': 'accept, content-type, x-api-token',
};
const ACTIVITY_TYPES = new Set(['call', 'meeting', 'task', 'deadline', 'email', 'lunch']);
const MARKER_ID = /\[qr id=([^\s\]]+)/;

const rfc3339 = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
const v1Time = (at: number) => new Date(at).toISOString().slice(0, 19).replace('T', ' ');
const parseTime = (value: string) => Date.parse(/^\d{4}-\d{2}-\d{2} /.test(value) ? `${value.replace(' ', 'T')}Z` : value);
const digits = (phone: string) => phone.replace(/\D/g, '');

function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
const failure = (status: number, error: string, headers: Record<string, string> = {}) =>
  json(
    status,
    {
      success: false,
      error,
      error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
      data: null,
      additional_data: null,
    },
    headers,
  );
const data = (value: unknown, additional?: unknown) =>
  json(200, { success: true, data: value, ...(additional !== undefined ? { additional_data: additional } : {}) });

function activityIdIn(text: string | null): string | undefined {
  const encoded = text ? MARKER_ID.exec(text)?.[1] : undefined;
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export class FakePipedrive implements FakeCrm {
  readonly crm = 'pipedrive' as const;
  readonly accountUserName = 'Rita Rep';
  readonly secret = PIPEDRIVE_TOKEN;
  readonly connectFields = { 'API token': PIPEDRIVE_TOKEN, 'Company domain': PIPEDRIVE_COMPANY };
  offline = false;

  private readonly users: PdUser[] = [{ id: 7001, name: 'Rita Rep', email: 'rita@acme.example', active_flag: true }];
  /** token → user id; the connect token is the rep's. */
  private readonly tokens = new Map<string, number>([[PIPEDRIVE_TOKEN, 7001]]);
  private readonly persons: PdPerson[] = [];
  private readonly activities: PdActivity[] = [];
  private readonly notes: PdNote[] = [];
  private readonly received: { method: string; url: string; at: number }[] = [];
  private nextId = 1000;
  private limited = { count: 0, retryAfterSec: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  // ---- FakeCrm ----

  async install(context: BrowserContext): Promise<void> {
    // api.pipedrive.com and every company host; an unknown company answers as Pipedrive would not (404).
    await context.route('https://*.pipedrive.com/**', async (route) => {
      if (this.offline) return route.abort('internetdisconnected');
      const request = route.request();
      // A page (not the extension's worker, whose host permission skips CORS) asks first.
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS_PREFLIGHT });
      const answer = this.handle(request.method(), request.url(), await request.allHeaders(), request.postData() ?? undefined);
      return route.fulfill({
        status: answer.status,
        headers: { 'access-control-allow-origin': '*', ...answer.headers },
        body: answer.body,
      });
    });
  }

  /** The same server as the background's fetch would reach it, for a unit test: offline is a network failure. */
  readonly send: CrmSend = async (request) => {
    if (this.offline) return { error: { kind: 'network', message: 'net::ERR_INTERNET_DISCONNECTED' } };
    const answer = this.handle(request.method, request.url, request.headers, request.body);
    return { status: answer.status, headers: answer.headers, body: answer.body };
  };

  records(): FakeCrmRecord[] {
    const record = (fields: Omit<FakeCrmRecord, 'activityId'>, text: string | null): FakeCrmRecord => {
      const activityId = activityIdIn(text);
      return { ...fields, ...(activityId !== undefined ? { activityId } : {}) };
    };
    return [
      ...this.activities.map((a) =>
        record(
          {
            id: String(a.id),
            type: a.type,
            ownerId: String(a.owner_id),
            contactIds: a.participants.map((p) => String(p.person_id)),
            text: `${a.subject}\n${a.note ?? ''}`,
            deleted: a.is_deleted,
          },
          a.note,
        ),
      ),
      ...this.notes.map((n) =>
        record(
          {
            id: String(n.id),
            type: 'note',
            ownerId: String(n.user_id),
            contactIds: n.person_id !== null ? [String(n.person_id)] : [],
            text: n.content,
            deleted: !n.active_flag,
          },
          n.content,
        ),
      ),
    ];
  }

  contacts(): { id: string; email?: string; phone?: string }[] {
    return this.persons.map((p) => ({
      id: String(p.id),
      ...(p.emails[0] ? { email: p.emails[0] } : {}),
      ...(p.phones[0] ? { phone: p.phones[0] } : {}),
    }));
  }

  addContact(contact: { email?: string; phone?: string; name?: string; linkedin?: string }): string {
    const person: PdPerson = {
      id: this.nextId++,
      name: contact.name ?? contact.email ?? contact.phone ?? 'Unnamed',
      emails: contact.email ? [contact.email] : [],
      phones: contact.phone ? [contact.phone] : [],
      org_id: null,
      custom_fields: contact.linkedin ? [contact.linkedin] : [],
    };
    this.persons.push(person);
    return String(person.id);
  }

  /** A team member (ids are Pipedrive's numeric user ids, as strings), with activity records of theirs when given. */
  /** A team member, with the activities they logged; answers those activities' ids. */
  addUser(user: { id: string; name: string; email?: string; activities?: SeedActivity[] }): string[] {
    const ids: string[] = [];
    const id = Number(user.id);
    if (!Number.isInteger(id) || id <= 0) throw new Error(`a Pipedrive user id is a positive integer: ${user.id}`);
    this.users.push({ id, name: user.name, email: user.email ?? `${id}@acme.example`, active_flag: true });
    this.tokens.set(this.tokenOf(user.id), id);
    for (const seed of user.activities ?? []) {
      const iso = new Date(seed.at).toISOString();
      ids.push(String(this.nextId));
      this.activities.push({
        id: this.nextId++,
        type: seed.type,
        subject: seed.type,
        owner_id: id,
        done: seed.done ?? true,
        due_date: iso.slice(0, 10),
        due_time: iso.slice(11, 19),
        duration: null,
        note: seed.note ?? null,
        person_id: null,
        org_id: null,
        participants: [],
        add_time: rfc3339(seed.at),
        update_time: rfc3339(seed.updatedAt ?? Math.max(seed.at, this.now())),
        is_deleted: false,
      });
    }
    return ids;
  }

  /** Someone edits an activity in Pipedrive (its owner: update_time moves to now) or deletes it (gone from the v2 list). */
  editActivity(id: string, change: { ownerId?: string; deleted?: boolean }): void {
    const activity = this.activities.find((a) => a.id === Number(id));
    if (!activity) throw new Error(`no activity ${id}`);
    if (change.ownerId !== undefined) activity.owner_id = Number(change.ownerId);
    if (change.deleted) activity.is_deleted = true;
    activity.update_time = rfc3339(this.now());
  }

  /** The personal API token of a team member added with `addUser` (a manager connects with theirs). */
  tokenOf(userId: string): string {
    return `pd-token-${userId}-0123456789abcdef`;
  }

  rateLimitNext(count: number, retryAfterSec: number): void {
    this.limited = { count, retryAfterSec };
  }

  requests(): { method: string; url: string; at: number }[] {
    return [...this.received];
  }

  // ---- The server ----

  handle(method: string, url: string, headers: Record<string, string>, body: string | undefined): FakeAnswer {
    const at = this.now();
    this.received.push({ method, url, at });
    const target = new URL(url);
    const host = target.hostname;
    if (host !== 'api.pipedrive.com' && host !== `${PIPEDRIVE_COMPANY}.pipedrive.com`) {
      return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Company not found</body></html>' };
    }
    if (this.limited.count > 0) {
      this.limited.count--;
      return failure(429, 'Rate limit has been exceeded', {
        'retry-after': String(this.limited.retryAfterSec),
        'x-ratelimit-limit': '20',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(this.limited.retryAfterSec),
      });
    }
    const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const me = this.tokens.get(lowered['x-api-token'] ?? target.searchParams.get('api_token') ?? '');
    if (me === undefined)
      return json(401, {
        success: false,
        error: 'unauthorized access',
        errorCode: 401,
        error_info: 'Please check developers.pipedrive.com',
        data: null,
        additional_data: null,
      });

    // /v1/… on api.pipedrive.com, /api/v1/… on the company host; /api/v2/… on both.
    const path = target.pathname.replace(/^\/api\/v1\//, '/v1/').replace(/\/+$/, '');
    const q = target.searchParams;
    let payload: Record<string, unknown> = {};
    if (body !== undefined) {
      try {
        payload = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return failure(400, 'Request body is not valid JSON');
      }
    }
    const route = `${method} ${path}`;
    if (route === 'GET /v1/users/me') return this.currentUser(me);
    if (route === 'GET /v1/users') return data(this.users.map((u) => ({ ...u, is_you: u.id === me })));
    if (route === 'GET /api/v2/persons/search') return this.searchPersons(q);
    if (route === 'POST /api/v2/persons') return this.addPerson(payload, at);
    if (route === 'GET /api/v2/activities') return this.listActivities(q);
    if (route === 'POST /api/v2/activities') return this.addActivity(payload, me, at);
    if (route === 'GET /v1/notes') return this.listNotes(q);
    if (route === 'POST /v1/notes') return this.addNote(payload, me, at);
    const activity = /^DELETE \/api\/v2\/activities\/(\d+)$/.exec(route)?.[1];
    if (activity) return this.deleteActivity(Number(activity), at);
    const note = /^DELETE \/v1\/notes\/(\d+)$/.exec(route)?.[1];
    if (note) return this.deleteNote(Number(note), at);
    return failure(404, 'Unknown method');
  }

  private currentUser(me: number): FakeAnswer {
    const user = this.users.find((u) => u.id === me);
    return data({ ...user, is_you: true, company_id: 9001, company_name: 'Acme Ltd', company_domain: PIPEDRIVE_COMPANY });
  }

  private searchPersons(q: URLSearchParams): FakeAnswer {
    const term = (q.get('term') ?? '').trim();
    const exact = q.get('exact_match') === 'true';
    if (term.length < (exact ? 1 : 2)) return failure(400, 'Search term must be at least 2 characters long');
    const fields = (q.get('fields') ?? 'name,email,phone,custom_fields').split(',');
    const lower = term.toLowerCase();
    const hits = this.persons.filter(
      (p) =>
        (fields.includes('email') && p.emails.some((e) => (exact ? e.toLowerCase() === lower : e.toLowerCase().includes(lower)))) ||
        (fields.includes('phone') &&
          digits(term).length > 0 &&
          p.phones.some((ph) => digits(ph).includes(digits(term)) || digits(term).includes(digits(ph)))) ||
        (fields.includes('custom_fields') &&
          p.custom_fields.some((v) => (exact ? v.toLowerCase() === lower : v.toLowerCase().includes(lower)))) ||
        (fields.includes('name') && (exact ? p.name.toLowerCase() === lower : p.name.toLowerCase().includes(lower))),
    );
    const items = hits.slice(0, Number(q.get('limit') ?? 100)).map((p) => ({
      result_score: 1,
      item: {
        id: p.id,
        type: 'person',
        name: p.name,
        phones: p.phones,
        emails: p.emails,
        visible_to: 3,
        owner: { id: 7001 },
        organization: p.org_id !== null ? { id: p.org_id, name: 'Org', address: null } : null,
        custom_fields: p.custom_fields,
        notes: [],
      },
    }));
    return data({ items }, { next_cursor: null });
  }

  private addPerson(payload: Record<string, unknown>, at: number): FakeAnswer {
    if (typeof payload.name !== 'string' || !payload.name.trim()) return failure(400, 'Name must be given');
    const values = (list: unknown) =>
      Array.isArray(list) ? list.map((e) => String((e as { value?: unknown }).value ?? '')).filter(Boolean) : [];
    const person: PdPerson = {
      id: this.nextId++,
      name: payload.name,
      emails: values(payload.emails),
      phones: values(payload.phones),
      org_id: typeof payload.org_id === 'number' ? payload.org_id : null,
      custom_fields: [],
    };
    this.persons.push(person);
    return data({
      id: person.id,
      name: person.name,
      owner_id: 7001,
      org_id: person.org_id,
      add_time: rfc3339(at),
      update_time: rfc3339(at),
      emails: person.emails.map((value, i) => ({ value, primary: i === 0, label: 'work' })),
      phones: person.phones.map((value, i) => ({ value, primary: i === 0, label: 'work' })),
      is_deleted: false,
      visible_to: 3,
    });
  }

  private listActivities(q: URLSearchParams): FakeAnswer {
    const owner = q.get('owner_id');
    const since = q.get('updated_since');
    const until = q.get('updated_until');
    const done = q.get('done');
    let list = this.activities.filter(
      (a) =>
        !a.is_deleted &&
        (owner === null || a.owner_id === Number(owner)) &&
        (since === null || parseTime(a.update_time) >= parseTime(since)) &&
        // API v2: "only activities with an update_time earlier than this time" (exclusive).
        (until === null || parseTime(a.update_time) < parseTime(until)) &&
        (done === null || a.done === (done === 'true')),
    );
    if (q.get('sort_by') === 'update_time')
      list = [...list].sort((a, b) => parseTime(a.update_time) - parseTime(b.update_time) || a.id - b.id);
    if (q.get('sort_direction') === 'desc') list.reverse();
    const start = q.get('cursor') ? Number(atob(q.get('cursor') ?? '')) : 0;
    const limit = Math.min(500, Number(q.get('limit') ?? 100));
    const page = list.slice(start, start + limit);
    const next = start + limit < list.length ? btoa(String(start + limit)) : null;
    return data(page, { next_cursor: next });
  }

  private addActivity(payload: Record<string, unknown>, me: number, at: number): FakeAnswer {
    // API v2 sets person_id from the primary participant and refuses it in the body, in these words
    // (v2 migration guide; the live answer quoted on devcommunity.pipedrive.com/t/19734).
    if ('person_id' in payload)
      return json(400, {
        success: false,
        error: "'person_id' is a read-only field. Add a primary participant to set 'person_id' instead.",
        code: 'ERR_BAD_REQUEST',
      });
    const type = typeof payload.type === 'string' ? payload.type : 'call';
    if (!ACTIVITY_TYPES.has(type)) return failure(400, `Activity type '${type}' is not valid`);
    const participants = Array.isArray(payload.participants)
      ? (payload.participants as { person_id: number; primary?: boolean }[]).map((p) => ({
          person_id: p.person_id,
          primary: p.primary === true,
        }))
      : [];
    const primary = participants.find((p) => p.primary) ?? participants[0];
    const activity: PdActivity = {
      id: this.nextId++,
      type,
      subject: typeof payload.subject === 'string' ? payload.subject : type,
      owner_id: typeof payload.owner_id === 'number' ? payload.owner_id : me,
      done: payload.done === true,
      due_date: typeof payload.due_date === 'string' ? payload.due_date : null,
      due_time: typeof payload.due_time === 'string' ? `${payload.due_time}:00`.slice(0, 8) : null,
      duration: typeof payload.duration === 'string' ? `${payload.duration}:00`.slice(0, 8) : null,
      note: typeof payload.note === 'string' ? payload.note : null,
      person_id: primary?.person_id ?? null,
      org_id: typeof payload.org_id === 'number' ? payload.org_id : null,
      participants,
      add_time: rfc3339(at),
      update_time: rfc3339(at),
      is_deleted: false,
    };
    this.activities.push(activity);
    return data(activity);
  }

  private deleteActivity(id: number, at: number): FakeAnswer {
    const activity = this.activities.find((a) => a.id === id && !a.is_deleted);
    if (!activity) return failure(404, 'Activity not found');
    activity.is_deleted = true;
    activity.update_time = rfc3339(at);
    return data({ id });
  }

  private listNotes(q: URLSearchParams): FakeAnswer {
    const user = q.get('user_id');
    const since = q.get('updated_since');
    let list = this.notes.filter(
      (n) =>
        n.active_flag && (user === null || n.user_id === Number(user)) && (since === null || parseTime(n.update_time) >= parseTime(since)),
    );
    const [field, direction] = (q.get('sort') ?? 'id ASC').split(' ');
    if (field === 'update_time' || field === 'add_time') {
      list = [...list].sort((a, b) => parseTime(a[field]) - parseTime(b[field]) || a.id - b.id);
      if (direction === 'DESC') list.reverse();
    }
    const start = Number(q.get('start') ?? 0);
    const limit = Math.min(500, Number(q.get('limit') ?? 100));
    const page = list.slice(start, start + limit);
    const more = start + limit < list.length;
    // v1 answers `data: null` for an empty list.
    return data(page.length ? page : null, {
      pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) },
    });
  }

  private addNote(payload: Record<string, unknown>, me: number, at: number): FakeAnswer {
    if (typeof payload.content !== 'string' || !payload.content) return failure(400, 'Note content must be given');
    const personId = typeof payload.person_id === 'number' ? payload.person_id : null;
    const orgId = typeof payload.org_id === 'number' ? payload.org_id : null;
    if (personId === null && orgId === null && payload.deal_id === undefined && payload.lead_id === undefined) {
      return failure(400, 'The note must be attached to a deal, lead, person, organization or project');
    }
    const note: PdNote = {
      id: this.nextId++,
      user_id: me,
      content: payload.content,
      add_time: typeof payload.add_time === 'string' ? payload.add_time : v1Time(at),
      update_time: v1Time(at),
      person_id: personId,
      org_id: orgId,
      active_flag: true,
    };
    this.notes.push(note);
    return data(note);
  }

  private deleteNote(id: number, at: number): FakeAnswer {
    const note = this.notes.find((n) => n.id === id && n.active_flag);
    if (!note) return failure(404, 'Note not found');
    note.active_flag = false;
    note.update_time = v1Time(at);
    return data(true);
  }
}

export function createFakePipedrive(now?: () => number): FakePipedrive {
  return new FakePipedrive(now);
}
