// Over 300 lines: the board's one pure computation beside the shapes the background, the protocol and
// the Team section share (board, errors, status) and the connect form's lookups; split the shapes out if it grows.
import { z } from 'zod';
import { E164_PATTERN } from '../activity';
import type { Interval } from '../quota/calendar';
import {
  computeProgress,
  type EngineActivity,
  type EngineSettings,
  neededPerWorkingDay,
  type Pace,
  paceOf,
  type QuotaProgress,
} from '../quota/progress';
import { type ReportPeriod, type ReportQuota, reportInterval } from '../quota/report';
import { targetOver } from '../quota/targets';
import type { Quota } from '../settings';
import type { BoardNotRead } from './board-gaps';
import { CRM_FORMS, type CrmFormField, credentialFields, credentialsInput } from './forms';
import { crmDescriptor as registeredDescriptor } from './registry';
import {
  CrmCredentials as CredentialsSchema,
  type CrmAccount,
  type CrmCredentials,
  type CrmDescriptor,
  type CrmErrorKind,
  type CrmId,
  type CrmPerson,
  type CrmTeamActivity,
  type CrmUser,
} from './types';

/**
 * The manager's team board (issue 13, point 5): per rep (a CRM user) and per quota, done against
 * target with pace and projection, and the team's total, computed by the rep's own quota engine
 * (`computeProgress`) from the CRM's activity records of the period. Pure: the background fetches
 * the users and records (lib/background/team-board.ts), the options page shows the result.
 */

/** The periods the board covers: the report's (this or last week, month, quarter). */
export type BoardPeriod = ReportPeriod;

/** One quota as the board applies it to every rep: the quota's own target mapped to the board's period. */
export interface BoardQuota {
  quotaId: string;
  name: string;
  measure: Quota['measure'];
  currency?: string;
  /** Each rep's target for the board's period (the report's mapping: 3 × 120 for a quarter of 120 a month). */
  target: number;
  /** How the target was mapped, in the report's terms (components/Reports.tsx `mappingText`). */
  mapping: ReportQuota['mapping'];
}

/** One rep's (or the team's) standing on one quota. */
export interface BoardCell {
  quotaId: string;
  done: number;
  target: number;
  /** Where pace says they should be now (pro-rated over working days and today's hours). */
  expectedByNow: number;
  pace: Pace;
  met: boolean;
  /** done / target × 100, not capped. */
  percent: number;
  /** Done at the end of the period at the rate so far; null until half a working day has passed. */
  projection: number | null;
}

export interface BoardRep {
  user: CrmUser;
  /** In the order of `TeamBoard.quotas`. */
  cells: BoardCell[];
  /** The rep's records counted in the period, any quota (what the CRM holds of them). */
  records: number;
  /**
   * When the rep's tracking started, if the board was told (their popup pro-rates the period's target
   * from then, and so does the board); null: not known, the board asks for whole periods and says so.
   */
  trackingStart: number | null;
}

export interface TeamBoard {
  period: BoardPeriod;
  interval: Interval;
  /** The moment the board is computed at: now, or the last moment of a period that has ended. */
  at: number;
  quotas: BoardQuota[];
  /** The reps on the board, by name. */
  reps: BoardRep[];
  /** Sum of done against sum of targets, with the team's pace and projection, per quota. */
  total: BoardCell[];
  /** Every active CRM user (the manager picks the reps on the board among them). */
  users: CrmUser[];
  /** The reps were chosen (false: every active user is on the board). */
  chosen: boolean;
  /** Records read from the CRM: distinct ones, repeats across pages, and those of users not on the board. */
  records: { distinct: number; repeated: number; notOnBoard: number };
  /** Working days of the period for the team's pace (the same calendar for every rep). */
  workingDays: { total: number; elapsed: number; remaining: number };
  /**
   * Set when the read stopped before the CRM's last page (the page cap, or a cursor the CRM gave
   * twice): every number is then "at least", and the board says so.
   */
  cutOff?: { reason: 'page_cap' | 'cursor_loop'; pagesRead: number };
  /** What this board's read cost and what it reused (issue 26): absent on a board computed without the job's keeping. */
  read?: BoardRead;
  /**
   * The CRM's board list filters by "updated" only (Pipedrive, amoCRM): records edited more than this
   * long after the period's end are not read, and the board says so.
   */
  updatedWithinMs?: number;
  /** Records the CRM's API does not let the board read (board-gaps.ts): named on the board, never silently short. */
  notRead?: BoardNotRead[];
}

