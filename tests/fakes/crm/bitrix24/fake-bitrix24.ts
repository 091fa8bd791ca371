import type { BrowserContext } from '@playwright/test';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../../../../lib/api-connector/http';
import type { FakeCrm, FakeCrmRecord } from '../fake-crm';

/**
 * An in-memory Bitrix24 portal at https://acme.bitrix24.ru answering the incoming-webhook REST
 * calls the client makes, as b24restdocs documents them (bitrix24/b24restdocs, api-reference/…):
 * profile, scope, user.get, crm.duplicate.findbycomm, crm.contact.get|list|add, crm.activity.list|add|
 * update|delete, crm.timeline.comment.list|add|delete, tasks.task.list|add|complete|delete (a record with
 * no contact: api-reference/tasks/, fields in UPPER case, answers in camelCase). Errors as `_includes/system-errors.md`:
 * 401 INVALID_CREDENTIALS for another webhook code, 401 insufficient_scope outside the webhook's
 * scopes, 503 QUERY_LIMIT_EXCEEDED for a rate-limit burst, 400 "Not found" for a deleted activity.
 * It also models the one side effect that matters: an activity added with TYPE_ID 4, DIRECTION 2 and
 * COMPLETED Y *sends* an e-mail (tutorial "How to send an e-mail to a client"), counted in `emailsSent`.
 *
 * The request handling is a pure function of the fake's state (`handle`); `install` is a thin
 * `context.route` wrapper and `send` serves a client directly in unit tests. The transport part
 * (offline, lost answers, the request log) is shared with the amoCRM fake.
 */

// ---- shared transport --------------------------------------------------------------------------

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type FakeHandler = (method: string, url: string, headers: Record<string, string>, body: string | undefined) => FakeResponse;

export const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export class FakeTransport {
  offline = false;
  private lost = 0;
  readonly log: { method: string; url: string; at: number }[] = [];

  constructor(
    private readonly handler: FakeHandler,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The next `count` requests are handled (the CRM writes) but their answers never arrive. */
  loseAnswers(count: number): void {
    this.lost = count;
  }

  /** The answer to one request, or null where the network fails (offline, or an answer lost on the way back). */
  serve(method: string, url: string, headers: Record<string, string>, body: string | undefined): FakeResponse | null {
    if (this.offline) return null;
    this.log.push({ method, url, at: this.clock() });
    const response = this.handler(method, url, headers, body);
    if (this.lost > 0) {
      this.lost--;
      return null;
    }
    return response;
  }

  /** A client's `send` served by this fake: unit tests drive a client end to end without a browser. */
  send = async (request: ApiRequest): Promise<ApiAnswer | { error: ConnectorError }> => {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const response = this.serve(request.method, request.url, headers, request.body);
    if (!response) return { error: { kind: 'network', message: 'Failed to fetch' } };
    return { status: response.status, headers: response.headers, body: response.body };
  };

  /** Serves `pattern` in a browser context. */
  async install(context: BrowserContext, pattern: string): Promise<void> {
    await context.route(pattern, async (route) => {
      const request = route.request();
      const response = this.serve(request.method(), request.url(), await request.allHeaders(), request.postData() ?? undefined);
      if (!response) {
        await route.abort('internetdisconnected');
        return;
      }
      await route.fulfill({
        status: response.status,
        headers: { 'access-control-allow-origin': '*', ...response.headers },
        body: response.body,
      });
    });
  }
}

// ---- Bitrix24 ----------------------------------------------------------------------------------

export const FAKE_BITRIX24_PORTAL = 'acme.bitrix24.ru';
export const FAKE_BITRIX24_USER_ID = '1';
export const FAKE_BITRIX24_CODE = 'q1w2e3r4t5y6u7i8';
export const FAKE_BITRIX24_WEBHOOK = `https://${FAKE_BITRIX24_PORTAL}/rest/${FAKE_BITRIX24_USER_ID}/${FAKE_BITRIX24_CODE}/`;
const PAGE = 50;
/** The most commands one batch runs (batch.md). */
export const BATCH_LENGTH = 50;

/** PHP's parse_str of a batch command's query: `a[b][0]=v` nested, keys 0..n-1 as a list. */
export function parsePhpQuery(query: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const [rawKey = '', rawValue = ''] = pair.split('=', 2) as [string, string?];
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    const path = [/^[^[]*/.exec(key)![0], ...[...key.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node = root;
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    }
  }
  const lists = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, lists(v)] as const);
    return entries.length > 0 && entries.every(([k], i) => k === String(i)) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return lists(root) as Record<string, unknown>;
}

