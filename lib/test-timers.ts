/**
 * End-to-end test builds only (`VITE_QR_TEST_TIMERS=1`, set with the "permissions granted" test build,
 * tests/e2e/granted-build.ts): waits that exist for real networks, like the CRM claim lease, are cut to
 * seconds so a browser test need not sit through a minute of nothing. A release build and every unit
 * test keep the real values (unit tests move an injected clock instead).
 */
export const TEST_TIMERS = import.meta.env.VITE_QR_TEST_TIMERS === '1';

/** The real wait, or the test build's short one. */
export const realOrTestMs = (realMs: number, testMs: number): number => (TEST_TIMERS ? testMs : realMs);
