import type { BrowserContext } from '@playwright/test';
import type { CrmId } from '../../../lib/crm/types';

/**
 * An in-memory CRM served under the vendor's real API host with `context.route`, answering the
 * documented requests the client sends (each fake names its documentation pages). End-to-end tests
 * drive the extension and then read what reached the CRM here.
 */
export interface FakeCrmRecord {
  /** The CRM's record id. */
  id: string;
  /** The CRM's own type as the fake stores it ("call", "email", "meeting", "note", "crm.activity"…). */
  type: string;
  /** Our activity id, as the record carries it (external/origin id, marker). */
  activityId?: string;
  ownerId: string;
  /** Contact ids the record is associated with. */
  contactIds: string[];
  /** A record on another CRM item's timeline (Bitrix24: "deal:<id>", "lead:<id>"). */
  timelineOf?: string;
  /** The body or note text as written (the test checks no message body or unasked subject leaked). */
  text: string;
  /** Retracted in the CRM's own terms: archived (HubSpot), deleted (Pipedrive, Bitrix24), or marked retracted (amoCRM). */
  deleted: boolean;
}

export interface FakeCrm {
  crm: CrmId;
  /** Serves the CRM's API hosts in this context. */
  install(context: BrowserContext): Promise<void>;
  /** The name of the user the token/webhook belongs to, as the connection test shows it ("Connected to … as <name>"). */
  readonly accountUserName: string;
  /** What the form in Options → CRM is filled with to connect (field label → value). */
  connectFields: Record<string, string>;
  /** The secret among them (token, webhook URL): the page may show it masked, never whole. */
  readonly secret: string;
  records(): FakeCrmRecord[];
  contacts(): { id: string; email?: string; phone?: string }[];
  /** Adds a contact the sync should match. */
  addContact(contact: { email?: string; phone?: string; name?: string }): string;
  /** Adds a team member and activity records of theirs (team board). */
  addUser(user: { id: string; name: string; email?: string }): void;
  /** Answers the next `count` requests with 429 and this Retry-After (seconds). */
  rateLimitNext(count: number, retryAfterSec: number): void;
  /** While true, every request fails at the network level (route.abort). */
  offline: boolean;
  /** Every request received, for rate and idempotency checks. */
  requests(): { method: string; url: string; at: number }[];
}
