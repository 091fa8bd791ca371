import type { Quota } from '../settings';
import { recordKindOf } from './record-kind';
import type { CrmClient } from './types';

/**
 * What the board could not read, as the board says it (issue 26: complete, or named as incomplete
 * with what is missing; never silently short). A CRM client declares its gaps (`CrmClient.boardGaps`);
 * here each is tied to the quotas whose kinds the sync writes as those records, so the board can
 * say which of its numbers read low.
 */
/**
 * Records the sync writes that the CRM's API gives the board no way to read at an acceptable cost.
 * `kinds`: our record kinds always written that way (the board names the quotas counting them).
 */
export type BoardGap = NonNullable<CrmClient['boardGaps']>[number];

export interface BoardNotRead {
  id: BoardGap['id'];
  kinds: BoardGap['kinds'];
  /** The quotas counting an activity kind the sync writes as such a record (their "done" is short of it). */
  quotaIds: string[];
}

export function boardNotRead(gaps: readonly BoardGap[], quotas: readonly Pick<Quota, 'id' | 'kinds'>[]): BoardNotRead[] {
  return gaps.map((gap) => ({
    id: gap.id,
    kinds: gap.kinds,
    quotaIds: quotas.filter((q) => q.kinds.some((kind) => gap.kinds.includes(recordKindOf(kind)))).map((q) => q.id),
  }));
}

/**
 * What a board says it cannot see of its CRM, beside its numbers: the "updated" bound of a list that
 * filters by last change only, and the records the API gives no way to read (issue 26).
 */
export function boardCaveats(
  client: Pick<CrmClient, 'boardUpdatedWithinMs' | 'boardGaps'>,
  quotas: readonly Pick<Quota, 'id' | 'kinds'>[],
): { updatedWithinMs?: number; notRead?: BoardNotRead[] } {
  const notRead = boardNotRead(client.boardGaps ?? [], quotas);
  return {
    ...(client.boardUpdatedWithinMs !== undefined ? { updatedWithinMs: client.boardUpdatedWithinMs } : {}),
    ...(notRead.length > 0 ? { notRead } : {}),
  };
}