interface Multi {
  VALUE: string;
  VALUE_TYPE: string;
}
interface Contact {
  ID: number;
  NAME: string;
  COMPANY_ID: number | null;
  EMAIL: Multi[];
  PHONE: Multi[];
  WEB: Multi[];
}
interface Activity {
  ID: number;
  OWNER_ID: number;
  OWNER_TYPE_ID: number;
  TYPE_ID: number;
  DIRECTION: number;
  COMPLETED: 'Y' | 'N';
  SUBJECT: string;
  DESCRIPTION: string;
  START_TIME: string;
  END_TIME: string;
  RESPONSIBLE_ID: number;
  ORIGINATOR_ID: string | null;
  ORIGIN_ID: string | null;
  COMMUNICATIONS: { TYPE: string; VALUE: string; ENTITY_ID: number; ENTITY_TYPE_ID: number }[];
  /** Set by every add and update (crm-activity-fields.md): what a `>=LAST_UPDATED` filter compares. */
  LAST_UPDATED: string;
  deleted: boolean;
}
interface Task {
  ID: number;
  TITLE: string;
  DESCRIPTION: string;
  RESPONSIBLE_ID: number;
  CREATED_BY: number;
  DEADLINE: string;
  /** REAL_STATUS: 2 waiting … 5 completed. */
  STATUS: number;
  /** Set by every add, update and completion: what a `>=CHANGED_DATE` filter compares. */
  CHANGED_DATE: string;
  deleted: boolean;
}
interface Comment {
  ID: number;
  ENTITY_ID: number;
  ENTITY_TYPE: string;
  COMMENT: string;
  AUTHOR_ID: number;
  CREATED: string;
  deleted: boolean;
}

export interface FakeBitrix24 extends FakeCrm {
  /** The pure request handler. */
  handle: FakeHandler;
  transport: FakeTransport;
  /** The webhook's scopes (`scope` answers these; other methods answer insufficient_scope). */
  scopes: string[];
  /** Methods the webhook's user may not use (their CRM rights): 403 INVALID_CREDENTIALS, as system-errors.md. */
  deniedToUser: string[];
  /** E-mails the portal would have sent (an add with TYPE_ID 4, DIRECTION 2, COMPLETED Y). */
  emailsSent: number;
  /** Activities another integration or Bitrix24 itself wrote (the team board reads them too). */
  addActivity(activity: { ownerId: string; typeId: 1 | 2 | 4; direction: 1 | 2; startTime: string; contactId?: string }): string;
  /**
   * Someone edits an activity in the portal (its responsible user, or deletes it): LAST_UPDATED moves
   * to now. A deleted one is gone from every list, as in Bitrix24.
   */
  editActivity(id: string, change: { ownerId?: string; deleted?: boolean }): void;
  /** Adds a lead or deal (its timeline can take the records that match no contact). */
  addItem(entity: 'lead' | 'deal', title: string): string;
}

const bad = (description: string, error = '') => jsonResponse({ error, error_description: description }, 400);
const toTime = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