/** How a board was read: whole or changes only, and what a refresh cannot see. */
export interface BoardRead {
  /** Queries of the period read whole, and those asking only for changes since the last read. */
  whole: number;
  changes: number;
  /** Pages and records this read fetched (a resumed read: since it was taken up). */
  pages: number;
  records: number;
  /** Answered from what was kept, asking the CRM nothing (a rep-picker change). */
  reused: boolean;
  /** Taken up again after the browser stopped the worker mid-read (this many times). */
  resumed: number;
  /** When the period was last read, and last read whole: deletions since then are not seen. */
  readAt: number;
  fullAt: number;
  /** When the next read is whole again (deletions and records moved out of the period seen then). */
  wholeAgainAt: number;
  /** The CRM cannot ask for changes only (Salesforce's aggregates): every read is whole. */
  alwaysWhole: boolean;
}

/** A read under way, as the Team section shows it ("reading: 57 pages, 11,400 records"). */
export interface TeamReading {
  running: boolean;
  pages: number;
  records: number;
  /** The query under way and how many there are (a period change: the new part whole, the kept part's changes). */
  step: number;
  steps: number;
  startedAt: number;
  resumed: number;
}

/** The records of all pages, each once (a record on two pages, as paging over a changing list gives, counts once). */
export function uniqueRecords(pages: readonly (readonly CrmTeamActivity[])[]): { records: CrmTeamActivity[]; repeated: number } {
  const byId = new Map<string, CrmTeamActivity>();
  let repeated = 0;
  for (const page of pages) {
    for (const record of page) {
      if (byId.has(record.id)) repeated += 1;
      // The later copy is the fresher one (an edit between two pages).
      byId.set(record.id, record);
    }
  }
  return { records: [...byId.values()], repeated };
}

const EMAIL = z.email();

/** A CRM contact as the engine's recipient: the same keys a rep's own capture counts unique people by. */
function recipientOf(person: CrmPerson): EngineActivity['recipients'][number] | undefined {
  const address = person.email?.trim().toLowerCase();
  const recipient: { address?: string; phone?: string; profileId?: string; name?: string } = {};
  if (address && EMAIL.safeParse(address).success) recipient.address = address;
  if (person.phone && E164_PATTERN.test(person.phone)) recipient.phone = person.phone;
  if (person.linkedin) recipient.profileId = person.linkedin;
  else if (person.vkId) recipient.profileId = `vk:${person.vkId}`;
  if (recipient.address === undefined && recipient.phone === undefined && recipient.profileId === undefined) return undefined;
  if (person.name) recipient.name = person.name;
  return recipient;
}

/**
 * A CRM record in the engine's shape. Records read back are done, so counted; the account is the
 * rep's email where the CRM gives it (the engine's "own domain is internal" rule needs it). The
 * channel is not in a CRM record and the engine does not count by it: `manual` stands in.
 */
export function engineActivityOf(record: CrmTeamActivity, owner: Pick<CrmUser, 'id' | 'email'>): EngineActivity {
  return {
    id: `crm:${record.id}`,
    kind: record.kind,
    channel: 'manual',
    occurredAt: record.occurredAt,
    status: 'counted',
    account: owner.email?.trim().toLowerCase() || `crm-user:${owner.id}`,
    amount: record.amount,
    currency: record.currency,
    ...(record.outcome ? { outcome: record.outcome } : {}),
    recipients: (record.people ?? []).map(recipientOf).filter((r): r is NonNullable<typeof r> => r !== undefined),
  };
}

