import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, CLAIM_LEASE_MS } from '../../lib/crm/sync';
import { TEST_TIMERS } from '../../lib/test-timers';

describe('test timers', () => {
  it('are off unless the build asks for them: the real CRM lease and backoff hold', () => {
    expect(TEST_TIMERS).toBe(false);
    expect(CLAIM_LEASE_MS).toBe(60_000);
    expect(BACKOFF_BASE_MS).toBe(30_000);
  });
});
