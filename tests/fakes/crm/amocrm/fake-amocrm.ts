import { type FakeHandler, type FakeResponse, FakeTransport, jsonResponse } from '../bitrix24/fake-bitrix24';
import type { FakeCrm, FakeCrmRecord } from '../fake-crm';

/**
 * An in-memory amoCRM account at https://acme.amocrm.ru answering the API v4 requests the client
 * makes, as amocrm.ru/developers documents them: GET account, users, users/{id}; GET contacts?query
 * (substring search over names and field values, 204 when nothing matches), contacts/{id}, POST
 * contacts; GET/POST contacts/{id}/notes, GET contacts/notes (account-wide, filter[note_type][],
 * filter[updated_at][from|to]), GET/PATCH contacts/{id}/notes/{note}; GET/POST tasks (filter[responsible_user_id],
 * filter[is_completed], filter[updated_at][from|to], order[id]; entity optional), GET/PATCH tasks/{id}.
 * Notes and tasks cannot be deleted (405), as in the API. 401 for another token; `rateLimitNext` answers 429 with Retry-After.
 *
 * The request handling is a pure function of the fake's state (`handle`); `install` is a thin
 * `context.route` wrapper (the transport shared with the Bitrix24 fake).
 */

export const FAKE_AMOCRM_DOMAIN = 'acme.amocrm.ru';
export const FAKE_AMOCRM_TOKEN = 'fake-long-lived-token-0123456789';
const NOTE_TYPES = new Set(['common', 'call_out']);

interface FieldValue {
  field_code: string;
  values: { value: string; enum_code?: string }[];
}
interface Contact {
  id: number;
  name: string;
  custom_fields_values: FieldValue[];
  companyId?: number;
}
interface Note {
  id: number;
  entity_id: number;
  created_by: number;
  responsible_user_id: number;
  created_at: number;
  updated_at: number;
  note_type: string;
  params: Record<string, unknown>;
}

interface Task {
  id: number;
  responsible_user_id: number;
  created_by: number;
  task_type_id: number;
  text: string;
  complete_till: number;
  is_completed: boolean;
  result: { text?: string } | null;
  entity_id: number | null;
  entity_type: string | null;
  created_at: number;
  updated_at: number;
}

export interface FakeAmoCrm extends FakeCrm {
  handle: FakeHandler;
  transport: FakeTransport;
  /** Adds a note another integration (a telephony widget) or the team member wrote. */
  addNote(note: {
    contactId: string;
    userId: string;
    noteType: 'call_out' | 'common';
    createdAt: number;
    /** When it was last changed (epoch ms); default: now. A board at scale seeds notes written at the time. */
    updatedAt?: number;
    params: Record<string, unknown>;
  }): string;
  /** Someone edits a note in amoCRM (its responsible user: updated_at moves to now) or deletes it in the UI (gone from every list). */
  editNote(id: string, change: { userId?: string; deleted?: boolean }): void;
}

const problem = (status: number, title: string, detail = title) =>
  jsonResponse({ title, type: `https://httpstatus.es/${status}`, status, detail }, status, { 'content-type': 'application/problem+json' });
const noContent: FakeResponse = { status: 204, headers: {}, body: '' };

