#!/usr/bin/env node
// npm run bench: prints each issue's figures beside its baseline, measured in the same run.
// QR_BENCH_ONLY=store,... runs chosen sections.
const SECTIONS = {
  store: () => import('./bench/store.mjs'),
  injection: () => import('./bench/injection.mjs'),
  popup: () => import('./bench/popup.mjs'),
  fuzz: () => import('./bench/fuzz.mjs'),
  'options-open': () => import('./bench/options-open.mjs'),
  board: () => import('./bench/board.mjs'),
};
const only = process.env.QR_BENCH_ONLY?.split(',');
for (const [name, load] of Object.entries(SECTIONS)) {
  if (only && !only.includes(name)) continue;
  await (await load()).run();
}
