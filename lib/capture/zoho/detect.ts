import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { addressList, definedIds, emailAddress, formFields, isObject, isSuccessStatus, parseJson, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { zohoRules } from './rules';

/**
 * Zoho Mail: `POST /zm/send.do`, form-encoded with the session's `x-zcsrf-token` header, carrying
 * `accId`, `from`, `to`, `cc`, `bcc` (address lists), `subject`, `content` (the body, never read),
 * `mymId` (the original message on replies and forwards), `fwdInlineMode` (forwards),
 * `originalMode`, and `sendImm=true` for an immediate send; draft saves and auto-saves post the
 * same form without `sendImm=true` (`mode=draft` / `saveAsDraft=true`).
 * The answer's shape is not public: a JSON answer that names a failure (`status` other than
 * success, `error`, a `code` ≥ 400) is one; the message id is read from `msgId`/`messageId`
 * where present.
 */

type Json = Record<string, unknown>;

function answerOf(observation: Observation): { ok: boolean; answer: Json } {
  if (!isSuccessStatus(observation.response.status)) return { ok: false, answer: {} };
  const body = observation.response.body;
  if (body === null || body.trim().length === 0) return { ok: true, answer: {} };
  const json = parseJson(body);
  if (!isObject(json)) return { ok: !/\b(error|failure|failed)\b/i.test(body.slice(0, 2000)), answer: {} };
  const data = isObject(json.data) ? json.data : {};
  const status =
    typeof json.status === 'string'
      ? json.status.toLowerCase()
      : typeof json.status === 'object' && isObject(json.status)
        ? String(json.status.description ?? '').toLowerCase()
        : undefined;
  const code =
    typeof json.code === 'number'
      ? json.code
      : isObject(json.status) && typeof json.status.code === 'number'
        ? json.status.code
        : undefined;
  const failed =
    (json.error !== undefined && json.error !== null && json.error !== '') ||
    (status !== undefined && !['success', 'ok', 'sent'].includes(status)) ||
    (code !== undefined && code >= 400);
  return { ok: !failed, answer: { ...data, ...json } };
}

function detect(observation: Observation): DetectorEvent[] {
  const fields = formFields(observation.request.body);
  const isDraft = fields.get('mode') === 'draft' || fields.get('saveAsDraft') === 'true' || fields.get('isDraft') === 'true';
  if (fields.get('sendImm') !== 'true' || isDraft) return [];
  const { ok, answer } = answerOf(observation);
  if (!ok) return [];

  const fromAngle = /<([^<>]+)>\s*$/.exec(fields.get('from') ?? '')?.[1];
  const account = emailAddress(fromAngle) ?? emailAddress(fields.get('from')) ?? 'zoho';
  const messageId = text(answer.msgId, 500) ?? text(answer.messageId, 500) ?? text(answer.mailId, 500);
  const recipients: Recipient[] = [
    ...addressList(fields.get('to'), 'to'),
    ...addressList(fields.get('cc'), 'cc'),
    ...addressList(fields.get('bcc'), 'bcc'),
  ].slice(0, 500);
  const originalId = text(fields.get('mymId'), 500);
  const subtype = originalId ? (fields.get('fwdInlineMode') ? 'forward' : 'reply') : 'new';
  // Without an id in the answer, the request's start time keeps each send distinct (one observation per send).
  const key = messageId ?? `t${observation.startedAt}`;

  const capture: Capture = {
    kind: 'email',
    channel: 'zoho',
    occurredAt: observation.startedAt,
    account,
    recipients,
    subtype,
    dedupeKey: `zoho:${account}:${key}`,
    detection: {
      method: 'page-request',
      source: 'zoho-send',
      ids: definedIds({ messageId, originalId, accountId: text(fields.get('accId'), 200) }),
    },
  };
  const subject = text(fields.get('subject'), 1000);
  if (subject !== undefined) capture.subject = subject;
  return [{ type: 'record', capture }];
}

export const zohoDetector = defineDetector('zoho', zohoRules, detect);