export function createFakeAmoCrm(clock: () => number = Date.now): FakeAmoCrm {
  const users = [{ id: 504141, name: 'Мария Смирнова', email: 'maria@acme.example' }];
  const me = users[0]!.id;
  const contacts: Contact[] = [];
  const notes: Note[] = [];
  const tasks: Task[] = [];
  let nextId = 1000;
  let limited = 0;
  let limitedRetryAfter = 1;
  const base = `https://${FAKE_AMOCRM_DOMAIN}/api/v4`;
  const seconds = () => Math.floor(clock() / 1000);

  const contactJson = (c: Contact) => ({
    id: c.id,
    name: c.name,
    responsible_user_id: me,
    custom_fields_values: c.custom_fields_values.length > 0 ? c.custom_fields_values : null,
    _links: { self: { href: `${base}/contacts/${c.id}` } },
    _embedded: { tags: [], companies: c.companyId ? [{ id: c.companyId }] : [] },
  });
  const noteJson = (n: Note) => ({
    ...n,
    account_id: 1231414,
    _links: { self: { href: `${base}/contacts/${n.entity_id}/notes/${n.id}` } },
  });

  /**
   * One page of a list as the v4 lists answer (page from 1, limit at most 250, default 50): 204 past the
   * last row, and `_links.next` while rows are left, pointing at the next page.
   */
  function listPage<T>(rows: T[], query: URLSearchParams, path: string, embed: (slice: T[]) => Record<string, unknown>): FakeResponse {
    const limit = Math.min(250, Number(query.get('limit') ?? 50));
    const page = Number(query.get('page') ?? 1);
    const slice = rows.slice((page - 1) * limit, page * limit);
    if (slice.length === 0) return noContent;
    const more = page * limit < rows.length;
    const href = (n: number) => `${base}/${path}?page=${n}&limit=${limit}`;
    return jsonResponse({
      _page: page,
      _links: { self: { href: href(page) }, ...(more ? { next: { href: href(page + 1) } } : {}) },
      _embedded: embed(slice),
    });
  }

  const notePage = (rows: Note[], query: URLSearchParams, path: string) =>
    listPage(rows, query, path, (slice) => ({ notes: slice.map(noteJson) }));

  function filterNotes(rows: Note[], query: URLSearchParams): Note[] {
    const types = query.getAll('filter[note_type][]');
    const from = query.get('filter[updated_at][from]');
    const to = query.get('filter[updated_at][to]');
    return rows.filter(
      (n) =>
        (types.length === 0 || types.includes(n.note_type)) &&
        (from === null || n.updated_at >= Number(from)) &&
        (to === null || n.updated_at <= Number(to)),
    );
  }

  function validNote(body: Record<string, unknown>): string | undefined {
    if (!NOTE_TYPES.has(String(body.note_type))) return 'note_type';
    const params = body.params as Record<string, unknown> | undefined;
    if (!params) return 'params';
    if (body.note_type === 'common' && typeof params.text !== 'string') return 'params.text';
    if (body.note_type === 'call_out') {
      for (const key of ['uniq', 'source', 'phone']) if (typeof params[key] !== 'string') return `params.${key}`;
      if (typeof params.duration !== 'number') return 'params.duration';
      // The official PHP client's CallNote::toApi always sends link (the recording's address, or null).
      if (!('link' in params) || (params.link !== null && typeof params.link !== 'string')) return 'params.link';
    }
    return undefined;
  }

  const handle: FakeHandler = (method, url, headers, body) => {
    const parsed = new URL(url);
    if (parsed.host !== FAKE_AMOCRM_DOMAIN || !parsed.pathname.startsWith('/api/v4/')) return problem(404, 'Not Found');
    if (limited > 0) {
      limited--;
      return jsonResponse({ title: 'Too Many Requests', status: 429 }, 429, { 'retry-after': String(limitedRetryAfter) });
    }
    if (headers.authorization !== `Bearer ${FAKE_AMOCRM_TOKEN}`) return problem(401, 'Unauthorized');
    const path = parsed.pathname.slice('/api/v4/'.length);
    const query = parsed.searchParams;
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      return problem(400, 'Bad Request');
    }
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === 'account') {
      return jsonResponse({ id: 1231414, name: 'Acme', subdomain: 'acme', current_user_id: me, country: 'RU', currency: 'RUB' });
    }
    if (method === 'GET' && path === 'users') {
      return listPage(users, query, 'users', (slice) => ({ users: slice }));
    }
    if (method === 'GET' && (m = /^users\/(\d+)$/.exec(path))) {
      const user = users.find((u) => u.id === Number(m![1]));
      return user ? jsonResponse(user) : problem(404, 'Not Found');
    }
    if (method === 'GET' && path === 'contacts') {
      const q = (query.get('query') ?? '').toLowerCase();
      const digitsQ = q.replace(/\D/g, '');
      const found = contacts.filter(
        (c) =>
          c.name.toLowerCase().includes(q) ||
          c.custom_fields_values.some((f) =>
            f.values.some(
              (v) => v.value.toLowerCase().includes(q) || (digitsQ.length >= 7 && v.value.replace(/\D/g, '').includes(digitsQ)),
            ),
          ),
      );
      if (found.length === 0) return noContent;
      return jsonResponse({ _page: 1, _links: { self: { href: `${base}/contacts` } }, _embedded: { contacts: found.map(contactJson) } });
    }
    if (method === 'GET' && (m = /^contacts\/(\d+)$/.exec(path))) {
      const contact = contacts.find((c) => c.id === Number(m![1]));
      return contact ? jsonResponse(contactJson(contact)) : problem(404, 'Not Found');
    }
    if (method === 'POST' && path === 'contacts') {
      if (!Array.isArray(json)) return problem(400, 'Bad Request');
      const created = (json as { name?: string; custom_fields_values?: FieldValue[] }[]).map((c) => {
        const contact: Contact = { id: nextId++, name: c.name ?? '', custom_fields_values: c.custom_fields_values ?? [] };
        contacts.push(contact);
        return { id: contact.id, request_id: '0', _links: { self: { href: `${base}/contacts/${contact.id}` } } };
      });
      return jsonResponse({ _links: { self: { href: `${base}/contacts` } }, _embedded: { contacts: created } });
    }
    if (method === 'GET' && path === 'tasks') {
      const responsible = query.get('filter[responsible_user_id]');
      const completed = query.get('filter[is_completed]');
      const from = query.get('filter[updated_at][from]');
      const to = query.get('filter[updated_at][to]');
      const rows = tasks
        .filter(
          (t) =>
            (responsible === null || t.responsible_user_id === Number(responsible)) &&
            (completed === null || t.is_completed === (completed === '1')) &&
            (from === null || t.updated_at >= Number(from)) &&
            (to === null || t.updated_at <= Number(to)),
        )
        .sort((a, b) => (query.get('order[id]') === 'desc' ? b.id - a.id : a.id - b.id));
      return listPage(rows, query, 'tasks', (slice) => ({ tasks: slice.map((t) => ({ ...t, account_id: 1231414 })) }));
    }
    if (method === 'POST' && path === 'tasks') {
      if (!Array.isArray(json)) return problem(400, 'Bad Request');
      const rows = json as Record<string, unknown>[];
      const invalid = rows.find((t) => typeof t.text !== 'string' || typeof t.complete_till !== 'number');
      if (invalid)
        return jsonResponse(
          {
            title: 'Bad Request',
            status: 400,
            'validation-errors': [{ errors: [{ path: 'complete_till', detail: 'This field is missing.' }] }],
          },
          400,
        );
      const created = rows.map((t) => {
        const task: Task = {
          id: nextId++,
          responsible_user_id: Number(t.responsible_user_id ?? me),
          created_by: me,
          task_type_id: Number(t.task_type_id ?? 1),
          text: String(t.text),
          complete_till: Number(t.complete_till),
          is_completed: t.is_completed === true,
          result: (t.result as { text?: string } | undefined) ?? null,
          entity_id: typeof t.entity_id === 'number' ? t.entity_id : null,
          entity_type: typeof t.entity_type === 'string' ? t.entity_type : null,
          created_at: seconds(),
          updated_at: seconds(),
        };
        tasks.push(task);
        return { id: task.id, request_id: String(t.request_id ?? '0'), _links: { self: { href: `${base}/tasks/${task.id}` } } };
      });
      return jsonResponse({ _links: { self: { href: `${base}/tasks` } }, _embedded: { tasks: created } });
    }
    if ((m = /^tasks\/(\d+)$/.exec(path))) {
      const task = tasks.find((t) => t.id === Number(m![1]));
      if (!task) return problem(404, 'Not Found');
      if (method === 'GET') return jsonResponse({ ...task, account_id: 1231414 });
      if (method === 'PATCH') {
        const patch = (json ?? {}) as Record<string, unknown>;
        if (typeof patch.text === 'string') task.text = patch.text;
        if (typeof patch.is_completed === 'boolean') task.is_completed = patch.is_completed;
        task.updated_at = seconds();
        return jsonResponse({ id: task.id, updated_at: task.updated_at });
      }
      return problem(405, 'Method Not Allowed');
    }
    if (method === 'GET' && path === 'contacts/notes') {
      return notePage(filterNotes(notes, query), query, path);
    }
    // Entity-level writes, as the official PHP client makes them (EntityNotes: add → POST {entity}/notes with
    // entity_id in each note; updateOne → PATCH {entity}/notes/{id}).
    if (method === 'POST' && path === 'contacts/notes') {
      if (!Array.isArray(json)) return problem(400, 'Bad Request');
      const bad = (json as Record<string, unknown>[])
        .map((n) => (contacts.some((c) => c.id === n.entity_id) ? validNote(n) : 'entity_id'))
        .find(Boolean);
      if (bad)
        return jsonResponse(
          { title: 'Bad Request', status: 400, 'validation-errors': [{ errors: [{ path: bad, detail: 'This value is not valid.' }] }] },
          400,
        );
      const created = (json as Record<string, unknown>[]).map((n) => {
        const note: Note = {
          id: nextId++,
          entity_id: Number(n.entity_id),
          created_by: me,
          responsible_user_id: me,
          created_at: typeof n.created_at === 'number' ? n.created_at : seconds(),
          updated_at: seconds(),
          note_type: String(n.note_type),
          params: n.params as Record<string, unknown>,
        };
        notes.push(note);
        return { id: note.id, entity_id: note.entity_id, request_id: String(n.request_id ?? '0') };
      });
      return jsonResponse({ _links: { self: { href: `${base}/${path}` } }, _embedded: { notes: created } });
    }
    if (method === 'PATCH' && (m = /^contacts\/notes\/(\d+)$/.exec(path))) {
      const note = notes.find((n) => n.id === Number(m![1]));
      if (!note) return problem(404, 'Not Found');
      const patch = json as Record<string, unknown>;
      if (patch.note_type !== note.note_type || validNote(patch))
        return problem(400, 'Bad Request', `invalid ${validNote(patch) ?? 'note_type'}`);
      note.params = patch.params as Record<string, unknown>;
      note.updated_at = seconds();
      return jsonResponse({ id: note.id, entity_id: note.entity_id, updated_at: note.updated_at });
    }
    if ((m = /^contacts\/(\d+)\/notes\/(\d+)$/.exec(path))) {
      const note = notes.find((n) => n.entity_id === Number(m![1]) && n.id === Number(m![2]));
      if (!note) return problem(404, 'Not Found');
      if (method === 'GET') return jsonResponse(noteJson(note));
      if (method === 'PATCH') {
        const patch = json as Record<string, unknown>;
        if (patch.note_type !== note.note_type || validNote(patch))
          return problem(400, 'Bad Request', `invalid ${validNote(patch) ?? 'note_type'}`);
        note.params = patch.params as Record<string, unknown>;
        note.updated_at = seconds();
        return jsonResponse({ id: note.id, entity_id: note.entity_id, updated_at: note.updated_at });
      }
      return problem(405, 'Method Not Allowed');
    }
    if ((m = /^contacts\/(\d+)\/notes$/.exec(path))) {
      const contactId = Number(m[1]);
      if (!contacts.some((c) => c.id === contactId)) return problem(404, 'Not Found');
      if (method === 'GET')
        return notePage(
          filterNotes(
            notes.filter((n) => n.entity_id === contactId),
            query,
          ),
          query,
          path,
        );
      if (method === 'POST') {
        if (!Array.isArray(json)) return problem(400, 'Bad Request');
        const invalid = (json as Record<string, unknown>[]).map(validNote).find(Boolean);
        if (invalid)
          return jsonResponse(
            {
              title: 'Bad Request',
              status: 400,
              'validation-errors': [{ errors: [{ path: invalid, detail: 'This value is not valid.' }] }],
            },
            400,
          );
        const created = (json as Record<string, unknown>[]).map((n) => {
          const note: Note = {
            id: nextId++,
            entity_id: contactId,
            created_by: me,
            responsible_user_id: me,
            created_at: typeof n.created_at === 'number' ? n.created_at : seconds(),
            updated_at: seconds(),
            note_type: String(n.note_type),
            params: n.params as Record<string, unknown>,
          };
          notes.push(note);
          return { id: note.id, entity_id: contactId, request_id: String(n.request_id ?? '0') };
        });
        return jsonResponse({ _links: { self: { href: `${base}/${path}` } }, _embedded: { notes: created } });
      }
    }
    return problem(404, 'Not Found');
  };

  const transport = new FakeTransport(handle, clock);
  const textOf = (n: Note) => String(n.params.text ?? n.params.call_result ?? '');

  return {
    crm: 'amocrm',
    accountUserName: users[0]!.name,
    handle,
    transport,
    connectFields: { 'Account domain': FAKE_AMOCRM_DOMAIN, 'Long-lived token': FAKE_AMOCRM_TOKEN },
    secret: FAKE_AMOCRM_TOKEN,
    get offline() {
      return transport.offline;
    },
    set offline(value: boolean) {
      transport.offline = value;
    },
    install: (context) => transport.install(context, `https://${FAKE_AMOCRM_DOMAIN}/**`),
    records(): FakeCrmRecord[] {
      const fromTasks = tasks.map((t) => {
        const id = /id=(\S+?) /.exec(t.text)?.[1];
        return {
          id: String(t.id),
          type: 'task',
          ...(id ? { activityId: decodeURIComponent(id) } : {}),
          ownerId: String(t.responsible_user_id),
          contactIds: t.entity_type === 'contacts' && t.entity_id ? [String(t.entity_id)] : [],
          text: t.text,
          // Tasks cannot be deleted through the API either: a retraction marks the text.
          deleted: t.text.includes('— retracted'),
        };
      });
      const fromNotes = notes.map((n) => {
        const id = n.note_type === 'call_out' ? String(n.params.uniq ?? '') : /id=(\S+?) /.exec(textOf(n))?.[1];
        return {
          id: String(n.id),
          type: n.note_type,
          ...(id ? { activityId: decodeURIComponent(id) } : {}),
          ownerId: String(n.responsible_user_id),
          contactIds: [String(n.entity_id)],
          text: textOf(n),
          // Notes cannot be deleted through the API: a retraction marks the text.
          deleted: textOf(n).includes('— retracted'),
        };
      });
      return [...fromNotes, ...fromTasks];
    },
    contacts: () =>
      contacts.map((c) => {
        const email = c.custom_fields_values.find((f) => f.field_code === 'EMAIL')?.values[0]?.value;
        const phone = c.custom_fields_values.find((f) => f.field_code === 'PHONE')?.values[0]?.value;
        return { id: String(c.id), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
      }),
    addContact(contact) {
      const id = nextId++;
      contacts.push({
        id,
        name: contact.name ?? '',
        custom_fields_values: [
          ...(contact.email ? [{ field_code: 'EMAIL', values: [{ value: contact.email, enum_code: 'WORK' }] }] : []),
          ...(contact.phone ? [{ field_code: 'PHONE', values: [{ value: contact.phone, enum_code: 'WORK' }] }] : []),
        ],
      });
      return String(id);
    },
    addUser(user) {
      users.push({ id: Number(user.id), name: user.name, email: user.email ?? '' });
    },
    addNote(note) {
      const id = nextId++;
      notes.push({
        id,
        entity_id: Number(note.contactId),
        created_by: Number(note.userId),
        responsible_user_id: Number(note.userId),
        created_at: Math.floor(note.createdAt / 1000),
        updated_at: note.updatedAt !== undefined ? Math.floor(note.updatedAt / 1000) : seconds(),
        note_type: note.noteType,
        params: note.params,
      });
      return String(id);
    },
    editNote(id, change) {
      const at = notes.findIndex((n) => n.id === Number(id));
      if (at < 0) throw new Error(`no note ${id}`);
      if (change.deleted) {
        notes.splice(at, 1);
        return;
      }
      if (change.userId !== undefined) notes[at]!.responsible_user_id = Number(change.userId);
      notes[at]!.updated_at = seconds();
    },
    rateLimitNext(count, retryAfterSec) {
      limited = count;
      limitedRetryAfter = retryAfterSec;
    },
    requests: () => transport.log,
  };
}
