import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { definedIds, emailAddress, isObject, isSuccessStatus, parseJson, recipient, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { yahooRules } from './rules';

/**
 * Yahoo Mail: `POST /ws/v3/batch?name=messages.saveAndSend…` with a form field `batchJson`:
 *   {"requests":[{"id":"SaveMessage","uri":"/ws/v3/mailboxes/@.id==<box>/messages…",
 *     "payloadParts":[{"payload":{"message":{"csid","id"?,"headers":{subject,from,to,cc,bcc},
 *     "inReplyTo"?…},"simpleBody":…}}],
 *     "requests":[{"id":"SendMessage","uri":"…/messages/@.id==<id or $(reference)>/send",…}]}]}
 * A request with id SendMessage or a `/send` uri is the send; the message it sends is the one
 * saved by its parent request (or named in its own payload, or the batch's only message).
 * The response is {"result":{"responses":[{"id","response":{"result":{"message":{"id"…}}}}],
 * "status":{"failedRequests":[…]}},"error":null}: any error for the send means no record.
 */

type Json = Record<string, unknown>;

interface BatchRequest {
  request: Json;
  /** The message saved by this request or its nearest ancestor. */
  message?: Json;
}

function batchJson(body: string | null): Json | undefined {
  if (!body) return undefined;
  const trimmed = body.trimStart();
  let raw: string | null | undefined;
  if (trimmed.startsWith('{')) raw = trimmed;
  else if (/^-{2}/.test(trimmed)) {
    // multipart/form-data text: the part named batchJson, up to the next boundary
    raw = /name="batchJson"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/.exec(trimmed)?.[1];
  } else raw = new URLSearchParams(trimmed).get('batchJson');
  const json = parseJson(raw);
  return isObject(json) ? json : undefined;
}

/** The message object a request carries, embedded or in a multipart part. */
function messageIn(request: Json): Json | undefined {
  const payloads: unknown[] = [request.payload];
  if (Array.isArray(request.payloadParts)) for (const part of request.payloadParts) if (isObject(part)) payloads.push(part.payload);
  for (const payload of payloads) if (isObject(payload) && isObject(payload.message)) return payload.message;
  return undefined;
}

function flatten(requests: unknown, inherited: Json | undefined, out: BatchRequest[], depth = 0): void {
  if (!Array.isArray(requests) || depth > 8) return;
  for (const request of requests) {
    if (!isObject(request)) continue;
    const message = messageIn(request) ?? inherited;
    out.push({ request, message });
    flatten(request.requests, message, out, depth + 1);
  }
}

function isSend(request: Json): boolean {
  return request.id === 'SendMessage' || (typeof request.uri === 'string' && /\/send(\?|$)/.test(request.uri));
}

function recipientsOf(headers: Json): Recipient[] {
  const out: Recipient[] = [];
  for (const role of ['to', 'cc', 'bcc'] as const) {
    const list = headers[role];
    if (!Array.isArray(list)) continue;
    for (const entry of list)
      if (isObject(entry)) {
        const r = recipient(entry.email, entry.name, role);
        if (r) out.push(r);
      }
  }
  return out;
}

interface BatchResponse {
  failed: boolean;
  byId: Map<string, Json>;
}

function batchResponse(body: string | null): BatchResponse {
  const byId = new Map<string, Json>();
  const json = parseJson(body);
  if (!isObject(json)) return { failed: false, byId };
  const result = isObject(json.result) ? json.result : {};
  const failedIds = isObject(result.status) && Array.isArray(result.status.failedRequests) ? result.status.failedRequests : [];
  for (const entry of Array.isArray(result.responses) ? result.responses : []) {
    if (isObject(entry) && typeof entry.id === 'string') byId.set(entry.id, entry);
  }
  const sendFailed = failedIds.some((f) => f === 'SendMessage' || (isObject(f) && f.id === 'SendMessage'));
  return { failed: (json.error !== null && json.error !== undefined) || sendFailed, byId };
}

function responseFailed(entry: Json | undefined): boolean {
  if (!entry) return false;
  const response = isObject(entry.response) ? entry.response : {};
  const code = typeof entry.httpCode === 'number' ? entry.httpCode : response.httpCode;
  return (response.error !== null && response.error !== undefined) || (typeof code === 'number' && code >= 400);
}

function resultMessage(entry: Json | undefined): Json | undefined {
  const response = entry && isObject(entry.response) ? entry.response : undefined;
  const result = response && isObject(response.result) ? response.result : undefined;
  return result && isObject(result.message) ? result.message : undefined;
}

/** The message id a `…/messages/@.id==<id>/send` uri names, unless it is a `$(…)` reference. */
function idInUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const id = /\/messages\/@\.id==([^/?]+)\/send/.exec(uri)?.[1];
  return id && !id.startsWith('$') ? id : undefined;
}

/** inReplyTo {messageReference:{id}, replied, forwarded} marks replies and forwards. */
function subtypeOf(inReplyTo: unknown): string {
  if (!isObject(inReplyTo)) return 'new';
  if (inReplyTo.forwarded === true) return 'forward';
  return inReplyTo.replied === true || isObject(inReplyTo.messageReference) ? 'reply' : 'new';
}

export function detectYahoo(observation: Observation): DetectorEvent[] {
  if (!isSuccessStatus(observation.response.status)) return [];
  const batch = batchJson(observation.request.body);
  if (!batch) return [];
  const requests: BatchRequest[] = [];
  flatten(batch.requests, undefined, requests);
  const sends = requests.filter((r) => isSend(r.request));
  if (sends.length === 0) return [];
  const onlyMessage = requests.map((r) => r.message).find(Boolean);
  const response = batchResponse(observation.response.body);
  if (response.failed) return [];

  const events: DetectorEvent[] = [];
  const seen = new Set<string>();
  for (const send of sends) {
    const sendId = typeof send.request.id === 'string' ? send.request.id : 'SendMessage';
    const sendResponse = response.byId.get(sendId);
    if (responseFailed(sendResponse)) continue;
    const message = send.message ?? onlyMessage ?? {};
    const saveResponse = requests
      .filter((r) => r.message === message && r !== send && typeof r.request.id === 'string')
      .map((r) => response.byId.get(r.request.id as string))
      .find(Boolean);
    const sent = resultMessage(sendResponse);
    const saved = resultMessage(saveResponse);
    const messageId =
      text(sent?.id, 500) ?? text(saved?.id, 500) ?? text(message.id, 500) ?? idInUri(send.request.uri) ?? text(message.csid, 500);
    if (!messageId) continue;
    const headers = isObject(message.headers) ? message.headers : {};
    const from = Array.isArray(headers.from) ? headers.from.find(isObject) : undefined;
    const account = emailAddress(from?.email) ?? 'yahoo';
    const dedupeKey = `yahoo:${account}:${messageId}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);

    const capture: Capture = {
      kind: 'email',
      channel: 'yahoo',
      occurredAt: observation.startedAt,
      account,
      recipients: recipientsOf(headers),
      subtype: subtypeOf(message.inReplyTo),
      dedupeKey,
      detection: {
        method: 'page-request',
        source: 'yahoo-batch',
        ids: definedIds({
          messageId,
          conversationId: text(sent?.conversationId, 500) ?? text(saved?.conversationId, 500),
          csid: text(message.csid, 500),
        }),
      },
    };
    const subject = text(headers.subject, 1000);
    if (subject !== undefined) capture.subject = subject;
    events.push({ type: 'record', capture });
  }
  return events;
}

export const yahooDetector = defineDetector('yahoo', yahooRules, detectYahoo);
