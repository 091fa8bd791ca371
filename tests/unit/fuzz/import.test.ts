import { afterAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { activitiesToCsv, CSV_COLUMNS, decodeActivitiesFile, parseActivitiesFile } from '../../../lib/csv';
import { aManualCall, anActivity } from '../../builders/activity';
import { createHarness, type Harness } from '../service/harness';
import { dumpStore, FUZZ_FULL, FuzzReport, prototypeSnapshot, seeded } from './fuzz-kit';

/**
 * Import files as a user may pick them, through the import path (the file's bytes decoded and parsed
 * by lib/csv.ts, then `activity/import` through the background's handle): each ends in a clear
 * error or a correct result, and a refused file leaves the store byte for byte as it was.
 */

const SEED = 4004;
const report = new FuzzReport();
afterAll(() => report.print(`import files (seed ${SEED})`));

const utf8 = (text: string) => new TextEncoder().encode(text);

function sample(count = 12): Activity[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0
      ? aManualCall({ note: `café ${i} — straße, 東京 =SUM(A1)`, occurredAt: Date.parse('2026-01-10T15:00:00.000Z') + i * 60_000 })
      : anActivity({ subject: `Proposal ${i} +1 @team`, occurredAt: Date.parse('2026-01-10T15:00:00.000Z') + i * 60_000 }),
  );
}

/** Runs one file through the import path; returns the activities stored by it, or the error. */
async function importFile(
  harness: Harness,
  kind: string,
  bytes: Uint8Array,
): Promise<{ ok: true; activities: Activity[] } | { ok: false; error: string }> {
  const before = await dumpStore(harness);
  let outcome: { ok: true; activities: Activity[] } | { ok: false; error: string };
  try {
    const parsed = decodeActivitiesFile(bytes);
    if (!parsed.ok) outcome = parsed;
    else {
      const response = await harness.service.handle({ type: 'activity/import', activities: parsed.activities });
      outcome = response.ok ? { ok: true, activities: parsed.activities } : response;
    }
  } catch (error) {
    report.note(kind, 'crashed', `threw ${String(error)}`);
    throw error;
  }
  if (outcome.ok) report.note(kind, 'accepted', `${outcome.activities.length} activities`);
  else {
    expect(outcome.error.length, `error for ${kind}`).toBeGreaterThan(0);
    expect(outcome.error.length).toBeLessThan(300);
    // Refused: nothing written.
    expect((await dumpStore(harness)).equals(before), `${kind}: store changed after "${outcome.error}"`).toBe(true);
    report.note(kind, 'refused', outcome.error);
  }
  return outcome;
}

async function withHarness(run: (harness: Harness) => Promise<void>): Promise<void> {
  const harness = await createHarness();
  // Something already stored, so that "unchanged" means something.
  await harness.store.importAll([anActivity({ subject: 'already here' }), aManualCall()]);
  try {
    await run(harness);
  } finally {
    harness.close();
  }
}

