import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { definedIds, emailAddress, isObject, isSuccessStatus, parseJson, recipient, safeDecode, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { detectOutlookMeeting } from './meeting';
import { requestJson } from './request-json';
import { outlookRules } from './rules';

/**
 * Outlook on the web: `POST …/service.svc?action=CreateItem|UpdateItem|SendItem`.
 *
 * - CreateItem: `Body.Items[]` are new messages; `Body.MessageDisposition` SendAndSaveCopy or
 *   SendOnly sends them, SaveOnly only saves a draft.
 * - UpdateItem: `Body.ItemChanges[]` = { ItemId, Updates[].Item } changes to a saved draft;
 *   with a sending disposition the draft goes out.
 * - SendItem: `Body.ItemIds[]` sends saved drafts; it names the items only (no recipients).
 * The JSON travels in the body or, for small payloads, URL-encoded in `x-owa-urlpostdata`.
 * The response lists one `ResponseMessages.Items[i]` per request item: only `ResponseClass`
 * "Success" counts.
 *
 * De-duplication (`outlook:<id>`): the draft's request ItemId when there is one (UpdateItem,
 * SendItem), so that an UpdateItem+SendItem pair for the same draft records once; otherwise the
 * response's ItemId, then its InternetMessageId, then the request's correlation id. The key
 * carries no account: a SendItem names no sender, and Exchange item ids are unique per
 * mailbox already, so adding an account that the two requests might derive differently would
 * split the pair.
 */

type Action = 'CreateItem' | 'UpdateItem' | 'SendItem';
const ACTIONS: readonly string[] = ['CreateItem', 'UpdateItem', 'SendItem'];
const SENDING = ['SendAndSaveCopy', 'SendOnly'];
/** PidTagDeferredSendTime, which Exchange clients may set as an extended property. */
const DEFERRED_SEND_TAG = /^(0x3fef|16367)$/i;

const COMPOSE_SUBTYPE: Record<string, string> = {
  newmail: 'new',
  reply: 'reply',
  replyall: 'reply',
  forward: 'forward',
};

/** What one request item (a new message, a draft change, a draft id) says. */
interface Unit {
  itemId?: string;
  fields: Record<string, unknown>[];
}

function actionOf(observation: Observation, url: URL): Action | undefined {
  const fromUrl = url.searchParams.get('action');
  const action = fromUrl ?? observation.request.headers.action;
  return action !== undefined && ACTIONS.includes(action) ? (action as Action) : undefined;
}

function idOf(value: unknown): string | undefined {
  return isObject(value) ? text(value.Id, 580) : undefined;
}

function unitsOf(action: Action, body: Record<string, unknown>): Unit[] {
  const list = (key: string): unknown[] => (Array.isArray(body[key]) ? (body[key] as unknown[]) : []);
  if (action === 'CreateItem')
    return list('Items')
      .filter(isObject)
      .map((item) => ({ fields: [item] }));
  if (action === 'SendItem') return list('ItemIds').map((id) => ({ itemId: idOf(id), fields: [] }));
  return list('ItemChanges')
    .filter(isObject)
    .map((change) => ({
      itemId: idOf(change.ItemId),
      fields: (Array.isArray(change.Updates) ? change.Updates : [])
        .map((update: unknown) => (isObject(update) && isObject(update.Item) ? update.Item : undefined))
        .filter(isObject),
    }));
}

function first<T>(fields: Record<string, unknown>[], pick: (item: Record<string, unknown>) => T | undefined): T | undefined {
  for (const item of fields) {
    const value = pick(item);
    if (value !== undefined) return value;
  }
  return undefined;
}

function mailboxAddress(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  return emailAddress(isObject(value.Mailbox) ? value.Mailbox.EmailAddress : value.EmailAddress);
}

function recipientsOf(fields: Record<string, unknown>[]): Recipient[] {
  const out: Recipient[] = [];
  const roles = [
    ['ToRecipients', 'to'],
    ['CcRecipients', 'cc'],
    ['BccRecipients', 'bcc'],
  ] as const;
  for (const [key, role] of roles) {
    const list = first(fields, (item) => (Array.isArray(item[key]) ? (item[key] as unknown[]) : undefined)) ?? [];
    for (const entry of list) {
      if (!isObject(entry)) continue;
      const box = isObject(entry.Mailbox) ? entry.Mailbox : entry;
      const r = recipient(box.EmailAddress, box.Name, role);
      if (r) out.push(r);
    }
  }
  return out;
}

function deferredSendTime(fields: Record<string, unknown>[]): number | undefined {
  return first(fields, (item) => {
    let value: unknown = item.DeferredSendTime;
    if (value === undefined && Array.isArray(item.ExtendedProperty)) {
      const prop = item.ExtendedProperty.find(
        (p: unknown) => isObject(p) && isObject(p.ExtendedFieldURI) && DEFERRED_SEND_TAG.test(String(p.ExtendedFieldURI.PropertyTag)),
      );
      value = isObject(prop) ? prop.Value : undefined;
    }
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  });
}

/** The sending mailbox when the item does not name it: x-anchormailbox, then an address in the URL or page URL. */
function mailboxFromContext(observation: Observation, url: URL): string | undefined {
  const anchor = observation.request.headers['x-anchormailbox'];
  const fromHeader = emailAddress(anchor?.replace(/^smtp:/i, ''));
  if (fromHeader) return fromHeader;
  const inPath = (path: string) =>
    path
      .split('/')
      .map((s) => emailAddress(safeDecode(s)))
      .find(Boolean);
  let pagePath = '';
  try {
    pagePath = new URL(observation.pageUrl).pathname;
  } catch {
    // not a URL: no mailbox there
  }
  return inPath(url.pathname) ?? inPath(pagePath);
}

interface ResponseMessage {
  success: boolean;
  itemId?: string;
  internetMessageId?: string;
}

function responseMessages(body: string | null): ResponseMessage[] {
  const json = parseJson(body);
  if (!isObject(json)) return [];
  const container = isObject(json.Body) ? json.Body : json;
  const messages = isObject(container.ResponseMessages) ? container.ResponseMessages.Items : undefined;
  if (!Array.isArray(messages)) return [];
  return messages.filter(isObject).map((message) => {
    const items = Array.isArray(message.Items) ? message.Items.filter(isObject) : [];
    return {
      success: message.ResponseClass === 'Success',
      itemId: first(items, (item) => idOf(item.ItemId)),
      internetMessageId: first(items, (item) => text(item.InternetMessageId, 500)),
    };
  });
}

export function detectOutlook(observation: Observation): DetectorEvent[] {
  if (!isSuccessStatus(observation.response.status)) return [];
  const url = new URL(observation.request.url);
  const action = actionOf(observation, url);
  const json = action && requestJson(observation);
  if (!action || !json) return [];
  const body = isObject(json.Body) ? json.Body : json;
  if (action !== 'SendItem' && !SENDING.includes(String(body.MessageDisposition))) return [];

  const responses = responseMessages(observation.response.body);
  const units = unitsOf(action, body);
  const context = mailboxFromContext(observation, url);
  const correlation = text(observation.request.headers['client-request-id'] ?? observation.request.headers['x-owa-correlationid'], 200);
  const composeOperation = text(body.ComposeOperation, 50)?.toLowerCase();

  const events: DetectorEvent[] = [];
  units.forEach((unit, index) => {
    const response = responses[index] ?? (responses.length === 1 ? responses[0] : undefined);
    if (!response?.success) return;
    const id =
      unit.itemId ??
      response.itemId ??
      response.internetMessageId ??
      (correlation && `${correlation}${units.length > 1 ? `#${index}` : ''}`);
    if (!id) return;
    const account = first(unit.fields, (item) => mailboxAddress(item.From) ?? mailboxAddress(item.Sender)) ?? context ?? 'outlook';
    const due = deferredSendTime(unit.fields);
    const scheduled = due !== undefined && due > observation.startedAt;
    const capture: Capture = {
      kind: 'email',
      channel: 'outlook',
      occurredAt: scheduled ? due : observation.startedAt,
      account,
      recipients: recipientsOf(unit.fields),
      dedupeKey: `outlook:${id}`,
      detection: {
        method: 'page-request',
        source: `owa-${action}`,
        ids: definedIds({
          itemId: unit.itemId ?? response.itemId,
          internetMessageId: response.internetMessageId,
        }),
      },
    };
    const subject = first(unit.fields, (item) => text(item.Subject, 1000));
    if (subject !== undefined) capture.subject = subject;
    const subtype = scheduled ? 'scheduled' : composeOperation && COMPOSE_SUBTYPE[composeOperation];
    if (subtype) capture.subtype = subtype;
    if (scheduled) capture.hold = 'until-due';
    events.push({ type: 'record', capture });
  });
  return events;
}

/**
 * Sends, and meeting requests with an attendee outside the internal domains (meeting.ts). A
 * meeting's CreateItem carries a calendar item and no MessageDisposition, so the mail half ignores it.
 */
export const outlookDetector = defineDetector('outlook', outlookRules, (observation, context) => [
  ...detectOutlook(observation),
  ...detectOutlookMeeting(observation, { internalDomains: context.internalDomains ?? [] }),
]);
