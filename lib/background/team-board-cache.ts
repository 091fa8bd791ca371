import { type KeptSpan, MAX_KEPT_RECORDS, MAX_KEPT_SPANS, type ReadStep, type TeamBoardKept } from '../crm/team-board-keys';
import type { CrmTeamActivity } from '../crm/types';

/**
 * What the board keeps between reads, as pure functions (issue 26): which queries a read needs
 * (`planRead`), and the kept records once it is done (`keepRead`).
 *
 * A refresh asks only for what changed since the span was last read: HubSpot's search filters on
 * hs_lastmodifieddate, Pipedrive's lists on updated_since, Bitrix24's on LAST_UPDATED (activities)
 * and CHANGED_DATE (tasks), amoCRM's on filter[updated_at][from]. None of these lists shows a
 * deleted record, nor one whose date or completion moved it out of the query (HubSpot archives,
 * Pipedrive's v2 list leaves deleted activities out, Bitrix24 and amoCRM delete them), so a refresh
 * cannot see those: every span is read whole again once its whole read is `FULL_READ_AFTER_MS` old,
 * and the board says until when (and the manager may ask for a whole read). Salesforce's board is
 * one aggregate query per window; its client has no modified-since read, so it is read whole each time.
 */

/** A span read whole longer ago than this is read whole again (what a refresh cannot see: deletions). */
export const FULL_READ_AFTER_MS = 24 * 3_600_000;
/**
 * A refresh asks for changes from this long before the last read began: the CRM's clock and its
 * search index may lag ours (HubSpot's search takes seconds to see an edit). Records changed in
 * the overlap come twice; the board keeps each once (by id).
 */
export const REFRESH_OVERLAP_MS = 10 * 60_000;

type Range = { from: number; to: number };

/** The kept spans' parts inside `range` still fresh enough for a refresh, in order, touching ones joined. */
function freshParts(spans: readonly KeptSpan[], range: Range, now: number): KeptSpan[] {
  const parts = spans
    .filter((s) => s.from < range.to && s.to > range.from && now - s.fullAt < FULL_READ_AFTER_MS)
    .map((s) => ({ ...s, from: Math.max(s.from, range.from), to: Math.min(s.to, range.to) }))
    .sort((a, b) => a.from - b.from);
  const joined: KeptSpan[] = [];
  for (const part of parts) {
    const last = joined.at(-1);
    if (last && part.from <= last.to) {
      // Overlapping or touching: one query from the older of the two reads.
      last.to = Math.max(last.to, part.to);
      last.readAt = Math.min(last.readAt, part.readAt);
      last.fullAt = Math.min(last.fullAt, part.fullAt);
    } else joined.push({ ...part });
  }
  return joined;
}

/**
 * A kept part with fewer records than this is not worth its own query beside a part read whole:
 * each query costs at least one request a list (HubSpot searches five), about what 1,000 records'
 * pages cost; it is read whole with its neighbours instead.
 */
export const REUSE_MIN_RECORDS = 1_000;

/**
 * The queries of a read of `range`: parts kept and fresh enough ask for changes since they were read
 * (`modifiedSince`); the rest is read whole. `whole`: everything whole (asked for, or a CRM without
 * modified-since reads).
 */
export function planRead(kept: TeamBoardKept | undefined, range: Range, now: number, whole: boolean): ReadStep[] {
  if (whole || !kept) return [{ from: range.from, to: range.to }];
  const build = (parts: readonly KeptSpan[]) => {
    const steps: ReadStep[] = [];
    let at = range.from;
    for (const part of parts) {
      if (part.from > at) steps.push({ from: at, to: part.from });
      steps.push({ from: part.from, to: part.to, modifiedSince: Math.max(0, part.readAt - REFRESH_OVERLAP_MS) });
      at = part.to;
    }
    if (at < range.to) steps.push({ from: at, to: range.to });
    return steps;
  };
  const parts = freshParts(kept.spans, range, now);
  const steps = build(parts);
  if (steps.every((step) => step.modifiedSince !== undefined)) return steps;
  // Some of it is read whole anyway: small kept parts join that read.
  const held = (part: KeptSpan) => kept.records.filter((r) => r.occurredAt >= part.from && r.occurredAt < part.to).length;
  const worth = parts.filter((part) => held(part) >= REUSE_MIN_RECORDS);
  return worth.length === parts.length ? steps : build(worth);
}

