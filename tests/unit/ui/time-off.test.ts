import { describe, expect, it } from 'vitest';
import { datesOfLines, linesOfDates } from '../../../components/settings/draftText';
import { defaultSettings, Settings } from '../../../lib/settings';

describe('time off as date ranges (issue 14)', () => {
  it('a range expands into its days, inclusive, across a month end', () => {
    expect(datesOfLines('2026-12-25\n2026-06-29 – 2026-07-02')).toEqual([
      '2026-12-25',
      '2026-06-29',
      '2026-06-30',
      '2026-07-01',
      '2026-07-02',
    ]);
    expect(datesOfLines('2026-06-29 - 2026-06-30')).toEqual(['2026-06-29', '2026-06-30']);
  });

  it('shows runs of days back as ranges', () => {
    expect(linesOfDates(['2026-07-02', '2026-06-30', '2026-07-01', '2026-12-25'])).toBe('2026-06-30 – 2026-07-02\n2026-12-25');
  });

  it('an inverted range or an impossible date reaches the schema, which refuses it', () => {
    for (const text of ['2026-07-14 – 2026-07-01', '2026-13-45']) {
      expect(Settings.safeParse({ ...defaultSettings('UTC'), nonWorkingDates: datesOfLines(text) }).success, text).toBe(false);
    }
  });
});
