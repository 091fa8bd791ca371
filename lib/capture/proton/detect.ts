import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { definedIds, emailAddress, epochMs, formFields, isObject, isSuccessStatus, parseJson, recipient, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { protonRules } from './rules';

/**
 * Proton Mail (ProtonMail/WebClients, packages/shared/lib/api/messages.ts):
 * - send: `POST /api/mail/v4/messages/<id>` with {ExpirationTime, ExpiresIn, AutoSaveContacts,
 *   Packages, DelaySeconds, DeliveryTime} (JSON, or the same as form fields when sent as a form).
 *   Bodies and subjects are encrypted; each package names its recipients in clear as the keys of
 *   `Addresses` (`Packages[].Addresses["a@b.c"] = {Type, BodyKeyPacket…}`). Nothing else is read.
 * - direct send: `POST …/messages/send/direct` with {Message: {ToList, CCList, BCCList…}, Packages}.
 * - undo / unschedule: `POST …/messages/<id>/cancel_send` retracts a pending send.
 * The answer is {"Code":1000,"Sent":{"ID","ConversationID","Sender":{"Address"},"ToList",
 * "CCList","BCCList"…}}; any other Code (or HTTP error) is a failure.
 *
 * The dedupe key is `proton:<message id>`: cancel_send names only the id, and Proton's ids are
 * unique across accounts, so the key cannot carry the account (unlike the other sources).
 */

type Json = Record<string, unknown>;

/** Collection endpoints that share the `/messages/<word>` shape but are not a message id. */
const NOT_MESSAGE_IDS = new Set([
  'read',
  'unread',
  'delete',
  'undelete',
  'label',
  'unlabel',
  'empty',
  'move',
  'expire',
  'count',
  'unsubscribe',
  'mark',
  'send',
]);

function answerOf(observation: Observation): { ok: boolean; sent?: Json } {
  if (!isSuccessStatus(observation.response.status)) return { ok: false };
  if (observation.response.body === null) return { ok: true };
  const json = parseJson(observation.response.body);
  if (!isObject(json) || json.Code !== 1000) return { ok: false };
  return { ok: true, sent: isObject(json.Sent) ? json.Sent : undefined };
}

/** The request's send data: a JSON body, or form fields (`Packages[0][Addresses][a@b.c][Type]`). */
interface SendRequest {
  addresses: string[];
  delaySeconds?: number;
  deliveryTime?: number;
  message?: Json;
}

function requestOf(body: string | null): SendRequest | undefined {
  const json = parseJson(body);
  if (isObject(json)) {
    const packages = Array.isArray(json.Packages) ? json.Packages : isObject(json.Packages) ? Object.values(json.Packages) : undefined;
    if (!packages) return undefined;
    const addresses = packages.flatMap((p) => (isObject(p) && isObject(p.Addresses) ? Object.keys(p.Addresses) : []));
    return {
      addresses,
      delaySeconds: typeof json.DelaySeconds === 'number' ? json.DelaySeconds : undefined,
      deliveryTime: epochMs(json.DeliveryTime),
      message: isObject(json.Message) ? json.Message : undefined,
    };
  }
  const fields = formFields(body);
  const addresses: string[] = [];
  let hasPackages = false;
  for (const key of fields.keys()) {
    if (!key.startsWith('Packages')) continue;
    hasPackages = true;
    const address = /\[Addresses\]\[([^\]]+)\]/.exec(key)?.[1];
    if (address) addresses.push(address);
  }
  if (!hasPackages) return undefined;
  const delay = Number(fields.get('DelaySeconds'));
  return { addresses, delaySeconds: Number.isFinite(delay) ? delay : undefined, deliveryTime: epochMs(fields.get('DeliveryTime')) };
}

function listOf(value: unknown, role: 'to' | 'cc' | 'bcc'): Recipient[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const r = isObject(entry) ? recipient(entry.Address, entry.Name, role) : undefined;
    return r ? [r] : [];
  });
}

/** Recipients the request names, with their roles where the sent message (or direct send) lists them. */
function recipientsOf(addresses: string[], listed: Json | undefined): Recipient[] {
  const byAddress = new Map<string, Recipient>();
  if (listed) {
    for (const r of [...listOf(listed.ToList, 'to'), ...listOf(listed.CCList, 'cc'), ...listOf(listed.BCCList, 'bcc')]) {
      if (r.address && !byAddress.has(r.address)) byAddress.set(r.address, r);
    }
  }
  const out: Recipient[] = [];
  const seen = new Set<string>();
  for (const address of addresses) {
    const plain = recipient(address, undefined, 'to');
    if (!plain?.address || seen.has(plain.address)) continue;
    seen.add(plain.address);
    const known = byAddress.get(plain.address);
    out.push(known ?? { address: plain.address });
    if (out.length >= 500) break;
  }
  return out;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function detect(observation: Observation): DetectorEvent[] {
  const path = new URL(observation.request.url).pathname;
  const segments = path.split('/');
  const cancel = path.endsWith('/cancel_send');
  const idSegment = safeDecode(segments[cancel ? segments.length - 2 : segments.length - 1] ?? '');
  const direct = path.endsWith('/send/direct');
  if (!direct && (idSegment.length === 0 || NOT_MESSAGE_IDS.has(idSegment))) return [];

  const answer = answerOf(observation);
  if (!answer.ok) return [];
  if (cancel) return [{ type: 'retract', dedupeKey: `proton:${idSegment.slice(0, 500)}`, onlyIfPending: true }];

  const request = requestOf(observation.request.body);
  if (!request) return [];
  const messageId = text(answer.sent?.ID, 500) ?? (direct ? undefined : text(idSegment, 500));
  if (!messageId) return [];
  const sender = isObject(answer.sent?.Sender) ? answer.sent.Sender : undefined;
  const account = emailAddress(sender?.Address) ?? emailAddress(answer.sent?.SenderAddress) ?? 'proton';
  const deliveryAt = request.deliveryTime !== undefined && request.deliveryTime < 1e11 ? request.deliveryTime * 1000 : request.deliveryTime;

  const capture: Capture = {
    kind: 'email',
    channel: 'proton',
    occurredAt: deliveryAt ?? observation.startedAt,
    account,
    recipients: recipientsOf(request.addresses, answer.sent ?? request.message),
    subtype: deliveryAt !== undefined ? 'scheduled' : 'new',
    dedupeKey: `proton:${messageId}`,
    detection: {
      method: 'page-request',
      source: direct ? 'proton-send-direct' : 'proton-send',
      ids: definedIds({ messageId, conversationId: text(answer.sent?.ConversationID, 500) }),
    },
  };
  if (deliveryAt !== undefined) capture.hold = 'until-due';
  else if ((request.delaySeconds ?? 0) > 0) {
    capture.hold = 'undo-window';
    // The user's own undo setting rides with each send: hold exactly that long (cut to the schema's bounds).
    capture.holdSeconds = Math.min(600, Math.max(1, Math.ceil(request.delaySeconds as number)));
  }
  return [{ type: 'record', capture }];
}

export const protonDetector = defineDetector('proton', protonRules, detect);
