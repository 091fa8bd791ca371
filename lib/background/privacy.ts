import type { Recipient } from '../activity';
import type { Settings } from '../settings';

/**
 * The privacy rule, in one place: what is kept of the people a rep reached and of what was written
 * to them. Applied to captured activities, manual entries and their edits, and to what the
 * background learns from pages (LinkedIn conversation participants) before anything is stored.
 */
export type Privacy = Settings['privacy'];

/** A person as kept: without a name unless names are stored. */
export function keptRecipient(recipient: Recipient, privacy: Privacy): Recipient {
  if (privacy.storeRecipientNames || recipient.name === undefined) return recipient;
  const { name: _name, ...rest } = recipient;
  return rest;
}

export function keptRecipients(recipients: readonly Recipient[], privacy: Privacy): Recipient[] {
  return recipients.map((recipient) => keptRecipient(recipient, privacy));
}

/** A subject as kept: none unless subjects are stored. */
export function keptSubject(subject: string | undefined, privacy: Privacy): string | undefined {
  return privacy.storeSubjects ? subject : undefined;
}