/** The range is all kept and fresh: a rep-picker change may be answered from what is kept, asking nothing. */
export function keptCovers(kept: TeamBoardKept | undefined, range: Range, now: number): boolean {
  return planRead(kept, range, now, false).every((step) => step.modifiedSince !== undefined);
}

/** When the parts of `range` were last read whole (the oldest) and last read (the oldest): what the board states. */
export function keptFreshness(kept: TeamBoardKept, range: Range): { readAt: number; fullAt: number } | undefined {
  const inside = kept.spans.filter((s) => s.from < range.to && s.to > range.from);
  if (inside.length === 0) return undefined;
  return { readAt: Math.min(...inside.map((s) => s.readAt)), fullAt: Math.min(...inside.map((s) => s.fullAt)) };
}

/**
 * The records after a read of `steps`: a whole step's records replace those kept in its span
 * (deletions and moves seen), a refresh's replace those with the same id (an edit seen).
 */
export function mergeRead(
  kept: readonly CrmTeamActivity[],
  steps: readonly ReadStep[],
  read: readonly CrmTeamActivity[],
): CrmTeamActivity[] {
  const wholeSteps = steps.filter((s) => s.modifiedSince === undefined);
  const inWhole = (at: number) => wholeSteps.some((s) => at >= s.from && at < s.to);
  const byId = new Map<string, CrmTeamActivity>();
  for (const record of kept) if (!inWhole(record.occurredAt)) byId.set(record.id, record);
  // The later copy is the fresher one (an edit between two pages).
  for (const record of read) byId.set(record.id, record);
  return [...byId.values()];
}

/**
 * What is kept after a read of `steps` that began at `startedAt` (`records`: mergeRead's).
 * Bounded: spans beyond MAX_KEPT_SPANS or records beyond MAX_KEPT_RECORDS go, those read longest
 * ago first, never the one just read; a read larger than the bound alone keeps nothing.
 */
export function keepRead(
  kept: TeamBoardKept | undefined,
  read: {
    owner: string;
    steps: readonly ReadStep[];
    startedAt: number;
    users: TeamBoardKept['users'];
    records: readonly CrmTeamActivity[];
  },
): TeamBoardKept {
  const { owner, steps, startedAt, users } = read;
  const previous = kept?.owner === owner ? kept.spans : [];
  const range = { from: Math.min(...steps.map((s) => s.from)), to: Math.max(...steps.map((s) => s.to)) };
  // The read's span: read now; read whole now, or when the oldest part it refreshed was.
  const refreshedFullAt = previous
    .filter((s) => steps.some((step) => step.modifiedSince !== undefined && s.from < step.to && s.to > step.from))
    .map((s) => s.fullAt);
  const span: KeptSpan = { ...range, readAt: startedAt, fullAt: Math.min(startedAt, ...refreshedFullAt) };
  // Other spans keep what lies outside the read's range.
  const others = previous.flatMap((s) => {
    const out: KeptSpan[] = [];
    if (s.from < range.from) out.push({ ...s, to: Math.min(s.to, range.from) });
    if (s.to > range.to) out.push({ ...s, from: Math.max(s.from, range.to) });
    return out;
  });
  let spans = [span, ...others.sort((a, b) => b.readAt - a.readAt)];
  const inSpans = (list: readonly KeptSpan[]) => (r: CrmTeamActivity) => list.some((s) => r.occurredAt >= s.from && r.occurredAt < s.to);
  let records = read.records.filter(inSpans(spans));
  while (spans.length > MAX_KEPT_SPANS || (records.length > MAX_KEPT_RECORDS && spans.length > 1)) {
    spans = spans.slice(0, -1);
    records = records.filter(inSpans(spans));
  }
  if (records.length > MAX_KEPT_RECORDS) return { owner, spans: [], users, records: [] };
  return { owner, spans: spans.sort((a, b) => a.from - b.from), users, records };
}
