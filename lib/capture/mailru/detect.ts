import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { addressList, definedIds, emailAddress, epochMs, formFields, isObject, isSuccessStatus, parseJson, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { mailruRules } from './rules';

/**
 * Mail.ru: `POST /api/v1/(k8s/)messages/send`, form-encoded: `email` (the account), `from`
 * ("Name <addr>"), `correspondents` (JSON {"to","cc","bcc"} of address lists), `subject`, `body`
 * (JSON, never read), `source` (JSON {"draft","reply","forward","schedule"}), `send_date` (epoch
 * seconds of a scheduled send, empty otherwise), `delay_for_cancellation` ("true" when undo send is
 * on), `id` (the compose window's id) and `token`.
 * The answer is {"status":200,"body":{"id":"<message id>","cancellation_token":"…"},"email":…};
 * an error keeps HTTP 200 and names another status ({"status":403,"body":"token"}).
 */

type Json = Record<string, unknown>;

function jsonField(fields: URLSearchParams, name: string): Json {
  const value = parseJson(fields.get(name));
  return isObject(value) ? value : {};
}

/** The answer: `ok` with the server's message id, `failed`, or `unread` (the tap kept no body). */
function answerOf(observation: Observation): { outcome: 'ok' | 'failed' | 'unread'; body: Json } {
  if (!isSuccessStatus(observation.response.status)) return { outcome: 'failed', body: {} };
  if (observation.response.body === null) return { outcome: 'unread', body: {} };
  const json = parseJson(observation.response.body);
  if (!isObject(json)) return { outcome: 'failed', body: {} };
  const ok = json.status === 200 || json.status === '200' || json.status === 'ok';
  return { outcome: ok ? 'ok' : 'failed', body: isObject(json.body) ? json.body : {} };
}

function subtypeOf(source: Json): string {
  if (text(source.forward, 500)) return 'forward';
  if (text(source.reply, 500)) return 'reply';
  return 'new';
}

function detect(observation: Observation): DetectorEvent[] {
  const answer = answerOf(observation);
  if (answer.outcome === 'failed') return [];
  const fields = formFields(observation.request.body);
  const composeId = text(fields.get('id'), 500);
  const messageId = text(answer.body.id, 500) ?? composeId;
  if (!messageId) return [];
  const fromAngle = /<([^<>]+)>\s*$/.exec(fields.get('from') ?? '')?.[1];
  const account = emailAddress(fields.get('email')) ?? emailAddress(fromAngle) ?? 'mailru';

  const correspondents = jsonField(fields, 'correspondents');
  const recipients: Recipient[] = [
    ...addressList(correspondents.to, 'to'),
    ...addressList(correspondents.cc, 'cc'),
    ...addressList(correspondents.bcc, 'bcc'),
  ].slice(0, 500);
  const source = jsonField(fields, 'source');
  const sendDate = epochMs(fields.get('send_date'));
  const scheduledAt = sendDate !== undefined && sendDate < 1e11 ? sendDate * 1000 : sendDate;

  const capture: Capture = {
    kind: 'email',
    channel: 'mailru',
    occurredAt: scheduledAt ?? observation.startedAt,
    account,
    recipients,
    subtype: scheduledAt !== undefined ? 'scheduled' : subtypeOf(source),
    dedupeKey: `mailru:${account}:${messageId}`,
    detection: {
      method: 'page-request',
      source: 'mailru-send',
      ids: definedIds({ messageId, composeId, draftId: text(source.draft, 500) }),
    },
  };
  const subject = text(fields.get('subject'), 1000);
  if (subject !== undefined) capture.subject = subject;
  // Not held for Mail.ru's undo (delay_for_cancellation, the answer's cancellation_token): the
  // request its undo bar makes is not known, so nothing could retract the send; a hold would only
  // show "pending" and then count it anyway (README, "Honest counting"; issue 27).
  if (scheduledAt !== undefined) capture.hold = 'until-due';
  return [{ type: 'record', capture }];
}

export const mailruDetector = defineDetector('mailru', mailruRules, detect);
