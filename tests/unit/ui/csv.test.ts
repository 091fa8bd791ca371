import { describe, expect, it } from 'vitest';
import { localDay } from '../../../components/download';
import {
  activitiesToCsv,
  CSV_COLUMNS,
  csvToActivities,
  jsonToActivities,
  parseActivitiesFile,
  previewOf,
  protectCell,
  unprotectCell,
  usesDecimalComma,
} from '../../../lib/csv';
import { aManualCall, anActivity } from '../../builders/activity';

describe('CSV export and import', () => {
  const email = anActivity({
    subject: 'Pricing, "final" offer\nsecond line',
    recipients: [{ address: 'ann@buyer.example', name: 'Ann', role: 'to' }, { profileId: 'urn:li:fsd_profile:1' }],
    detection: { method: 'page-request', source: 'gmail-sync', ids: { threadId: 't-1', messageId: 'm-1' } },
    status: 'pending',
    confirmAt: Date.parse('2026-01-14T17:00:05.123Z'),
  });
  const deal = aManualCall({ kind: 'deal', amount: 1250.5, currency: 'EUR', note: 'ACME renewal' });

  it('round-trips every field exactly', () => {
    const csv = activitiesToCsv([email, deal]);
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const back = csvToActivities(csv);
    expect(back).toEqual({ ok: true, activities: [email, deal] });
  });

  it('protects cells a spreadsheet would run as formulas, and undoes it on import', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(protectCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(protectCell('plain')).toBe('plain');
    expect(protectCell("'=x")).toBe("''=x");
    expect(unprotectCell("''=x")).toBe("'=x");
    expect(unprotectCell("'plain")).toBe("'plain");

    const evil = anActivity({ subject: '=HYPERLINK("http://evil.example","x")', note: "'=already quoted" });
    const csv = activitiesToCsv([evil]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csvToActivities(csv)).toEqual({ ok: true, activities: [evil] });
  });

  it('names the first bad row and field', () => {
    const csv = activitiesToCsv([email, deal, anActivity()]);
    const lines = csv.split('\r\n');
    // Third data row: an unknown kind.
    lines[lines.length - 1] = lines[lines.length - 1]!.replace(',email,', ',fax,');
    const result = csvToActivities(lines.join('\r\n'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^row 3 \(kind\): /);

    const badDate = activitiesToCsv([deal]).replace(/,20\d\d-[^,]*Z,me,/, ',yesterday,me,');
    expect(csvToActivities(badDate)).toEqual({
      ok: false,
      error: 'row 1 (occurredAt): not a date: "yesterday"',
      problem: { reason: 'cell', row: 1, column: 'occurredAt', cell: 'notDate', value: 'yesterday' },
    });

    const badIds = activitiesToCsv([email]).replace('""threadId""', 'threadId');
    expect(csvToActivities(badIds)).toEqual({
      ok: false,
      error: 'row 1 (detectionIds): not valid JSON',
      problem: { reason: 'cell', row: 1, column: 'detectionIds', cell: 'notJson' },
    });
  });

  it('refuses a file without the required columns', () => {
    expect(csvToActivities('dedupeKey,b\n1,2')).toMatchObject({ ok: false, error: expect.stringContaining('missing column: id') });
  });

  it("says another tool's CSV is not a Quota Radar export, an empty file is empty, and a .json file is JSON", () => {
    expect(csvToActivities('Name,Email\nAnn,ann@buyer.example')).toMatchObject({ ok: false, problem: { reason: 'notOurs' } });
    expect(parseActivitiesFile('')).toMatchObject({ ok: false, problem: { reason: 'emptyFile' } });
    expect(parseActivitiesFile(' \r\n', 'backup.json')).toMatchObject({ ok: false, problem: { reason: 'emptyFile' } });
    expect(parseActivitiesFile('id,kind', 'backup.json')).toMatchObject({ ok: false, problem: { reason: 'notJsonFile' } });
  });

  it('reads exported JSON and tells the formats apart', () => {
    const json = JSON.stringify([email, deal]);
    expect(parseActivitiesFile(json)).toEqual({ ok: true, activities: [email, deal] });
    expect(parseActivitiesFile(JSON.stringify({ activities: [deal] }))).toEqual({ ok: true, activities: [deal] });
    expect(parseActivitiesFile(activitiesToCsv([deal]))).toEqual({ ok: true, activities: [deal] });
    expect(jsonToActivities(JSON.stringify([deal, { ...deal, amount: -1 }]))).toEqual({
      ok: false,
      error: expect.stringMatching(/^row 2 \(amount\): /),
      problem: { reason: 'invalid', row: 2, column: 'amount', issue: expect.objectContaining({ code: 'too_small', minimum: 0 }) },
    });
    expect(jsonToActivities('{nope')).toEqual({ ok: false, error: 'the file is not valid JSON', problem: { reason: 'notJsonFile' } });
  });

  it('previews count, date range and kinds', () => {
    const early = aManualCall({ occurredAt: 1000 });
    const late = anActivity({ occurredAt: 5000 });
    expect(previewOf([late, early, aManualCall({ occurredAt: 3000 })])).toEqual({
      count: 3,
      from: 1000,
      to: 5000,
      kinds: { email: 1, call: 2 },
    });
    expect(previewOf([])).toEqual({ count: 0, from: null, to: null, kinds: {} });
  });
});

describe('CSV for Excel (issue 27, point 10)', () => {
  const call = aManualCall({ kind: 'deal', amount: 1250.5, currency: 'RUB', occurredAt: Date.parse('2026-12-06T06:46:42.641Z') });

  it('in Russian: ";" between cells, a decimal comma, a BOM, and the local time with its offset; it imports back', () => {
    expect(usesDecimalComma('ru')).toBe(true);
    const csv = activitiesToCsv([call], [], { timeZone: 'Europe/Moscow', decimalComma: true, bom: true });
    expect(csv.startsWith('\uFEFFid;kind;channel;')).toBe(true);
    expect(csv).toContain(';2026-12-06T09:46:42.641+03:00;');
    expect(csv).toContain(';1250,5;RUB;');
    expect(parseActivitiesFile(csv)).toEqual({ ok: true, activities: [call] });
  });

  it('in English: "," and a decimal point, local time; the file is named by the local day', () => {
    expect(usesDecimalComma('en-US')).toBe(false);
    const csv = activitiesToCsv([call], [], { timeZone: 'America/Los_Angeles', bom: true });
    expect(csv).toContain(',2026-12-05T22:46:42.641-08:00,');
    expect(csv).toContain(',1250.5,RUB,');
    expect(parseActivitiesFile(csv)).toEqual({ ok: true, activities: [call] });
    expect(localDay(Date.parse('2026-12-06T21:46:42Z'), 'Asia/Vladivostok')).toBe('2026-12-07');
    expect(localDay(Date.parse('2026-12-06T21:46:42Z'), 'America/New_York')).toBe('2026-12-06');
  });
});
