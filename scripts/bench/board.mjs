// Issue 26: the team board at scale. The board job and the real clients read last month for 20, 50
// and 200 reps (33 records a rep a working day) from the fake CRMs (tests/fakes/crm/board-scale.ts);
// printed per CRM: requests beside the floor (the fewest the vendor's API allows), whether the board
// is complete, and the time at the vendor's published pace. Then a refresh: this month read, an hour
// later QR_BENCH_BOARD_CHANGED (default 200) records given to another rep in the CRM, the board read
// again: its requests beside the floor of the changes (each list's changed records over its largest
// page, at least one request a list) and the first read, and whether it counts what a whole read counts.
// QR_BENCH_BOARD_REPS=20,50 and QR_BENCH_BOARD_CRMS=hubspot,amocrm for fewer.
import { createServer } from 'vite';

/**
 * The harness through Vite's module loader, not an esbuild bundle: the board's imports reach
 * lib/capture's registries, which list their folders with `import.meta.glob` (a Vite feature).
 */
async function harness() {
  const server = await createServer({
    root: process.cwd(),
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const module = await server.ssrLoadModule('/tests/fakes/crm/board-scale.ts');
  return { ...module, close: () => server.close() };
}

export async function run() {
  console.log('\n## Team board at scale (issue 26): first read of last month, requests against the floor');
  const { measureBoard, measureRefresh, SCALE_CRMS, close } = await harness();
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
      const named = r.notRead ? `; names what it cannot read: ${r.notRead}` : '';
      if (r.error || (!r.cutOff && r.counted !== r.records) || r.requests > r.floor * 1.2) process.exitCode = 1;
      console.log(
        `| ${crm} | ${reps} | ${r.records} | ${r.counted} | ${r.requests} | ${r.floor} | ${(r.requests / r.floor).toFixed(2)}× | ${r.minutesAtPace.toFixed(1)} min | ${says}${named} (${((Date.now() - began) / 1000).toFixed(0)} s here) |`,
      );
    }
  }

  const changed = Number(process.env.QR_BENCH_BOARD_CHANGED ?? 200);
  console.log(`\n## Team board refresh (issue 26): this month read, then ${changed} records changed in the CRM, then Refresh`);
  console.log('| CRM | reps | first read | refresh | floor (changes) | ratio | rep change | counts as a whole read |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const crm of crms) {
    for (const reps of repCounts) {
      const began = Date.now();
      const r = await measureRefresh(crm, reps, changed);
      // Bitrix24's first list page is a plain call before its batches: one request over the floor at most.
      if (r.error || !r.matchesWhole || r.refreshRequests > r.refreshFloor + 1 || r.repChangeRequests > 0) process.exitCode = 1;
      console.log(
        `| ${crm} | ${reps} | ${r.firstRequests} | ${r.refreshRequests} | ${r.refreshFloor} | ${(r.refreshRequests / r.refreshFloor).toFixed(2)}× | ${r.repChangeRequests} | ${r.error ? `error: ${r.error}` : r.matchesWhole ? 'yes' : 'NO'} (${((Date.now() - began) / 1000).toFixed(0)} s here) |`,
      );
    }
  }
  await close();
}
