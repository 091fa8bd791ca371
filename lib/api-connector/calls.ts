import type { CallOutcome } from '../activity';
import type { ApiSourceDescriptorOf } from '../capture/all-sources';
import type { Capture } from '../capture/types';

/** A call as every phone-system connector reads it from its vendor's log. */
export interface PhoneCall {
  /** The vendor's id of the call: the de-duplication key is `<vendor>:<id>`. */
  id: string;
  direction: 'outbound' | 'inbound';
  /** Epoch ms when the call started (dialling). */
  startedAt: number;
  /** Talk time in seconds; 0 when nobody answered. */
  durationSec: number;
  outcome: CallOutcome;
  /** The other party's number: E.164 when it could be had, undefined for internal or hidden numbers. */
  otherNumber?: string;
  /** Which of the account's lines or users made it, in the vendor's terms (user id, SIP id, extension). */
  line?: string;
  /** The vendor record's own words for how it ended, kept in the detection ids. */
  vendorResult?: string;
}

/** The API sources whose descriptors say they capture calls. */
export type PhoneVendor = Extract<ApiSourceDescriptorOf, { captures: 'call' }>['id'];

export interface CallOwner {
  /** The account activities are recorded under (the rep's email or line label). */
  account: string;
  /**
   * The rep's own lines in the vendor's terms. An account-wide key (Aircall, Zadarma, Mango) sees
   * everyone's calls: only these count. Empty means every call the key can see is the rep's
   * (RingCentral's `extension/~`, which is already the signed-in user's).
   */
  lines: readonly string[];
}

/** The outbound calls of the rep's own lines as captures: kind call, de-duplicated by the vendor's id. */
export function callsToCaptures(vendor: PhoneVendor, source: string, calls: readonly PhoneCall[], owner: CallOwner): Capture[] {
  const lines = new Set(owner.lines.map((l) => l.trim().toLowerCase()));
  const captures: Capture[] = [];
  for (const call of calls) {
    if (call.direction !== 'outbound') continue;
    if (lines.size > 0 && (call.line === undefined || !lines.has(call.line.toLowerCase()))) continue;
    const ids: Record<string, string> = { call: call.id };
    if (call.line !== undefined) ids.line = call.line.slice(0, 500);
    if (call.vendorResult !== undefined) ids.result = call.vendorResult.slice(0, 500);
    captures.push({
      kind: 'call',
      channel: vendor,
      occurredAt: call.startedAt,
      account: owner.account,
      recipients: call.otherNumber !== undefined ? [{ phone: call.otherNumber, role: 'to' }] : [],
      subtype: 'outbound',
      dedupeKey: `${vendor}:${call.id}`,
      detection: { method: 'api', source, ids },
      outcome: call.outcome,
      durationSec: Math.min(86_400, Math.max(0, Math.round(call.durationSec))),
    });
  }
  return captures;
}
