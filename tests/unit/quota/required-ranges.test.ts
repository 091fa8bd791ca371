import { describe, expect, it } from 'vitest';
import { requiredRanges } from '../../../lib/quota/progress';
import { defaultSettings, type Quota } from '../../../lib/settings';

const t = (iso: string) => Date.parse(iso);
const WED_NOON = t('2026-01-14T12:00:00-05:00');
const settings = defaultSettings('America/New_York');

const quota = (id: string, kinds: Quota['kinds'], period: Quota['period']): Quota => ({
  id,
  name: id,
  kinds,
  target: 10,
  period,
  measure: 'count',
  excludeInternal: false,
});

describe('requiredRanges', () => {
  it("gives each kind only its own quotas' look-back and current periods, plus this week's invitations", () => {
    const ranges = requiredRanges(
      [quota('calls', ['call'], 'month'), quota('deals', ['deal'], 'quarter'), quota('people', ['call', 'email'], 'week')],
      settings,
      WED_NOON,
    );
    expect(ranges).toEqual([
      // Month (Dec–Jan) widened by nothing: the week quota's span lies inside it.
      { kind: 'call', start: t('2025-12-01T00:00:00-05:00'), end: t('2026-02-01T00:00:00-05:00') },
      // The quarterly quota's previous quarter does not widen the calls' range.
      { kind: 'deal', start: t('2025-10-01T00:00:00-04:00'), end: t('2026-04-01T00:00:00-04:00') },
      // The week quota's streak look-back: the whole weeks that began within the last 31 days (on/after
      // Sun Dec 14): from Mon Dec 15, or Sun Dec 14 with weeks starting Sunday, to the end of this week.
      {
        kind: 'email',
        start: settings.weekStartsOn === 1 ? t('2025-12-15T00:00:00-05:00') : t('2025-12-14T00:00:00-05:00'),
        end: settings.weekStartsOn === 1 ? t('2026-01-19T00:00:00-05:00') : t('2026-01-18T00:00:00-05:00'),
      },
      {
        kind: 'linkedin_invite',
        start: settings.weekStartsOn === 1 ? t('2026-01-12T00:00:00-05:00') : t('2026-01-11T00:00:00-05:00'),
        end: settings.weekStartsOn === 1 ? t('2026-01-19T00:00:00-05:00') : t('2026-01-18T00:00:00-05:00'),
      },
    ]);
  });

  it('widens a kind counted by a weekly and a yearly quota to the union of both spans', () => {
    const ranges = requiredRanges([quota('w', ['call'], 'week'), quota('y', ['call'], 'year')], settings, WED_NOON);
    expect(ranges.find((r) => r.kind === 'call')).toEqual({
      kind: 'call',
      start: t('2025-01-01T00:00:00-05:00'),
      end: t('2027-01-01T00:00:00-05:00'),
    });
  });
});