export function createFakeBitrix24(clock: () => number = Date.now): FakeBitrix24 {
  const contacts: Contact[] = [];
  const activities: Activity[] = [];
  /** Bitrix24's datetime form, as its records carry it. */
  const nowText = () => new Date(clock()).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const comments: Comment[] = [];
  const tasks: Task[] = [];
  /** Leads and deals: only their timelines are modelled (comments). */
  const items: { ID: number; entity: 'lead' | 'deal'; TITLE: string }[] = [];
  const ownerExists = (entity: unknown, id: number) =>
    entity === 'contact' ? contacts.some((c) => c.ID === id) : items.some((i) => i.entity === entity && i.ID === id);
  const users = [{ ID: 1, NAME: 'Anna', LAST_NAME: 'Petrova', EMAIL: 'anna@acme.example', ACTIVE: true }];
  let nextId = 100;
  let limited = 0;
  let limitedRetryAfter = 1;

  const result = (value: unknown, extra: Record<string, unknown> = {}) =>
    jsonResponse({ result: value, ...extra, time: { start: clock() / 1000, finish: clock() / 1000, duration: 0.01, processing: 0.01 } });

  const page = <T>(rows: T[], start: number) =>
    result(rows.slice(start, start + PAGE), { total: rows.length, ...(start + PAGE < rows.length ? { next: start + PAGE } : {}) });

  function matches(row: Record<string, unknown>, filter: Record<string, unknown>): boolean {
    for (const [key, wanted] of Object.entries(filter)) {
      const op = /^(>=|<=|>|<|!=|!)?(.*)$/.exec(key)!;
      const field = op[2]!;
      const actual = row[field];
      if (field === 'START_TIME' || field === 'LAST_UPDATED') {
        const a = toTime(actual);
        const w = toTime(wanted);
        if (op[1] === '>=' && !(a >= w)) return false;
        if (op[1] === '<' && !(a < w)) return false;
        if (op[1] === '>' && !(a > w)) return false;
        if (op[1] === '<=' && !(a <= w)) return false;
        continue;
      }
      const equal = String(actual ?? '') === String(wanted);
      if ((op[1] === '!' || op[1] === '!=') === equal) return false;
    }
    return true;
  }

  function pick(row: Record<string, unknown>, select: unknown): Record<string, unknown> {
    const fields = Array.isArray(select) && select.length > 0 && !select.includes('*') ? (select as string[]) : Object.keys(row);
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      if (field === 'deleted' || !(field in row)) continue;
      const value = row[field];
      out[field] = typeof value === 'number' ? String(value) : value;
    }
    if (!fields.includes('COMMUNICATIONS')) delete out.COMMUNICATIONS;
    return out;
  }

  const digits = (v: string) => v.replace(/\D/g, '');

  /** tasks.task.list's TITLE filter: a pattern where % is any run and _ any one character (tasks-task-list.md). */
  const likePattern = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.')}$`,
      's',
    );
  const taskJson = (t: Task) => ({
    id: String(t.ID),
    title: t.TITLE,
    description: t.DESCRIPTION,
    responsibleId: String(t.RESPONSIBLE_ID),
    createdBy: String(t.CREATED_BY),
    deadline: t.DEADLINE,
    status: String(t.STATUS),
  });
  function taskMatches(t: Task, filter: Record<string, unknown>): boolean {
    for (const [key, wanted] of Object.entries(filter)) {
      const op = /^(>=|<)?(.*)$/.exec(key)!;
      const field = op[2]!;
      if (field === 'TITLE' && !likePattern(String(wanted)).test(t.TITLE)) return false;
      if (field === 'CREATED_BY' && t.CREATED_BY !== Number(wanted)) return false;
      if (field === 'RESPONSIBLE_ID' && t.RESPONSIBLE_ID !== Number(wanted)) return false;
      if (field === 'REAL_STATUS' && t.STATUS !== Number(wanted)) return false;
      if (field === 'DEADLINE' || field === 'CHANGED_DATE') {
        const a = toTime(t[field]);
        const w = toTime(wanted);
        if (op[1] === '>=' && !(a >= w)) return false;
        if (op[1] === '<' && !(a < w)) return false;
      }
    }
    return true;
  }

  /** The activities a filter keeps, remembered for the calls of one batch (its 50 pages ask the same filter). */
  let listedMemo: { key: string; rows: Activity[] } | undefined;
  function listed(filter: Record<string, unknown>): Activity[] {
    const key = JSON.stringify(filter);
    if (inBatch && listedMemo?.key === key) return listedMemo.rows;
    const rows = activities.filter((a) => !a.deleted && matches(a as unknown as Record<string, unknown>, filter));
    listedMemo = { key, rows };
    return rows;
  }
  let inBatch = false;

  /**
   * `batch` (settings/how-to-call-rest-api/batch.md): each command "method?query" run in order, up to
   * 50 (more end in ERROR_BATCH_LENGTH_EXCEEDED, a nested batch in ERROR_BATCH_METHOD_NOT_ALLOWED);
   * `halt` stops at the first error. PHP's empty maps answer as `[]`.
   */
  function batch(params: Record<string, unknown>): FakeResponse {
    const commands = Object.entries((params.cmd ?? {}) as Record<string, unknown>);
    if (commands.length === 0) return bad("Parameter 'cmd' is required", 'INVALID_REQUEST');
    const halt = params.halt === true || params.halt === 1 || params.halt === '1';
    const out: Record<string, Record<string, unknown>> = { result: {}, result_error: {}, result_total: {}, result_next: {} };
    inBatch = true;
    try {
      for (const [index, [key, command]] of commands.entries()) {
        const [inner = '', query = ''] = String(command).split('?', 2) as [string, string?];
        const answer =
          index >= BATCH_LENGTH
            ? { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' }
            : inner === 'batch'
              ? { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' }
              : (JSON.parse(call(inner, parsePhpQuery(query)).body) as Record<string, unknown>);
        if ('error' in answer) {
          out.result_error![key] = { error: answer.error, error_description: answer.error_description ?? '' };
          if (halt) break;
          continue;
        }
        out.result![key] = answer.result;
        if (typeof answer.total === 'number') out.result_total![key] = answer.total;
        if (typeof answer.next === 'number') out.result_next![key] = answer.next;
      }
    } finally {
      inBatch = false;
    }
    const php = (map: Record<string, unknown>) => (Object.keys(map).length > 0 ? map : []);
    return result({
      result: php(out.result!),
      result_error: php(out.result_error!),
      result_total: php(out.result_total!),
      result_next: php(out.result_next!),
    });
  }

  function call(method: string, params: Record<string, unknown>): FakeResponse {
    const filter = (params.filter ?? {}) as Record<string, unknown>;
    const start = Number(params.start ?? 0);
    switch (method) {
      case 'batch':
        return batch(params);
      case 'profile':
        return result({
          ID: FAKE_BITRIX24_USER_ID,
          ADMIN: true,
          NAME: 'Anna',
          LAST_NAME: 'Petrova',
          PERSONAL_GENDER: 'F',
          TIME_ZONE: 'Europe/Moscow',
        });
      case 'scope':
        return result(fake.scopes);
      case 'user.get': {
        // user/user-get.md names the parameter FILTER.
        const userFilter = (params.FILTER ?? {}) as Record<string, unknown>;
        const rows = users
          .filter((u) => userFilter.ACTIVE === undefined || u.ACTIVE === userFilter.ACTIVE)
          .map((u) => ({ ...u, ID: String(u.ID) }));
        return page(rows, start);
      }
      case 'crm.duplicate.findbycomm': {
        const values = (params.values as string[]) ?? [];
        if (params.type !== 'EMAIL' && params.type !== 'PHONE')
          return bad("Parameter 'type' is required.", 'Communication type is not defined');
        const ids = contacts
          .filter((c) =>
            params.type === 'EMAIL'
              ? c.EMAIL.some((e) => values.some((v) => v.toLowerCase() === e.VALUE.toLowerCase()))
              : c.PHONE.some((p) => values.some((v) => digits(v) === digits(p.VALUE))),
          )
          .map((c) => c.ID);
        // PHP's empty array when nothing matched.
        return result(ids.length > 0 ? { CONTACT: ids } : []);
      }
      case 'crm.contact.get': {
        const contact = contacts.find((c) => c.ID === Number(params.id));
        return contact
          ? result({ ...contact, ID: String(contact.ID), COMPANY_ID: contact.COMPANY_ID === null ? null : String(contact.COMPANY_ID) })
          : bad('Not found');
      }
      // The current universal methods for contacts (entityTypeId 3): crm/universal/crm-item-*.md.
      case 'crm.item.get':
      case 'crm.item.add':
      case 'crm.item.list': {
        if (Number(params.entityTypeId) !== 3) return bad('entityTypeId is required', 'NOT_FOUND');
        const item = (c: Contact) => ({ id: c.ID, entityTypeId: 3, name: c.NAME, companyId: c.COMPANY_ID ?? 0 });
        if (method === 'crm.item.list') return page(contacts.map(item), start);
        if (method === 'crm.item.get') {
          const contact = contacts.find((c) => c.ID === Number(params.id));
          return contact ? result({ item: item(contact) }) : bad('Not found', 'NOT_FOUND');
        }
        const fields = (params.fields as Record<string, unknown>) ?? {};
        const fm = (fields.fm as { typeId?: string; valueType?: string; value?: string }[] | undefined) ?? [];
        if (fm.some((f) => !f.typeId || !f.value)) return bad('fm: typeId and value are required', 'INVALID_ARG_VALUE');
        const multi = (type: string) =>
          fm.filter((f) => f.typeId === type).map((f) => ({ VALUE: f.value!, VALUE_TYPE: f.valueType ?? 'WORK' }));
        const contact: Contact = {
          ID: nextId++,
          NAME: String(fields.name ?? ''),
          COMPANY_ID: fields.companyId ? Number(fields.companyId) : null,
          EMAIL: multi('EMAIL'),
          PHONE: multi('PHONE'),
          WEB: multi('WEB'),
        };
        contacts.push(contact);
        return result({ item: item(contact) });
      }
      case 'crm.contact.list': {
        const web = filter.WEB as string | undefined;
        const rows = contacts.filter((c) => web === undefined || c.WEB.some((w) => w.VALUE === web));
        return page(
          rows.map((c) => pick({ ...c } as unknown as Record<string, unknown>, params.select)),
          start,
        );
      }
      case 'crm.contact.add': {
        const fields = params.fields as Record<string, unknown>;
        const contact: Contact = {
          ID: nextId++,
          NAME: String(fields.NAME ?? ''),
          COMPANY_ID: fields.COMPANY_ID ? Number(fields.COMPANY_ID) : null,
          EMAIL: (fields.EMAIL as Multi[]) ?? [],
          PHONE: (fields.PHONE as Multi[]) ?? [],
          WEB: (fields.WEB as Multi[]) ?? [],
        };
        contacts.push(contact);
        return result(contact.ID);
      }
      case 'crm.activity.list': {
        const rows = listed(filter);
        // Only the page's rows are shaped: a board at scale lists 145,000 rows 2,900 times.
        return result(
          rows.slice(start, start + PAGE).map((a) => pick(a as unknown as Record<string, unknown>, params.select)),
          { total: rows.length, ...(start + PAGE < rows.length ? { next: start + PAGE } : {}) },
        );
      }
      case 'crm.activity.add': {
        const f = params.fields as Record<string, unknown>;
        if (!f?.SUBJECT) return bad('The field SUBJECT is not defined or empty');
        if (![1, 2, 4].includes(Number(f.TYPE_ID))) return bad('The custom activity without provider is not supported in current context');
        if (!f.RESPONSIBLE_ID) return bad('The field RESPONSIBLE_ID is not defined or invalid');
        const communications = f.COMMUNICATIONS as { ENTITY_ID: number; ENTITY_TYPE_ID: number; VALUE?: string }[] | undefined;
        if (!Array.isArray(communications) || communications.length === 0) return bad('The field COMMUNICATIONS is not defined or invalid');
        if (Number(f.TYPE_ID) !== 1 && communications.length > 1)
          return bad('The only one communication is allowed for activity of specified type');
        const owner = contacts.find((c) => c.ID === Number(f.OWNER_ID));
        if (Number(f.OWNER_TYPE_ID) !== 3 || !owner)
          return bad('Could not build binding. Please ensure that owner info and communications are defined correctly');
        const typeId = Number(f.TYPE_ID);
        const activity: Activity = {
          ID: nextId++,
          OWNER_ID: owner.ID,
          OWNER_TYPE_ID: 3,
          TYPE_ID: typeId,
          DIRECTION: Number(f.DIRECTION ?? 0),
          COMPLETED: f.COMPLETED === 'Y' ? 'Y' : 'N',
          SUBJECT: String(f.SUBJECT),
          DESCRIPTION: String(f.DESCRIPTION ?? ''),
          START_TIME: String(f.START_TIME ?? ''),
          END_TIME: String(f.END_TIME ?? ''),
          RESPONSIBLE_ID: Number(f.RESPONSIBLE_ID),
          ORIGINATOR_ID: (f.ORIGINATOR_ID as string) ?? null,
          ORIGIN_ID: (f.ORIGIN_ID as string) ?? null,
          // Bitrix24 fills the value from the contact when only the entity is given.
          COMMUNICATIONS: communications.map((c) => {
            const type = typeId === 4 ? 'EMAIL' : 'PHONE';
            const value = c.VALUE ?? (typeId === 4 ? owner.EMAIL[0]?.VALUE : owner.PHONE[0]?.VALUE) ?? '';
            return { TYPE: type, VALUE: value, ENTITY_ID: c.ENTITY_ID, ENTITY_TYPE_ID: c.ENTITY_TYPE_ID };
          }),
          LAST_UPDATED: nowText(),
          deleted: false,
        };
        if (typeId === 4 && activity.DIRECTION === 2 && activity.COMPLETED === 'Y') fake.emailsSent++;
        activities.push(activity);
        return result(activity.ID);
      }
      case 'crm.activity.update': {
        const activity = activities.find((a) => a.ID === Number(params.id) && !a.deleted);
        if (!activity) return bad('Not found');
        const f = params.fields as Record<string, unknown>;
        if (f.COMPLETED === 'Y' || f.COMPLETED === 'N') activity.COMPLETED = f.COMPLETED;
        activity.LAST_UPDATED = nowText();
        return result(true);
      }
      case 'crm.activity.delete': {
        const activity = activities.find((a) => a.ID === Number(params.id) && !a.deleted);
        if (!activity) return bad('Not found');
        activity.deleted = true;
        return result(true);
      }
      case 'crm.timeline.comment.list': {
        // One CRM item's timeline: its two mandatory filter fields are the only ones the method page
        // names; any other key (AUTHOR_ID, CREATED) is ignored, as the portal ignores CREATED (bitrix-tools/b24-rest-docs#232).
        if (filter.ENTITY_ID === undefined || filter.ENTITY_TYPE === undefined) return bad('ENTITY_ID and ENTITY_TYPE are required');
        const rows = comments
          .filter((c) => !c.deleted && c.ENTITY_ID === Number(filter.ENTITY_ID) && c.ENTITY_TYPE === filter.ENTITY_TYPE)
          .sort((a, b) => b.ID - a.ID);
        return page(
          rows.map((c) => pick(c as unknown as Record<string, unknown>, params.select)),
          start,
        );
      }
      case 'crm.timeline.comment.add': {
        const f = params.fields as Record<string, unknown>;
        if (!f?.COMMENT || !ownerExists(f.ENTITY_TYPE, Number(f.ENTITY_ID))) return bad('Not found', 'NOT_FOUND');
        const comment: Comment = {
          ID: nextId++,
          ENTITY_ID: Number(f.ENTITY_ID),
          ENTITY_TYPE: String(f.ENTITY_TYPE),
          COMMENT: String(f.COMMENT),
          AUTHOR_ID: Number(f.AUTHOR_ID ?? FAKE_BITRIX24_USER_ID),
          CREATED: new Date(clock()).toISOString(),
          deleted: false,
        };
        comments.push(comment);
        return result(comment.ID);
      }
      case 'crm.timeline.comment.delete': {
        const comment = comments.find((c) => c.ID === Number(params.id) && c.ENTITY_ID === Number(params.ownerId) && !c.deleted);
        if (!comment) return bad('Not found.', 'NOT_FOUND');
        comment.deleted = true;
        return result(null);
      }
      case 'tasks.task.list': {
        const order = (params.order ?? {}) as Record<string, string>;
        const rows = tasks
          .filter((t) => !t.deleted && taskMatches(t, filter))
          .sort((a, b) => (String(order.ID).toLowerCase() === 'asc' ? a.ID - b.ID : b.ID - a.ID));
        const slice = rows.slice(start, start + PAGE).map(taskJson);
        return result({ tasks: slice }, { total: rows.length, ...(start + PAGE < rows.length ? { next: start + PAGE } : {}) });
      }
      case 'tasks.task.add': {
        const f = (params.fields ?? {}) as Record<string, unknown>;
        if (!f.TITLE) return jsonResponse({ error: 'ERROR_CORE', error_description: 'Task title not specified<br>' }, 400);
        if (!f.RESPONSIBLE_ID) return jsonResponse({ error: 'ERROR_CORE', error_description: 'Assignee not specified<br>' }, 400);
        const status = Number(f.STATUS ?? 2);
        if (![2, 3, 4, 5, 6].includes(status)) return jsonResponse({ error: 'ERROR_CORE', error_description: 'Invalid status<br>' }, 400);
        const task: Task = {
          ID: nextId++,
          TITLE: String(f.TITLE),
          DESCRIPTION: String(f.DESCRIPTION ?? ''),
          RESPONSIBLE_ID: Number(f.RESPONSIBLE_ID),
          CREATED_BY: Number(f.CREATED_BY ?? FAKE_BITRIX24_USER_ID),
          DEADLINE: String(f.DEADLINE ?? ''),
          // An add leaves a task waiting (status 2), whatever STATUS says: only tasks.task.complete closes it.
          STATUS: 2,
          CHANGED_DATE: nowText(),
          deleted: false,
        };
        tasks.push(task);
        return result({ task: taskJson(task) });
      }
      case 'tasks.task.complete': {
        const task = tasks.find((t) => t.ID === Number(params.taskId) && !t.deleted);
        if (!task) return jsonResponse({ error: 'ERROR_CORE', error_description: 'Task not found or not accessible' }, 400);
        task.STATUS = 5;
        task.CHANGED_DATE = nowText();
        return result({ task: taskJson(task) });
      }
      case 'tasks.task.delete': {
        const task = tasks.find((t) => t.ID === Number(params.taskId) && !t.deleted);
        if (!task) return jsonResponse({ error: 'ERROR_CORE', error_description: 'Task not found or not accessible' }, 400);
        task.deleted = true;
        return result({ task: true });
      }
      default:
        return jsonResponse({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' }, 404);
    }
  }

  const handle: FakeHandler = (httpMethod, url, _headers, body) => {
    const parsed = new URL(url);
    if (parsed.host !== FAKE_BITRIX24_PORTAL)
      return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' };
    const match = /^\/rest\/(\d+)\/([^/]+)\/([a-z0-9_.]+?)(?:\.json)?$/.exec(parsed.pathname);
    if (!match || httpMethod !== 'POST') return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' };
    if (limited > 0) {
      limited--;
      return jsonResponse({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }, 503, {
        'retry-after': String(limitedRetryAfter),
      });
    }
    if (match[1] !== FAKE_BITRIX24_USER_ID || match[2] !== FAKE_BITRIX24_CODE) {
      return jsonResponse({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }, 401);
    }
    const method = match[3]!;
    if (fake.deniedToUser.includes(method))
      return jsonResponse({ error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' }, 403);
    const scope = method.startsWith('crm.')
      ? 'crm'
      : method.startsWith('user.')
        ? 'user'
        : method.startsWith('tasks.')
          ? 'task'
          : undefined;
    if (scope && !fake.scopes.includes(scope)) {
      return jsonResponse(
        { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the webhook token' },
        401,
      );
    }
    let params: Record<string, unknown>;
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return bad('Invalid JSON', 'INVALID_REQUEST');
    }
    return call(method, params);
  };

  const transport = new FakeTransport(handle, clock);

  const fake: FakeBitrix24 = {
    crm: 'bitrix24',
    accountUserName: 'Anna Petrova',
    handle,
    transport,
    scopes: ['crm', 'user', 'task'],
    deniedToUser: [],
    emailsSent: 0,
    connectFields: { 'Webhook URL': FAKE_BITRIX24_WEBHOOK },
    secret: FAKE_BITRIX24_WEBHOOK,
    get offline() {
      return transport.offline;
    },
    set offline(value: boolean) {
      transport.offline = value;
    },
    install: (context) => transport.install(context, `https://${FAKE_BITRIX24_PORTAL}/**`),
    records(): FakeCrmRecord[] {
      const fromActivities = activities.map((a) => ({
        id: String(a.ID),
        type: 'crm.activity',
        ...(a.ORIGINATOR_ID === 'quota-radar' && a.ORIGIN_ID ? { activityId: a.ORIGIN_ID } : {}),
        ownerId: String(a.RESPONSIBLE_ID),
        contactIds: [String(a.OWNER_ID)],
        text: `${a.SUBJECT}\n${a.DESCRIPTION}`,
        deleted: a.deleted,
      }));
      const fromComments = comments.map((c) => {
        const id = /id=(\S+?) /.exec(c.COMMENT)?.[1];
        return {
          id: String(c.ID),
          type: 'crm.timeline.comment',
          ...(id ? { activityId: decodeURIComponent(id) } : {}),
          ownerId: String(c.AUTHOR_ID),
          contactIds: c.ENTITY_TYPE === 'contact' ? [String(c.ENTITY_ID)] : [],
          ...(c.ENTITY_TYPE !== 'contact' ? { timelineOf: `${c.ENTITY_TYPE}:${c.ENTITY_ID}` } : {}),
          text: c.COMMENT,
          deleted: c.deleted,
        };
      });
      const fromTasks = tasks.map((t) => {
        const id = /id=(\S+?) /.exec(t.DESCRIPTION)?.[1];
        return {
          id: String(t.ID),
          type: 'tasks.task',
          ...(id ? { activityId: decodeURIComponent(id) } : {}),
          ownerId: String(t.RESPONSIBLE_ID),
          contactIds: [],
          text: `${t.TITLE}\n${t.DESCRIPTION}`,
          deleted: t.deleted,
        };
      });
      return [...fromActivities, ...fromComments, ...fromTasks];
    },
    contacts: () =>
      contacts.map((c) => ({
        id: String(c.ID),
        ...(c.EMAIL[0] ? { email: c.EMAIL[0].VALUE } : {}),
        ...(c.PHONE[0] ? { phone: c.PHONE[0].VALUE } : {}),
      })),
    addContact(contact) {
      const id = nextId++;
      contacts.push({
        ID: id,
        NAME: contact.name ?? '',
        COMPANY_ID: null,
        EMAIL: contact.email ? [{ VALUE: contact.email, VALUE_TYPE: 'WORK' }] : [],
        PHONE: contact.phone ? [{ VALUE: contact.phone, VALUE_TYPE: 'WORK' }] : [],
        WEB: [],
      });
      return String(id);
    },
    addUser(user) {
      const [first, ...rest] = user.name.split(' ');
      users.push({ ID: Number(user.id), NAME: first ?? '', LAST_NAME: rest.join(' '), EMAIL: user.email ?? '', ACTIVE: true });
    },
    addActivity(activity) {
      const id = nextId++;
      activities.push({
        ID: id,
        OWNER_ID: Number(activity.contactId ?? 0),
        OWNER_TYPE_ID: 3,
        TYPE_ID: activity.typeId,
        DIRECTION: activity.direction,
        COMPLETED: 'Y',
        SUBJECT: 'Call',
        DESCRIPTION: '',
        START_TIME: activity.startTime,
        END_TIME: activity.startTime,
        RESPONSIBLE_ID: Number(activity.ownerId),
        ORIGINATOR_ID: null,
        ORIGIN_ID: null,
        COMMUNICATIONS: [],
        // Logged when it happened.
        LAST_UPDATED: activity.startTime,
        deleted: false,
      });
      return String(id);
    },
    editActivity(id, change) {
      const activity = activities.find((a) => a.ID === Number(id));
      if (!activity) throw new Error(`no activity ${id}`);
      if (change.ownerId !== undefined) activity.RESPONSIBLE_ID = Number(change.ownerId);
      if (change.deleted) activity.deleted = true;
      activity.LAST_UPDATED = nowText();
    },
    addItem(entity, title) {
      const id = nextId++;
      items.push({ ID: id, entity, TITLE: title });
      return String(id);
    },
    rateLimitNext(count, retryAfterSec) {
      limited = count;
      limitedRetryAfter = retryAfterSec;
    },
    requests: () => transport.log,
  };
  return fake;
}
