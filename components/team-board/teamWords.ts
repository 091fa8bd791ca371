import { errorInWords } from '@/lib/connections';
import { CRM_DESCRIPTORS } from '@/lib/crm/registry';
import type { BoardCell, BoardQuota } from '@/lib/crm/team-board';
import { crmCredentialFields, type TeamBoard, type TeamError } from '@/lib/crm/team-board';
import type { CrmId } from '@/lib/crm/types';
import { t, uiLocale } from '@/lib/i18n';
import { formatMeasure } from '../amount';
import { formatDate, formatShortDateTime } from '../format';

/** The CRM's name as its descriptor in the registry declares it, the one place CRM names are written (product names are not translated). */
export function crmLabel(id: CrmId): string {
  return CRM_DESCRIPTORS[id].label;
}

/** A connect form field's label, as Options → CRM names it ("API token", "Incoming webhook URL"). */
export function fieldLabel(crm: CrmId, name: string): string {
  const field = crmCredentialFields(crm).find((f) => f.name === name);
  return field ? t(field.label) : name;
}

/** What went wrong, in the manager's words: what to do about it, not an HTTP status (the connections kit's). */
export function teamErrorText(error: TeamError, crm: string, timeZone: string): string {
  return errorInWords(error, 'team', crm, (ms) => formatShortDateTime(ms, timeZone));
}

/** A pace in words; a met target says so. */
export function paceText(cell: BoardCell): string {
  return cell.met ? t('paceMet') : t(`pace_${cell.pace}`);
}

export function showMeasure(value: number, quota: Pick<BoardQuota, 'measure' | 'currency'>): string {
  return formatMeasure(value, quota.measure, quota.currency, uiLocale());
}

const round = (n: number) => String(Math.round(n * 100) / 100);

/** The board as rows for a spreadsheet (toCsv protects every cell against formulas): a row per rep, then the team. */
export function boardRows(board: TeamBoard, periodName: string): string[][] {
  const rows: string[][] = [[t('reportPeriod'), periodName, formatDate(board.interval.start), formatDate(board.interval.end - 1)], []];
  const header = [t('teamColRep')];
  for (const q of board.quotas) {
    header.push(
      `${q.name}: ${t('colDone')}`,
      `${q.name}: ${t('colTarget')}`,
      `${q.name}: ${t('colPace')}`,
      `${q.name}: ${t('teamColProjection')}`,
    );
  }
  rows.push(header);
  const line = (name: string, cells: readonly BoardCell[]) => [
    name,
    ...cells.flatMap((c) => [round(c.done), round(c.target), paceText(c), c.projection === null ? '' : round(c.projection)]),
  ];
  for (const rep of board.reps) rows.push(line(rep.user.name, rep.cells));
  rows.push(line(t('teamTotal'), board.total));
  return rows;
}