function cellOf(progress: QuotaProgress): BoardCell {
  return {
    quotaId: progress.quotaId,
    done: progress.done,
    target: progress.target,
    expectedByNow: progress.expectedByNow,
    pace: progress.pace,
    met: progress.met,
    percent: progress.percent,
    projection: progress.projection,
  };
}

/** The team's row: sums, and pace by the engine's own rule over the same working days. */
function totalCell(quotaId: string, cells: readonly BoardCell[], days: TeamBoard['workingDays']): BoardCell {
  const done = cells.reduce((sum, c) => sum + c.done, 0);
  const target = cells.reduce((sum, c) => sum + c.target, 0);
  const expectedByNow = cells.reduce((sum, c) => sum + c.expectedByNow, 0);
  const needed = neededPerWorkingDay(Math.max(0, target - done), days.remaining);
  const planned = days.total > 0 ? target / days.total : 0;
  // The projection is linear in what was done, so the team's is the sum of the reps'.
  const projection = cells.length > 0 && cells.every((c) => c.projection !== null) ? cells.reduce((s, c) => s + c.projection!, 0) : null;
  return {
    quotaId,
    done,
    target,
    expectedByNow,
    pace: paceOf(done, target, expectedByNow, needed, planned, days.remaining),
    met: cells.length > 0 && done >= target,
    percent: target > 0 ? (done / target) * 100 : 0,
    projection,
  };
}

/**
 * The board. Each quota is applied to each rep as the report applies it to the rep: its target mapped
 * onto the board's period (`targetOver`), then `computeProgress` at now (or at the period's last
 * moment once it has ended) over that rep's records — one engine, so a rep's board row and their own
 * popup agree when they count the same activities.
 */
export function computeTeamBoard(input: {
  users: readonly CrmUser[];
  /** The period's records, every page (repeats are dropped here). */
  pages: readonly (readonly CrmTeamActivity[])[];
  quotas: readonly Quota[];
  settings: EngineSettings;
  now: number;
  period: BoardPeriod;
  /** The reps on the board (CRM user ids); absent: every user. */
  repIds?: readonly string[];
  /**
   * When each rep's tracking started (CRM user id → epoch ms), where known: the board then computes
   * pace exactly as that rep's popup does, pro-rated from then (issue 27, point 5).
   */
  trackingStarts?: Readonly<Record<string, number>>;
}): TeamBoard {
  const { users, quotas, settings, now, period } = input;
  const interval = reportInterval(period, now, settings);
  const unit = period.slice(period.indexOf('_') + 1) as 'week' | 'month' | 'quarter';
  const at = Math.min(now, interval.end - 1);

  const boardQuotas: BoardQuota[] = [];
  const applied: Quota[] = quotas.map((quota) => {
    const mapped = targetOver(quota, interval, settings);
    // The quota's own period keeps its target exactly (a sum target need not be whole).
    const target = quota.period === unit ? quota.target : mapped.target;
    boardQuotas.push({
      quotaId: quota.id,
      name: quota.name,
      measure: quota.measure,
      ...(quota.currency ? { currency: quota.currency } : {}),
      target,
      mapping: {
        perPeriod: quota.target,
        period: quota.period,
        periods: mapped.periods,
        wholePeriods: mapped.wholePeriods,
        trackedFrom: null,
      },
    });
    return { ...quota, period: unit, target };
  });

  const wanted = input.repIds ? new Set(input.repIds) : undefined;
  const sortedUsers = [...users].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const onBoard = sortedUsers.filter((u) => !wanted || wanted.has(u.id));
  const { records, repeated } = uniqueRecords(input.pages);
  const byOwner = new Map<string, CrmTeamActivity[]>();
  let notOnBoard = 0;
  const onBoardIds = new Set(onBoard.map((u) => u.id));
  for (const record of records) {
    // Only what happened in the period up to the board's moment (a meeting booked for later is not done).
    if (record.occurredAt < interval.start || record.occurredAt >= interval.end || record.occurredAt > at) continue;
    if (!onBoardIds.has(record.ownerId)) {
      notOnBoard += 1;
      continue;
    }
    const list = byOwner.get(record.ownerId) ?? [];
    list.push(record);
    byOwner.set(record.ownerId, list);
  }

  const reps: BoardRep[] = onBoard.map((user) => {
    const own = byOwner.get(user.id) ?? [];
    // Own property only: a CRM user id such as "constructor" must not read the prototype.
    const trackingStart = input.trackingStarts && Object.hasOwn(input.trackingStarts, user.id) ? input.trackingStarts[user.id]! : undefined;
    const report = computeProgress({
      quotas: applied,
      settings,
      now: at,
      activities: own.map((r) => engineActivityOf(r, user)),
      ...(trackingStart !== undefined ? { trackingStart } : {}),
    });
    return { user, cells: report.quotas.map(cellOf), records: own.length, trackingStart: trackingStart ?? null };
  });
  // The calendar alone (no activities): the period's working days as the engine counts them.
  const calendar = computeProgress({ quotas: applied, settings, now: at, activities: [] }).quotas[0]?.workingDays ?? {
    total: 0,
    elapsed: 0,
    remaining: 0,
  };
  const total = boardQuotas.map((q, i) =>
    totalCell(
      q.quotaId,
      reps.map((r) => r.cells[i]!),
      calendar,
    ),
  );
  return {
    period,
    interval,
    at,
    quotas: boardQuotas,
    reps,
    total,
    users: sortedUsers,
    chosen: wanted !== undefined,
    records: { distinct: records.length, repeated, notOnBoard },
    workingDays: calendar,
  };
}

