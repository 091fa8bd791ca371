import { z } from 'zod';
import type { ImportProblem } from '@/lib/csv';
import { formatNumber, t } from '@/lib/i18n';

/**
 * Validation problems in the UI's language. The schemas (lib/settings.ts, lib/messages.ts) stay
 * the one source of the rules; their English messages are for logs. Here each zod issue becomes a
 * sentence that names the field and, for numbers, the allowed range taken from the schema itself.
 */

type Issue = z.core.$ZodIssue;

/** The label key of each form field, by the last named segment of the issue's path. */
const FIELD_LABELS: Record<string, string> = {
  name: 'quotaName',
  target: 'quotaTarget',
  kinds: 'quotaKinds',
  currency: 'dealCurrency',
  timeZone: 'timeZone',
  workingDays: 'workingDays',
  workdayStartHour: 'workdayStart',
  workdayEndHour: 'workdayEnd',
  nonWorkingDates: 'nonWorkingDates',
  workingDates: 'workingDates',
  holidayCountry: 'holidayCountry',
  internalDomains: 'internalDomains',
  linkedinWeeklyInviteLimit: 'inviteLimit',
  amount: 'dealAmount',
  note: 'dealNote',
  occurredAt: 'colWhen',
  kind: 'filterKind',
};

/** Fields whose pattern is worth explaining with an example of what fits. */
const FORMAT_HINTS: Record<string, string> = {
  currency: 'issueCurrency',
  nonWorkingDates: 'issueDate',
  workingDates: 'issueDate',
  internalDomains: 'issueDomain',
};

/** The field an issue is about: the nearest named path segment ("0.target" → target, "nonWorkingDates.2" → nonWorkingDates). */
export function fieldOf(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return undefined;
}

/** The issue as a sentence without the field's name ("must be a whole number from 1 to 500"). */
export function issueMessage(issue: Issue, root?: z.ZodType): string {
  const field = fieldOf(issue.path);
  const range = root ? numberRange(schemaAt(root, issue.path)) : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (range && (issue.expected === 'number' || issue.expected === 'int')) return range;
      if (issue.expected === 'int') return t('issueNotWhole');
      if (issue.expected === 'number') return t('issueNotNumber');
      return t('issueInvalid');
    case 'too_small':
      if (range && issue.origin === 'number') return range;
      if (issue.origin === 'number') return t(issue.inclusive ? 'issueMin' : 'issueAbove', formatNumber(Number(issue.minimum), 6));
      if (issue.origin === 'array' || issue.origin === 'set')
        return Number(issue.minimum) <= 1 ? t('issueChooseOne') : t('issueMinItems', formatNumber(Number(issue.minimum)));
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? t('issueEmpty') : t('issueMinLength', formatNumber(Number(issue.minimum)));
      return t('issueInvalid');
    case 'too_big':
      if (range && issue.origin === 'number') return range;
      if (issue.origin === 'number') return t(issue.inclusive ? 'issueMax' : 'issueBelow', formatNumber(Number(issue.maximum), 6));
      if (issue.origin === 'array' || issue.origin === 'set') return t('issueMaxItems', formatNumber(Number(issue.maximum)));
      if (issue.origin === 'string') return t('issueMaxLength', formatNumber(Number(issue.maximum)));
      return t('issueInvalid');
    case 'invalid_format':
      if (field && FORMAT_HINTS[field]) return t(FORMAT_HINTS[field]);
      if (issue.format === 'email') return t('issueEmail');
      return t('issueFormat');
    case 'invalid_value':
      return t('issueChoice');
    case 'custom': {
      // Rules the schemas name in their params, with the numbers they allow.
      const params = (issue as { params?: { rule?: string; min?: number; max?: number; value?: string } }).params;
      if (params?.rule === 'wholeCount') return t('issueRangeWhole', [formatNumber(params.min ?? 1), formatNumber(params.max ?? 0)]);
      if (params?.rule === 'amountTarget') return t('issueRangeAmount', formatNumber(params.max ?? 0));
      if (params?.rule === 'duplicateName') return t('issueDuplicateName');
      if (params?.rule === 'realDate') return t('issueRealDate', params.value ?? '');
      if (params?.rule === 'webmail') return t('issueWebmail', params.value ?? '');
      if (params?.rule === 'future') return t('issueFuture');
      if (params?.rule === 'kind') return t('issueChoice');
      if (field === 'timeZone') return t('issueTimeZone');
      if (field === 'workdayEndHour') return t('issueWorkdayOrder');
      return t('issueInvalid');
    }
    default:
      return t('issueInvalid');
  }
}

