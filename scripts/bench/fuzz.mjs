// The fuzz tests at full size (every hostile body on every site, the 100,000-row import): the gate runs
// them smaller to stay within its ten minutes (tests/unit/fuzz/fuzz-kit.ts, FUZZ_FULL).
import { spawnSync } from 'node:child_process';

export async function run() {
  console.log('\n## Fuzz at full size (QR_FUZZ_FULL=1)');
  const began = Date.now();
  const result = spawnSync('npx', ['vitest', 'run', 'tests/unit/fuzz'], {
    stdio: 'inherit',
    env: { ...process.env, QR_FUZZ_FULL: '1' },
  });
  console.log(`fuzz at full size: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  if (result.status !== 0) process.exitCode = 1;
}
