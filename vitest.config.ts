import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    // Two cores on CI: keep the pool small.
    maxWorkers: 2,
    // The gate runs the type check beside the unit tests on two cores: a slow machine is not a failure.
    testTimeout: 30_000,
  },
});