/** The issue as shown beside a form: "Target: must be a whole number from 1 to 500". */
export function localizeIssue(issue: Issue, root?: z.ZodType): string {
  const field = fieldOf(issue.path);
  const label = field && FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : undefined;
  const message = issueMessage(issue, root);
  return label ? t('issueWithField', [label, message]) : message;
}

/** A refused import file, in the UI's language: which row, which column, what is wrong. */
export function localizeImportProblem(problem: ImportProblem): string {
  switch (problem.reason) {
    case 'emptyFile':
      return t('importEmptyFile');
    case 'notOurs':
      return t('importNotOurs');
    case 'notJsonFile':
      return t('importNotJsonFile');
    case 'notList':
      return t('importNotList');
    case 'missingColumns':
      return t('importMissingColumns', problem.columns.join(', '));
    case 'malformedRow':
      return t('importMalformedRow', formatNumber(problem.row));
    case 'notUtf8':
      return t('importNotUtf8');
    case 'duplicateId':
      return t('importDuplicateId', [formatNumber(problem.row), formatNumber(problem.earlierRow)]);
    case 'cell': {
      const what =
        problem.cell === 'notDate'
          ? t('importNotDate', problem.value ?? '')
          : problem.cell === 'notNumber'
            ? t('importNotNumber', problem.value ?? '')
            : t('importCellNotJson');
      return t('importRowColumn', [formatNumber(problem.row), problem.column, what]);
    }
    case 'invalid':
      return t('importRowColumn', [
        formatNumber(problem.row),
        problem.column,
        problem.issue ? issueMessage(problem.issue) : t('issueInvalid'),
      ]);
  }
}

/** The schema at a path inside `root` (through objects, arrays, records and optional wrappers). */
export function schemaAt(root: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = root;
  for (const segment of path) {
    current = unwrap(current);
    const def = current?._zod.def;
    if (!def) return undefined;
    if (def.type === 'object') current = (def as z.core.$ZodObjectDef).shape[String(segment)];
    else if (def.type === 'array') current = (def as z.core.$ZodArrayDef).element;
    else if (def.type === 'record') current = (def as z.core.$ZodRecordDef).valueType;
    else return undefined;
  }
  return unwrap(current);
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  while (current) {
    const def = current._zod.def;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') current = (def as z.core.$ZodOptionalDef).innerType;
    else if (def.type === 'pipe') current = (def as z.core.$ZodPipeDef).out;
    else return current;
  }
  return undefined;
}

/** "a whole number from 1 to 500" for a bounded number schema; undefined when it has no upper and lower bound. */
function numberRange(schema: z.core.$ZodType | undefined): string | undefined {
  if (!(schema instanceof z.ZodNumber)) return undefined;
  const { minimum, maximum, exclusiveMinimum } = schema._zod.bag as { minimum?: number; maximum?: number; exclusiveMinimum?: number };
  if (maximum === undefined || !Number.isFinite(maximum)) return undefined;
  const max = formatNumber(maximum, 6);
  if (schema.isInt && minimum !== undefined && Number.isFinite(minimum)) return t('issueRangeWhole', [formatNumber(minimum), max]);
  // "above zero" reads better than "above 0" for the commonest rule, a positive amount.
  if (exclusiveMinimum === 0) return t('issueRangePositive', max);
  if (exclusiveMinimum !== undefined) return t('issueRangeAbove', [formatNumber(exclusiveMinimum, 6), max]);
  if (minimum !== undefined && Number.isFinite(minimum)) return t('issueRangeNumber', [formatNumber(minimum, 6), max]);
  return undefined;
}
