import { z } from 'zod';
import { ReportPeriod } from '../quota/report';
import { answerOf, defineMessages } from '../registry/merge';
import type { TeamBoardResult, TeamConnectResult, TeamStatus } from './team-board';
import { CrmCredentials } from './types';

/** The manager's team board: their own CRM connection, the reps on it, the board for a period. */
export const TEAM_BOARD_MESSAGES = defineMessages({
  /** The manager's CRM connection for the team board (never the secret itself). */
  'team/status': { request: z.object({}), answer: answerOf<TeamStatus>() },
  /** Connect the manager's own CRM token (the options page asked for the CRM's origins first). */
  'team/connect': { request: z.object({ credentials: CrmCredentials }), answer: answerOf<TeamConnectResult>() },
  /** Forget the manager's token and give the CRM's origins back. */
  'team/disconnect': { request: z.object({}), answer: answerOf<TeamStatus>() },
  /** The board for a period: every rep's progress per quota, read from the CRM. */
  /**
   * `reuse`: answer from what was read when it covers the period (a rep-picker change asks the CRM
   * nothing); `whole`: read the period whole, not only its changes (deletions seen).
   */
  'team/board': {
    request: z.object({ period: ReportPeriod, reuse: z.boolean().optional(), whole: z.boolean().optional() }),
    answer: answerOf<TeamBoardResult>(),
  },
  /** The reps on the board: these CRM user ids, or null for every active user. */
  'team/reps': {
    request: z.object({ repIds: z.array(z.string().min(1).max(200)).max(1000).nullable() }),
    answer: answerOf<TeamStatus>(),
  },
});
