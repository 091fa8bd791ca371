// Issue 26: the team board at scale. The board job and the real clients read last month for 20, 50
// and 200 reps (33 records a rep a working day) from the fake CRMs (tests/fakes/crm/board-scale.ts);
// printed per CRM: requests beside the floor (the fewest the vendor's API allows), whether the board
// is complete, and the time at the vendor's published pace. QR_BENCH_BOARD_REPS=20,50 and QR_BENCH_BOARD_CRMS=hubspot,amocrm for fewer.
import { build } from 'esbuild';

async function harness() {
  const result = await build({
    entryPoints: ['tests/fakes/crm/board-scale.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    external: ['@playwright/test'],
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

export async function run() {
  console.log('\n## Team board at scale (issue 26): first read of last month, requests against the floor');
  const { measureBoard, SCALE_CRMS } = await harness();
  const repCounts = (process.env.QR_BENCH_BOARD_REPS ?? '20,50,200').split(',').map(Number);
  console.log('| CRM | reps | records | counted | requests | floor | ratio | at the vendor pace | board says |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const crms = process.env.QR_BENCH_BOARD_CRMS?.split(',') ?? SCALE_CRMS;
  for (const crm of crms) {
    for (const reps of repCounts) {
      const began = Date.now();
      const r = await measureBoard(crm, reps);
      const says = r.error
        ? `error: ${r.error}`
        : r.cutOff
          ? `incomplete (${r.cutOff})`
          : r.counted === r.records
            ? 'complete'
            : 'SHORT, shown as complete';
      if (r.error || (!r.cutOff && r.counted !== r.records) || r.requests > r.floor * 1.2) process.exitCode = 1;
      console.log(
        `| ${crm} | ${reps} | ${r.records} | ${r.counted} | ${r.requests} | ${r.floor} | ${(r.requests / r.floor).toFixed(2)}× | ${r.minutesAtPace.toFixed(1)} min | ${says} (${((Date.now() - began) / 1000).toFixed(0)} s here) |`,
      );
    }
  }
}
