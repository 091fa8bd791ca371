import type { BoardCell, BoardQuota } from '@/lib/crm/team-board';
import { crmCredentialFields, crmDescriptor, type TeamBoard, type TeamError } from '@/lib/crm/team-board';
import type { CrmId } from '@/lib/crm/types';
import { t, uiLocale } from '@/lib/i18n';
import { formatMeasure } from '../amount';
import { formatDate, formatShortDateTime } from '../format';

/** The CRM's name as its client declares it (product names are not translated). */
export function crmLabel(id: CrmId): string {
  return crmDescriptor(id)?.label ?? CRM_NAMES[id];
}

/** Names for CRMs this build has no client for (the error that says so still names them). */
const CRM_NAMES: Record<CrmId, string> = {
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  bitrix24: 'Bitrix24',
  amocrm: 'amoCRM (Kommo)',
  salesforce: 'Salesforce',
};

/** A connect form field's label, as Options → CRM names it ("API token", "Incoming webhook URL"). */
export function fieldLabel(crm: CrmId, name: string): string {
  const field = crmCredentialFields(crm).find((f) => f.name === name);
  return field ? t(field.label) : name;
}

/** What went wrong, in the manager's words: what to do about it, not an HTTP status. */
export function teamErrorText(error: TeamError, crm: string, timeZone: string): string {
  switch (error.kind) {
    case 'wrong_key':
      return t('teamErrorWrongKey', crm);
    case 'expired_key':
      return t('teamErrorExpiredKey', crm);
    case 'missing_scope':
      return t('teamErrorMissingScope', [crm, error.message]);
    case 'wrong_domain':
      return t('teamErrorWrongDomain', crm);
    case 'network':
      return t('teamErrorNetwork', crm);
    case 'rate_limited':
      return t('teamErrorRateLimited', [crm, formatShortDateTime(error.retryAt ?? error.at + 60_000, timeZone)]);
    case 'no_permission':
      return t('teamErrorNoPermission', crm);
    case 'server_error':
      return t('teamErrorServer', [crm, error.message]);
    case 'bad_payload':
      return t('teamErrorBadPayload', crm);
    case 'not_connected':
      return t('teamErrorNotConnected');
    case 'unsupported':
      return t('teamErrorUnsupported', crm);
    default:
      // rejected, not_found: the CRM's own words.
      return t('teamErrorRejected', [crm, error.message]);
  }
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
