import type { Recipient } from '../../activity';
import { defineDetector } from '../define-detector';
import { definedIds, emailAddress, epochMs, isObject, isSuccessStatus, parseJson, recipient, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { gmailRules } from './rules';

/**
 * Gmail: sends, scheduled sends and draft saves in the sync API (`POST /sync/u/<N>/i/s`).
 *
 * The request body is a list of updates. Rather than trusting fixed positions at the top (they
 * moved between Gmail builds), we walk the whole JSON for message-like nodes: a node whose
 * first field is a `msg-a:r<digits>` id and which carries a sender and a label list. Inside a
 * node the field order is stable and shared by both encodings Gmail has used:
 *   - current array form: node[0] id, [1] sender [type, address, name], [2]/[3]/[4] to/cc/bcc,
 *     [6] timestamp ms, [7] subject, [8] body (never read), [10] labels,
 *     [13] RFC Message-ID (responses), [15] In-Reply-To (requests, replies only);
 *   - older keyed-object form: the same fields under 1-based string keys ("1" id, "2" sender...).
 *
 * Labels: `^pfg` = being sent, `^scheduled` = scheduled send, `^r` + `^r_bt` = draft save.
 * A draft save of an id that was just "sent" is how an Undo (or a cancelled scheduled send)
 * shows up, so it becomes a retract of that id while the record is still pending.
 */

const MESSAGE_ID = /^msg-a:r-?\d+$/;
const THREAD_ID = /^thread-[af]:/;
const RFC_ID = /^<[^<>\s]+>$/;

/** Field i of a message-like node in either encoding. */
function at(node: unknown, index: number): unknown {
  if (Array.isArray(node)) return node[index];
  if (isObject(node)) return node[String(index + 1)];
  return undefined;
}

function isLabelList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.startsWith('^'));
}

interface MessageNode {
  id: string;
  node: unknown;
  labels: string[];
  /** The nearest enclosing thread id, without Gmail's "|msg-…" suffix. */
  threadId?: string;
}

const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

/** Every message-like node in a parsed sync body, in document order. */
function findMessages(root: unknown): MessageNode[] {
  const found: MessageNode[] = [];
  let visited = 0;
  const visit = (node: unknown, threadId: string | undefined, depth: number): void => {
    if (depth > MAX_DEPTH || ++visited > MAX_NODES) return;
    if (!Array.isArray(node) && !isObject(node)) return;
    const first = at(node, 0);
    if (typeof first === 'string') {
      if (THREAD_ID.test(first)) threadId = first.split('|')[0];
      else if (MESSAGE_ID.test(first)) {
        const labels = at(node, 10);
        if (isLabelList(labels)) found.push({ id: first, node, labels, threadId });
      }
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) visit(child, threadId, depth + 1);
  };
  visit(root, undefined, 0);
  return found;
}

function sender(node: unknown): string | undefined {
  const from = at(node, 1);
  return emailAddress(at(from, 1));
}

function recipientsOf(node: unknown): Recipient[] {
  const out: Recipient[] = [];
  const roles = [
    [2, 'to'],
    [3, 'cc'],
    [4, 'bcc'],
  ] as const;
  for (const [index, role] of roles) {
    const list = at(node, index);
    if (!Array.isArray(list)) continue;
    for (const contact of list) {
      const r = recipient(at(contact, 1), at(contact, 2), role);
      if (r) out.push(r);
    }
  }
  return out;
}

/**
 * When a scheduled send is due. *Unverified*: no recording shows where Gmail keeps the chosen
 * time, so we take a top-level epoch-ms field of the node that lies well after its timestamp
 * (at least a minute, at most a year). Without one the timestamp is used and the background
 * counts the send at once.
 */
function scheduledTime(node: unknown, timestamp: number): number | undefined {
  const fields = Array.isArray(node) ? node : isObject(node) ? Object.values(node) : [];
  let best: number | undefined;
  for (const field of fields) {
    const ms = epochMs(field);
    if (ms === undefined || ms < timestamp + 60_000 || ms > timestamp + 366 * 86_400_000) continue;
    if (best === undefined || ms > best) best = ms;
  }
  return best;
}

type Kind = 'send' | 'scheduled' | 'draft' | 'other';

function kindOf(labels: string[]): Kind {
  if (labels.includes('^scheduled')) return 'scheduled';
  if (labels.includes('^pfg')) return 'send';
  if (labels.includes('^r') && labels.includes('^r_bt')) return 'draft';
  return 'other';
}

export function dedupeKeyFor(account: string, messageId: string): string {
  return `gmail:${account}:${messageId}`;
}

export function detectGmail(observation: Observation): DetectorEvent[] {
  if (!isSuccessStatus(observation.response.status)) return [];
  const requestMessages = findMessages(parseJson(observation.request.body));
  if (requestMessages.length === 0) return [];
  const responseById = new Map<string, MessageNode>();
  for (const m of findMessages(parseJson(observation.response.body))) responseById.set(m.id, m);

  const events: DetectorEvent[] = [];
  const sentIds = new Set<string>();
  for (const message of requestMessages) {
    const kind = kindOf(message.labels);
    if (kind !== 'send' && kind !== 'scheduled') continue;
    const account = sender(message.node);
    if (!account || sentIds.has(message.id)) continue;
    sentIds.add(message.id);

    const echoed = responseById.get(message.id);
    const timestamp = epochMs(at(message.node, 6)) ?? observation.startedAt;
    const rfcMessageId = [at(echoed?.node, 13), at(message.node, 13)].find((v): v is string => typeof v === 'string' && RFC_ID.test(v));
    // In-Reply-To is present on every recorded reply and absent on every new message.
    const inReplyTo = at(message.node, 15);
    const isReply = typeof inReplyTo === 'string' && RFC_ID.test(inReplyTo);

    const capture: Capture = {
      kind: 'email',
      channel: 'gmail',
      occurredAt: kind === 'scheduled' ? (scheduledTime(message.node, timestamp) ?? timestamp) : timestamp,
      account,
      recipients: recipientsOf(message.node),
      subject: text(at(message.node, 7), 1000),
      subtype: kind === 'scheduled' ? 'scheduled' : isReply ? 'reply' : 'new',
      dedupeKey: dedupeKeyFor(account, message.id),
      detection: {
        method: 'page-request',
        source: 'gmail-sync',
        ids: definedIds({
          messageId: message.id,
          threadId: message.threadId ?? echoed?.threadId,
          rfcMessageId,
        }),
      },
      hold: kind === 'scheduled' ? 'until-due' : 'undo-window',
    };
    if (capture.subject === undefined) delete capture.subject;
    events.push({ type: 'record', capture });
  }

  // Draft saves: an undone send or a cancelled scheduled send comes back as a draft of the same id.
  const retracted = new Set<string>();
  for (const message of requestMessages) {
    if (kindOf(message.labels) !== 'draft' || sentIds.has(message.id) || retracted.has(message.id)) continue;
    const account = sender(message.node);
    if (!account) continue;
    retracted.add(message.id);
    events.push({ type: 'retract', dedupeKey: dedupeKeyFor(account, message.id), onlyIfPending: true });
  }
  return events;
}

export const gmailDetector = defineDetector('gmail', gmailRules, detectGmail);
