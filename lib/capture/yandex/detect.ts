import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { addressList, definedIds, emailAddress, epochMs, formFields, isObject, isSuccessStatus, parseJson, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { yandexRules } from './rules';

/**
 * Yandex Mail: `POST /web-api/do-send/liza1?_send=true`, form-encoded: `from_mailbox` (the
 * account), `to`/`cc`/`bcc` (address lists: `"Name" <a@b.c>, …`), `subj`, `send` (the body, never
 * read), `overwrite` (the draft's mid when it was saved before), `inreplyto` (Message-ID of the
 * replied message), `send_time` (a scheduled send), `nosend=yes` on draft saves,
 * `withUpdatedUndoAndDelayedErrorHandling=yes` when the client handles undo send, `_ckey`.
 * `?_save=true` is a draft save (auto-save too).
 * The answer: {"status":"ok",…} on success, {"status":"delayed_message_saved"} for a scheduled
 * send; failures say {"status":"error","message"|"error":…} or {"status":"ok","error":…}, and
 * {"limited":…} when recipients were refused.
 *
 * Undo: the message returns to a draft, which the client saves with `overwrite=<mid>`; that save
 * retracts a still-pending send of the same mid.
 */

type Outcome = 'sent' | 'scheduled' | 'failed' | 'unread';

function outcomeOf(observation: Observation): { outcome: Outcome; answer: Record<string, unknown> } {
  if (!isSuccessStatus(observation.response.status)) return { outcome: 'failed', answer: {} };
  if (observation.response.body === null) return { outcome: 'unread', answer: {} };
  const answer = parseJson(observation.response.body);
  if (!isObject(answer)) return { outcome: 'failed', answer: {} };
  const failed = (answer.error !== undefined && answer.error !== null && answer.error !== '') || answer.limited !== undefined;
  if (answer.status === 'ok' && !failed) return { outcome: 'sent', answer };
  if (answer.status === 'delayed_message_saved' && !failed) return { outcome: 'scheduled', answer };
  return { outcome: 'failed', answer };
}

/** `send_time` as epoch ms: the client sends epoch ms or seconds (unverified; anything else is ignored). */
function scheduledAt(value: string | null): number | undefined {
  const ms = epochMs(value);
  return ms !== undefined && ms < 1e11 ? ms * 1000 : ms;
}

function detect(observation: Observation): DetectorEvent[] {
  const url = new URL(observation.request.url);
  const query = url.searchParams;
  const fields = formFields(observation.request.body);
  const account = emailAddress(fields.get('from_mailbox')) ?? 'yandex';
  const draftMid = text(fields.get('overwrite'), 500);

  // `?_send=true&_save=true` and `nosend=yes` are saves, as the client's own watchers treat them.
  const isSend = query.get('_send') === 'true' && query.get('_save') !== 'true' && fields.get('nosend') !== 'yes';
  if (!isSend) {
    // A draft save of a mid whose send is still pending is the undo; it never undoes a counted send.
    return draftMid && isSuccessStatus(observation.response.status)
      ? [{ type: 'retract', dedupeKey: `yandex:${account}:${draftMid}`, onlyIfPending: true }]
      : [];
  }

  const { outcome, answer } = outcomeOf(observation);
  if (outcome === 'failed') return [];
  const storedMid = text(answer.storedmid, 500) ?? text(answer.mid, 500);
  const messageId = storedMid ?? draftMid ?? `t${observation.startedAt}`;
  const recipients: Recipient[] = [
    ...addressList(fields.get('to'), 'to'),
    ...addressList(fields.get('cc'), 'cc'),
    ...addressList(fields.get('bcc'), 'bcc'),
  ].slice(0, 500);
  const dueAt = scheduledAt(fields.get('send_time'));
  const scheduled = outcome === 'scheduled' || dueAt !== undefined;

  const capture: Capture = {
    kind: 'email',
    channel: 'yandex',
    occurredAt: dueAt ?? observation.startedAt,
    account,
    recipients,
    subtype: scheduled ? 'scheduled' : text(fields.get('inreplyto'), 1000) ? 'reply' : 'new',
    dedupeKey: `yandex:${account}:${messageId}`,
    detection: {
      method: 'page-request',
      source: 'yandex-do-send',
      ids: definedIds({ messageId, draftMid, rfcMessageId: text(answer.message_id, 500), inReplyTo: text(fields.get('inreplyto'), 500) }),
    },
  };
  const subject = text(fields.get('subj'), 1000);
  if (subject !== undefined) capture.subject = subject;
  if (scheduled) capture.hold = 'until-due';
  else if (fields.get('withUpdatedUndoAndDelayedErrorHandling') === 'yes') capture.hold = 'undo-window';
  return [{ type: 'record', capture }];
}

export const yandexDetector = defineDetector('yandex', yandexRules, detect);
