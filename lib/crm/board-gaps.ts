import type { Quota } from '../settings';
import { recordKindOf } from './record-kind';
import type { BoardGap } from './types';

/**
 * What the board could not read, as the board says it (issue 26: complete, or named as incomplete
 * with what is missing; never silently short). A CRM client declares its gaps (`CrmClient.boardGaps`);
 * here each is tied to the quotas whose kinds the sync writes as those records, so the board can
 * say which of its numbers read low.
 */
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
