// Issue 24 at a million: the popup's first numbers after a worker stop beside a blank extension page
// opened after a stop too (the floor), alternated in the same browser; popup.mjs's page and timing.
import { median } from './launch.mjs';
import { timeOpen } from './popup.mjs';

/**
 * Medians over `rounds`: the popup's first numbers (the kept ones, and the current ones) after a
 * worker stop, and the blank page after a stop. Needs writeBlankPage(dir) at build.
 */
export async function popupAfterStop(context, control, extensionId, rounds = 5) {
  const kept = [];
  const current = [];
  const blank = [];
  for (let round = 0; round < rounds; round += 1) {
    await control.stop();
    const opened = await timeOpen(context, `chrome-extension://${extensionId}/popup.html`);
    // The kept numbers painted in the first frame (none before a first progress was kept), then the current.
    kept.push(opened.marks['qr:kept-shown'] ?? opened.at);
    current.push(opened.at);
    await opened.page.close();
    await control.stop();
    const floor = await timeOpen(context, `chrome-extension://${extensionId}/bench-blank.html`);
    blank.push(floor.at);
    await floor.page.close();
  }
  return { kept: median(kept), current: median(current), blank: median(blank) };
}

const cell = (v) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/** Where the report's time went (ReportDays.lastRun): first ever, after a worker restart, in memory. */
export function printReportParts(results) {
  console.log(
    "\nThe report's parts (worker): kind-days looked at, where they came from (memory, kept in IndexedDB, judged from the day packs), the activities read to judge them; ms to read the kept days, to read the packs, to judge, to compute the report.\n",
  );
  console.log(
    '| activities | report | kind-days | in memory | kept | judged | activities read | read kept | read packs | judge | compute |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    for (const [label, total, parts] of [
      ['first ever', r.pages.reportFirst, r.pages.reportFirstParts],
      ['worker restarted', r.pages.reportCold, r.pages.reportColdParts],
      ['in memory', r.pages.reportKept, r.pages.reportKeptParts],
    ]) {
      if (!parts) continue;
      const n = (v) => (v ?? 0).toLocaleString('en');
      console.log(
        `| ${r.size.toLocaleString('en')} | ${label}: ${cell(total)} | ${n(parts.days)} | ${n(parts.inMemory)} | ${n(parts.stored)} | ${n(parts.judged)} | ${n(parts.facts)} | ${cell(parts.storedMs)} | ${cell(parts.readMs)} | ${cell(parts.judgeMs)} | ${cell(parts.computeMs)} |`,
      );
    }
}

/** The popup after a worker stop beside the blank page after a stop, and how long each size took. */
export function printPopupAfterStop(results) {
  console.log('\nThe popup after a worker stop (median of 5) beside a blank extension page after a stop. Goal: ≤ 1.25×.\n');
  console.log('| activities | blank page | popup, kept numbers | ratio | popup, current numbers | ratio | this size took |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const { kept, current, blank } = r.popup;
    const ratio = (v) => `${(v / blank).toFixed(2)}× ${v <= 1.25 * blank ? 'met' : 'MISSED'}`;
    console.log(
      `| ${r.size.toLocaleString('en')} | ${cell(blank)} | ${cell(kept)} | ${ratio(kept)} | ${cell(current)} | ${ratio(current)} | ${Math.round(r.tookS)} s |`,
    );
  }
}
