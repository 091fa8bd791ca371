import { z } from 'zod';
import { ActivityKind, Channel } from '../activity';
import { Quota } from '../settings';
import type { ProgressReport } from './progress';

/**
 * A progress report as kept between service-worker lives (see ProgressCache): checked when read back,
 * since a report that no longer fits must be recomputed, not shown.
 */
const Interval = z.object({ start: z.number(), end: z.number() });

const QuotaProgressSchema = z.object({
  quotaId: z.string(),
  name: z.string(),
  measure: Quota.shape.measure,
  period: Interval,
  done: z.number(),
  pending: z.number(),
  target: z.number(),
  fullTarget: z.number(),
  asked: z.boolean(),
  currency: z.string().optional(),
  trackedFrom: z.number().nullable(),
  remaining: z.number(),
  percent: z.number(),
  expectedByNow: z.number(),
  expectedByEndOfToday: z.number(),
  pace: z.enum(['ahead', 'on_track', 'behind', 'at_risk']),
  met: z.boolean(),
  projection: z.number().nullable(),
  neededPerRemainingWorkingDay: z.number(),
  neededToday: z.number(),
  doneToday: z.number(),
  workingDays: z.object({ total: z.number(), elapsed: z.number(), remaining: z.number() }),
  streak: z.number(),
  limitedByInviteCap: z.boolean(),
});

export const ProgressReportSchema = z.object({
  at: z.number(),
  quotas: z.array(QuotaProgressSchema),
  today: z.partialRecord(ActivityKind, z.number()),
  pending: z.array(
    z.object({
      id: z.string(),
      kind: ActivityKind,
      channel: Channel,
      confirmAt: z.number().nullable(),
      occurredAt: z.number(),
      to: z.string().nullable(),
    }),
  ),
  streak: z.number(),
  inviteGuard: z.object({
    sentThisWeek: z.number(),
    limit: z.number(),
    remainingThisWeek: z.number(),
    level: z.enum(['ok', 'near', 'reached']),
  }),
  workingToday: z.boolean(),
});

// The schema and the engine's type must not drift apart: each must be assignable to the other.
type Parsed = z.output<typeof ProgressReportSchema>;
const _toEngine = (p: Parsed): ProgressReport => p;
const _fromEngine = (p: ProgressReport): Parsed => p;
void _toEngine;
void _fromEngine;