describe('import fuzz', () => {
  it('a file of ours, as CSV and as JSON, with and without a byte-order mark: imported exactly', async () => {
    await withHarness(async (harness) => {
      const activities = sample();
      const csv = activitiesToCsv(activities);
      const json = JSON.stringify({ activities });
      for (const [kind, bytes] of [
        ['ours: CSV', utf8(csv)],
        ['ours: JSON', utf8(json)],
        ['byte-order mark: UTF-8 CSV', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv)])],
        ['byte-order mark: UTF-8 JSON', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(json)])],
      ] as const) {
        const result = await importFile(harness, kind, bytes);
        expect(result, kind).toEqual({ ok: true, activities });
      }
      // The store holds them exactly (the export is the round trip).
      const stored = await harness.service.handle({ type: 'activity/export' });
      for (const a of activities) expect((stored as { data: Activity[] }).data).toContainEqual(a);
    });
  });

  it('UTF-16 with its byte-order mark is read; Latin-1 and UTF-16 without one are refused', async () => {
    await withHarness(async (harness) => {
      const activities = sample(4);
      const csv = activitiesToCsv(activities);
      const utf16le = new Uint8Array(2 + csv.length * 2);
      const utf16be = new Uint8Array(2 + csv.length * 2);
      utf16le.set([0xff, 0xfe]);
      utf16be.set([0xfe, 0xff]);
      for (let i = 0; i < csv.length; i += 1) {
        const code = csv.charCodeAt(i);
        utf16le.set([code & 0xff, code >> 8], 2 + i * 2);
        utf16be.set([code >> 8, code & 0xff], 2 + i * 2);
      }
      expect(await importFile(harness, 'wrong encoding: UTF-16 LE with BOM', utf16le)).toMatchObject({ ok: true, activities });
      expect(await importFile(harness, 'wrong encoding: UTF-16 BE with BOM', utf16be)).toMatchObject({ ok: true, activities });
      const noBom = utf16le.slice(2);
      expect(await importFile(harness, 'wrong encoding: UTF-16 LE without BOM', noBom)).toMatchObject({
        ok: false,
        error: expect.stringContaining('not UTF-8'),
      });
      // Latin-1: é is one byte 0xE9, invalid in UTF-8.
      const latin1 = Uint8Array.from(csv, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f));
      expect(await importFile(harness, 'wrong encoding: Latin-1', latin1)).toMatchObject({
        ok: false,
        error: expect.stringContaining('not UTF-8'),
      });
      // The text-level entry refuses UTF-16 read as UTF-8 (NULs), too.
      expect(parseActivitiesFile(new TextDecoder().decode(noBom))).toMatchObject({
        ok: false,
        error: expect.stringContaining('not UTF-8'),
      });
    });
  });

  it('truncated at random places: refused, or exactly the complete rows before the cut', async () => {
    const rand = seeded(SEED);
    await withHarness(async (harness) => {
      const activities = sample(10);
      for (const [format, text] of [
        ['CSV', activitiesToCsv(activities)],
        ['JSON', JSON.stringify(activities)],
      ] as const) {
        const bytes = utf8(text);
        for (let i = 0; i < 60; i += 1) {
          const cut = 1 + Math.floor(rand() * (bytes.length - 2));
          const result = await importFile(harness, `truncated ${format}`, bytes.slice(0, cut));
          if (result.ok) {
            // Whatever was imported is exactly rows of the original, in order: never a changed row.
            expect(activities.slice(0, result.activities.length), `cut at ${cut}`).toEqual(result.activities);
          }
        }
      }
    });
  });

  it('duplicate ids: the same row twice is kept once; two different rows under one id are refused', async () => {
    await withHarness(async (harness) => {
      const [a, b] = sample(2) as [Activity, Activity];
      const same = await importFile(harness, 'duplicate ids: identical rows', utf8(activitiesToCsv([a, b, a])));
      expect(same).toEqual({ ok: true, activities: [a, b] });
      const clash = await importFile(
        harness,
        'duplicate ids: different rows',
        utf8(activitiesToCsv([a, b, { ...b, id: a.id, dedupeKey: 'other' }])),
      );
      expect(clash).toEqual({
        ok: false,
        error: 'row 3 (id): the same id as row 1, with different values',
        problem: { reason: 'duplicateId', row: 3, earlierRow: 1 },
      });
      const json = await importFile(harness, 'duplicate ids: different rows', utf8(JSON.stringify([a, { ...a, note: 'changed' }])));
      expect(json).toMatchObject({ ok: false });
    });
  });

  it('extra and missing columns, extra and missing cells', async () => {
    await withHarness(async (harness) => {
      const activities = sample(3);
      const lines = activitiesToCsv(activities).split('\r\n');
      const extraColumn = lines.map((line, i) => `${line},${i === 0 ? 'myNotes' : 'whatever'}`).join('\r\n');
      expect(await importFile(harness, 'extra column', utf8(extraColumn))).toEqual({ ok: true, activities });
      for (const column of CSV_COLUMNS) {
        const index = CSV_COLUMNS.indexOf(column);
        const dropped = activitiesToCsv(activities)
          .split('\r\n')
          .map((line) =>
            splitCsvLine(line)
              .filter((_, i) => i !== index)
              .map(quote)
              .join(','),
          )
          .join('\r\n');
        const result = await importFile(harness, 'missing column', utf8(dropped));
        if (result.ok) {
          // Only optional columns may be missing; the rest of each row is kept.
          expect(result.activities.map((a) => a.id)).toEqual(activities.map((a) => a.id));
        } else expect(result.error).toMatch(/missing column|row 1/);
      }
      const tooMany = [lines[0], `${lines[1]},surplus`].join('\r\n');
      expect(await importFile(harness, 'extra cell in a row', utf8(tooMany))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^row 1/),
      });
      const tooFew = [lines[0], lines[1]!.split(',').slice(0, 5).join(',')].join('\r\n');
      expect(await importFile(harness, 'missing cells in a row', utf8(tooFew))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^row 1/),
      });
    });
  });

  it('formula-like cells are stored as text, and a protected one loses exactly its guard', async () => {
    await withHarness(async (harness) => {
      const formulas = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '=HYPERLINK("http://x.example","click")', "'=already", '\t=tab'];
      const activities = formulas.map((f) => aManualCall({ note: f }));
      const csv = activitiesToCsv(activities);
      expect(csv).not.toMatch(/(^|,)[=+@]/m); // the export guards them
      expect(await importFile(harness, 'formula-like cells (guarded, as exported)', utf8(csv))).toEqual({ ok: true, activities });
      // Unguarded, as a spreadsheet saves them back: kept as the text they are.
      const raw = csv.replaceAll(",'=", ',=').replaceAll(",'+", ',+').replaceAll(",'@", ',@');
      const result = await importFile(harness, 'formula-like cells (unguarded)', utf8(raw));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.activities.map((a) => a.note)).toEqual(formulas);
    });
  });

  const rows = FUZZ_FULL ? 100_000 : 10_000;
  it(`${rows.toLocaleString('en')} rows: imported whole, in one transaction`, { timeout: 300_000 }, async () => {
    await withHarness(async (harness) => {
      const start = Date.parse('2025-10-01T00:00:00.000Z');
      const activities = Array.from({ length: rows }, (_, i) =>
        i % 2 ? aManualCall({ occurredAt: start + i * 60_000 }) : anActivity({ occurredAt: start + i * 60_000 }),
      );
      const csv = activitiesToCsv(activities);
      const began = Date.now();
      const result = await importFile(harness, `${rows} rows`, utf8(csv));
      expect(result.ok).toBe(true);
      expect(await harness.store.count()).toBe(rows + 2);
      console.log(
        `[fuzz] ${rows} rows: ${(csv.length / 1e6).toFixed(1)} MB parsed and imported in ${((Date.now() - began) / 1000).toFixed(1)} s`,
      );
    });
  });

  it('files that are not ours: refused with a clear error', async () => {
    const rand = seeded(SEED + 1);
    const prototypeBefore = prototypeSnapshot();
    await withHarness(async (harness) => {
      const png = new Uint8Array([
        0x89,
        0x50,
        0x4e,
        0x47,
        0x0d,
        0x0a,
        0x1a,
        0x0a,
        ...Array.from({ length: 200 }, () => Math.floor(rand() * 256)),
      ]);
      const cases: [string, Uint8Array][] = [
        ['empty file', new Uint8Array()],
        ['contacts CSV', utf8('name,email,phone\r\nAnn,ann@buyer.example,123\r\n')],
        ['HTML page', utf8('<!doctype html><html><body>hello</body></html>')],
        ['PNG picture', png],
        ['JSON of something else', utf8('{"users":[{"name":"Ann"}]}')],
        ['JSON array of other objects', utf8('[{"name":"Ann"},{"name":"Bob"}]')],
        ['JSON with __proto__', utf8('{"activities":[{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}]}')],
        ['JSON null', utf8('null')],
        ['deeply nested JSON', utf8(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
        ['random bytes', Uint8Array.from({ length: 5000 }, () => Math.floor(rand() * 256))],
        ['random text', utf8(Array.from({ length: 3000 }, () => String.fromCharCode(32 + Math.floor(rand() * 90))).join(''))],
      ];
      for (const [kind, bytes] of cases) {
        const result = await importFile(harness, `not ours: ${kind}`, bytes);
        expect(result.ok, kind).toBe(false);
      }
    });
    expect(prototypeSnapshot()).toBe(prototypeBefore);
  });

  it('a refused import through the protocol (one bad row among many valid ones) leaves the store byte for byte unchanged', async () => {
    await withHarness(async (harness) => {
      const before = await dumpStore(harness);
      const rows: unknown[] = sample(500);
      rows.push({ ...(rows[0] as Activity), id: 'x', kind: 'fax' });
      const response = await harness.service.handle({ type: 'activity/import', activities: rows });
      expect(response).toMatchObject({ ok: false, error: expect.stringMatching(/^row 501/) });
      expect((await dumpStore(harness)).equals(before)).toBe(true);
      report.note('protocol import with one bad row', 'refused', response.ok ? '' : response.error);
    });
  });
});

/** Splits one CSV line into cells (quotes honoured), for building damaged files. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