/**
 * The connect form of a CRM: the same fields, labels and hints as Options → CRM (lib/crm/forms.ts),
 * so a manager pastes what a rep pastes.
 */
export function crmCredentialFields(id: CrmId): readonly CrmFormField[] {
  return CRM_FORMS[id].fields;
}

/** What the form was filled with, as credentials (empty optional fields absent), or the first problem. */
export function credentialsFromForm(id: CrmId, input: Readonly<Record<string, string>>): z.ZodSafeParseResult<CrmCredentials> {
  return CredentialsSchema.safeParse({ ...credentialsInput(id, { ...input }), crm: id });
}

/** The stored credentials as the options page may show them: secrets masked (a webhook URL down to its portal). */
export function maskedCredentials(credentials: CrmCredentials): { name: string; value: string; secret: boolean }[] {
  return credentialFields(credentials.crm, credentials);
}

/** A CRM's descriptor (label, origins, client): the sync's registry, so the board reads every CRM the sync writes to. */
export function crmDescriptor(id: CrmId): CrmDescriptor | undefined {
  return registeredDescriptor(id);
}

/**
 * Why the board could not be read or the manager could not connect, for the options page to say in
 * words: the CRM's own kinds (bad token, missing scope, wrong domain, no network, rate limited…),
 * not_connected (no token yet), unsupported (this build has no client for that CRM).
 */
export type TeamErrorKind = CrmErrorKind | 'not_connected' | 'unsupported';

export interface TeamError {
  kind: TeamErrorKind;
  /** The CRM's own words, cut short; never the token. */
  message: string;
  status?: number;
  /** When it happened. */
  at: number;
  /** A rate limit: when the board may be asked for again. */
  retryAt?: number;
}

/** What the Team section shows of the manager's connection: never the secret, only its masked start. */
export interface TeamStatus {
  connected: boolean;
  /** The CRMs this build has a client for (the connect form offers these). */
  available: CrmId[];
  crm?: CrmId;
  account?: CrmAccount;
  fields: { name: string; value: string; secret: boolean }[];
  connectedAt?: number;
  repIds?: string[];
  retryAt?: number;
  /** A board read under way, or one a stopped worker left (it goes on at the next board). */
  reading?: TeamReading;
}

export type TeamConnectResult = { ok: true; status: TeamStatus } | { ok: false; error: TeamError; status: TeamStatus };
export type TeamBoardResult = { ok: true; board: TeamBoard } | { ok: false; error: TeamError };
