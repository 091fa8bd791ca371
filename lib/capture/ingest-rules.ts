import type { ActivityKind } from '../activity';
import { meetingTwinReads } from './meeting-ingest-rules';
import { callMergeReads } from './phone-link/ingest-rules';
import type { Capture } from './types';

/**
 * The sources' rules in the ingest plan (lib/background/ingest-plan.ts), one line each: what stored
 * activities a rule needs to see for a capture, read by exact index range before planning (never
 * in proportion to history).
 */
export const INGEST_RULE_READS: readonly ((capture: Capture) => { kind: ActivityKind; start: number; end: number } | undefined)[] = [
  callMergeReads,
  meetingTwinReads,
];
