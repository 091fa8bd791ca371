import type { DetectContext, Observation } from '../../lib/capture/types';

/**
 * The fixture set every capture source exports from `tests/builders/<source>.ts` as
 * `captureFixtures`. tests/unit/capture/registry.test.ts runs each set through the registered
 * detectors: every positive must yield at least one record, no negative may yield one, and no
 * observation may make a detector fail. Names appear in the test titles.
 */
export interface SourceFixtures {
  /** Requests that are an activity: each yields at least one record. */
  positive: Record<string, Observation>;
  /** Requests that look close but are not one (drafts, failures, reads, undo): no record. */
  negative: Record<string, Observation>;
  /**
   * Signals to act on (issue 15, point 4): answers the page loads from which the source learns who
   * engaged with the rep (no record): each yields at least one engagement event in its context.
   */
  learnsEngagement?: Record<string, { observation: Observation; context?: Partial<DetectContext> }>;
}
