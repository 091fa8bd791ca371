import type { ActivityKind } from '../activity';
import type { CrmRecordKind } from './types';

// Its own module, free of the capture registry outbox.ts pulls in: the board (board-gaps.ts) needs it too.
/** What each of our kinds becomes in a CRM (deals and opportunities only as notes). */
export function recordKindOf(kind: ActivityKind): CrmRecordKind {
  switch (kind) {
    case 'call':
      return 'call';
    case 'email':
      return 'email';
    case 'meeting':
      return 'meeting';
    case 'linkedin_message':
    case 'inmail':
    case 'linkedin_invite':
    case 'messenger_message':
      return 'message';
    default:
      return 'note';
  }
}
