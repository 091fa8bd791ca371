import type { Observation } from '../../lib/capture/types';

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
}
