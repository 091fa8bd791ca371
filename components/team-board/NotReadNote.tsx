import type { BoardGap } from '@/lib/crm/board-gaps';
import type { TeamBoard } from '@/lib/crm/team-board';
import { t } from '@/lib/i18n';

/** The words naming each kind of record a CRM's board cannot read (a new gap without words is a compile error). */
const NOT_READ_WORDS: Record<BoardGap['id'], string> = { bitrix24_timeline_comments: 'teamNotReadBitrix24Comments' };

/**
 * What the CRM's API does not let the board read, in words, with the quotas it leaves short
 * (issue 26: a board is complete or says exactly what it is missing).
 */
export function NotReadNote({ board, crm }: { board: TeamBoard; crm: string }) {
  return board.notRead?.map((gap) => {
    const quotas = board.quotas.filter((q) => gap.quotaIds.includes(q.quotaId)).map((q) => q.name);
    return (
      <p key={gap.id} role="alert" className="warning" data-testid="team-not-read" data-gap={gap.id}>
        {t(NOT_READ_WORDS[gap.id], [crm])}
        {quotas.length > 0 && ` ${t('teamNotReadQuotas', [quotas.join(', ')])}`}
      </p>
    );
  });
}
