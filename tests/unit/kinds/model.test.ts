import { describe, expect, it } from 'vitest';
import { Activity, ActivityKind, CustomKindId, isPlainActivity, ListFilter } from '../../../lib/activity';
import { activitiesToCsv, backupJson, CSV_COLUMNS, parseActivitiesFile } from '../../../lib/csv';
import { CustomKind, CustomKinds, customKindIdFor, customKindName } from '../../../lib/kinds';
import { ManualEntry, Request } from '../../../lib/messages';
import { createAccumulator, quotaExclusion } from '../../../lib/quota/measure';
import { conversionOf, periodReport, reportInterval, wonSummary } from '../../../lib/quota/report';
import { defaultQuotas, defaultSettings, type Quota, Quota as QuotaSchema } from '../../../lib/settings';
import { factOf } from '../../../lib/store/packs';
import { aManualCall, anActivity } from '../../builders/activity';

const visit: CustomKind = { id: 'custom:site-visit', names: { en: 'Site visit', ru: 'Выезд' }, oneClick: true, hidden: false };
const settings = defaultSettings('America/New_York');

describe('kind ids', () => {
  it('accepts the built-in kinds, old and new, and custom:<slug> ids', () => {
    for (const kind of ['email', 'deal', 'work_report', 'demo', 'new_customer', 'custom:site-visit', 'custom:a1', 'custom:x-2-y'])
      expect(ActivityKind.safeParse(kind).success, kind).toBe(true);
  });

  it('refuses anything else: unknown words, bad slugs, too long', () => {
    for (const kind of [
      'fax',
      'custom:',
      'custom:Site',
      'custom:site_visit',
      'custom:-a',
      'custom:a--b',
      'custom:a-',
      `custom:${'a'.repeat(41)}`,
      'Custom:a',
      1,
    ])
      expect(ActivityKind.safeParse(kind).success, String(kind)).toBe(false);
    expect(CustomKindId.safeParse('email').success).toBe(false);
    expect(CustomKindId.safeParse(`custom:${'a'.repeat(40)}`).success).toBe(true);
  });

  it('validates kinds wherever one is accepted: activity, quota, list filter, manual entry, import request', () => {
    expect(Activity.safeParse(aManualCall({ kind: 'custom:site-visit' })).success).toBe(true);
    expect(Activity.safeParse({ ...aManualCall(), kind: 'custom:Bad' }).success).toBe(false);
    const quota: Quota = {
      id: 'q',
      name: 'Visits',
      kinds: ['custom:site-visit', 'demo'],
      target: 5,
      period: 'week',
      measure: 'count',
      excludeInternal: false,
    };
    expect(QuotaSchema.safeParse(quota).success).toBe(true);
    expect(QuotaSchema.safeParse({ ...quota, kinds: ['custom:'] }).success).toBe(false);
    expect(ListFilter.safeParse({ kinds: ['custom:site-visit', 'new_customer'] }).success).toBe(true);
    expect(ListFilter.safeParse({ kinds: ['nope'] }).success).toBe(false);
    expect(ManualEntry.safeParse({ kind: 'custom:site-visit' }).success).toBe(true);
    expect(ManualEntry.safeParse({ kind: 'email' }).success).toBe(false);
    expect(ManualEntry.safeParse({ kind: 'new_customer', amount: 100, units: 3 }).success).toBe(true);
    expect(ManualEntry.safeParse({ kind: 'deal', units: 2.5 }).success).toBe(false);
    expect(Request.safeParse({ type: 'activity/import', activities: [], createKinds: ['custom:ok'] }).success).toBe(true);
    expect(Request.safeParse({ type: 'activity/import', activities: [], createKinds: ['nope'] }).success).toBe(false);
    expect(Request.safeParse({ type: 'kinds/remove', id: 'custom:a', activities: 'delete', confirmDelete: false }).success).toBe(false);
  });

  it('keeps the fast read check in agreement with the schema for kinds and units', () => {
    for (const value of [
      aManualCall({ kind: 'custom:site-visit' }),
      aManualCall({ kind: 'new_customer', amount: 10, units: 4 }),
      { ...aManualCall(), kind: 'custom:Bad' },
      { ...aManualCall(), units: 1.5 },
      { ...aManualCall(), units: -1 },
    ])
      expect(isPlainActivity(value)).toBe(Activity.safeParse(value).success);
  });

  it('makes ids from names, Latin or Cyrillic, never reusing a taken one', () => {
    expect(customKindIdFor('Site visit', new Set())).toBe('custom:site-visit');
    expect(customKindIdFor('Выезд к клиенту', new Set())).toBe('custom:vyezd-k-klientu');
    expect(customKindIdFor('!!!', new Set())).toBe('custom:kind');
    expect(customKindIdFor('Site visit', new Set(['custom:site-visit', 'custom:site-visit-2']))).toBe('custom:site-visit-3');
    expect(CustomKindId.safeParse(customKindIdFor('x'.repeat(200), new Set())).success).toBe(true);
  });

  it('names a kind in the UI language, else in the other one; needs at least one name', () => {
    expect(customKindName(visit, 'ru-RU')).toBe('Выезд');
    expect(customKindName({ names: { ru: 'Выезд' } }, 'en')).toBe('Выезд');
    expect(CustomKind.safeParse({ ...visit, names: {} }).success).toBe(false);
    expect(CustomKind.safeParse({ ...visit, names: { en: '  ' } }).success).toBe(false);
    expect(CustomKinds.safeParse([visit, visit]).success).toBe(false);
  });

  it('keeps the default first-run quotas: 150 calls, 200 emails, 50 social touches a month', () => {
    expect(defaultQuotas().map((q) => [q.target, q.period, q.kinds])).toEqual([
      [150, 'month', ['call']],
      [200, 'month', ['email']],
      // Messenger messages count as touches once a messenger is on (issue 27, point 4).
      [50, 'month', ['linkedin_message', 'linkedin_invite', 'inmail', 'social_touch', 'messenger_message']],
    ]);
  });
});

describe('units', () => {
  const unitsQuota: Quota = {
    id: 'u',
    name: 'Units',
    kinds: ['deal', 'new_customer'],
    target: 100,
    period: 'month',
    measure: 'units',
    excludeInternal: false,
  };

  it('a units quota sums units of deals and new customers; a sale without units adds none', () => {
    const acc = createAccumulator(unitsQuota, settings);
    expect(acc.add(aManualCall({ kind: 'deal', amount: 1000, units: 7 }))).toBe(7);
    expect(acc.add(aManualCall({ kind: 'new_customer', units: 3 }))).toBe(3);
    expect(acc.add(aManualCall({ kind: 'deal', amount: 500 }))).toBe(0);
    expect(acc.add(aManualCall({ kind: 'call', units: 9 }))).toBe(0);
    expect(quotaExclusion(aManualCall({ kind: 'deal' }), unitsQuota, settings)).toBe('no_units');
  });

  it('a units target is a whole number, like a count', () => {
    expect(QuotaSchema.safeParse({ ...unitsQuota, target: 10.5 }).success).toBe(false);
    expect(QuotaSchema.safeParse(unitsQuota).success).toBe(true);
  });

  it('day pack facts keep units (what a fresh worker sums)', () => {
    expect(factOf(aManualCall({ kind: 'deal', units: 5 })).units).toBe(5);
    expect('units' in factOf(aManualCall({ kind: 'deal' }))).toBe(false);
  });
});

describe('report: won and conversion', () => {
  it('turns 150 calls + 200 emails + 50 social touches into 30 opportunities: 1 per 13.3 activities (7.5 %)', () => {
    const kinds = [
      ...Array<string>(150).fill('call'),
      ...Array<string>(200).fill('email'),
      ...Array<string>(50).fill('social_touch'),
      ...Array<string>(30).fill('opportunity'),
      ...Array<string>(4).fill('deal'),
      ...Array<string>(2).fill('new_customer'),
      ...Array<string>(8).fill('work_report'),
    ].map((kind) => ({ kind: kind as ActivityKind }));
    const c = conversionOf(kinds);
    expect(c).toMatchObject({ activities: 400, opportunities: 30, deals: 6, outreach: { call: 150, email: 200, social_touch: 50 } });
    expect(c.perOpportunity).toBeCloseTo(13.333, 3);
    expect(c.opportunityRate).toBeCloseTo(0.075, 6);
    expect(c.perDeal).toBe(5);
    expect(c.dealRate).toBeCloseTo(0.2, 6);
    // The rep's own kinds are outreach; work reports are not.
    expect(conversionOf([{ kind: 'custom:site-visit' }, { kind: 'work_report' }]).outreach).toEqual({ 'custom:site-visit': 1 });
    expect(conversionOf([]).perOpportunity).toBeNull();
  });

  it('sums won revenue per currency and units', () => {
    const won = wonSummary([
      { kind: 'deal', amount: 1000, currency: 'USD', units: 2 },
      { kind: 'new_customer', amount: 500, currency: 'USD', units: 1 },
      { kind: 'deal', amount: 300, currency: 'EUR' },
      { kind: 'opportunity', amount: 99_999, currency: 'USD', units: 50 },
    ]);
    expect(won).toEqual({
      sales: 3,
      revenue: [
        { currency: 'USD', amount: 1500 },
        { currency: 'EUR', amount: 300 },
      ],
      units: 3,
    });
  });

  it('the period report carries them, counting only what counts in the period', () => {
    const now = Date.parse('2026-01-14T12:00:00-05:00');
    const interval = reportInterval('this_week', now, settings);
    const inWeek = Date.parse('2026-01-13T10:00:00-05:00');
    const report = periodReport({
      quotas: [],
      settings,
      now,
      interval,
      activities: [
        aManualCall({ occurredAt: inWeek }),
        anActivity({ occurredAt: inWeek }),
        aManualCall({ kind: 'opportunity', occurredAt: inWeek }),
        aManualCall({ kind: 'deal', amount: 100, currency: 'USD', units: 4, occurredAt: inWeek }),
        aManualCall({ kind: 'deal', amount: 900, currency: 'USD', units: 40, occurredAt: inWeek, status: 'retracted' }),
        aManualCall({ kind: 'deal', amount: 900, currency: 'USD', units: 40, occurredAt: Date.parse('2026-01-05T10:00:00-05:00') }),
      ],
    });
    expect(report.won).toEqual({ sales: 1, revenue: [{ currency: 'USD', amount: 100 }], units: 4 });
    expect(report.conversion).toMatchObject({ activities: 2, opportunities: 1, deals: 1, perOpportunity: 2, dealRate: 1 });
  });
});

describe('export and import files', () => {
  const custom = aManualCall({ kind: 'custom:site-visit', note: 'Plant tour' });
  const sale = aManualCall({ kind: 'new_customer', amount: 2500, currency: 'EUR', units: 12 });

  it('a JSON backup carries the definitions of the kinds its activities use', () => {
    const other: CustomKind = { id: 'custom:unused', names: { en: 'Unused' }, oneClick: false, hidden: false };
    const text = backupJson([custom, sale], [visit, other]);
    expect(JSON.parse(text)).toMatchObject({ format: 'quota-radar-backup', version: 2, kinds: [visit] });
    const parsed = parseActivitiesFile(text);
    expect(parsed).toEqual({ ok: true, activities: [custom, sale], kinds: [visit] });
  });

  it('a CSV names custom kinds by id with their names in kindNameEn / kindNameRu, and carries units', () => {
    const csv = activitiesToCsv([custom, sale], [visit]);
    expect(CSV_COLUMNS).toEqual(expect.arrayContaining(['units', 'kindNameEn', 'kindNameRu']));
    const parsed = parseActivitiesFile(csv);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.activities).toEqual([custom, sale]);
    // A definition rebuilt from the names (popup button and hidden are this install's choice, not the file's).
    expect(parsed.kinds).toEqual([{ ...visit, oneClick: false }]);
  });

  it('old files still import: a bare JSON array, and a CSV without units or name columns', () => {
    const old = aManualCall({ kind: 'deal', amount: 100, currency: 'USD' });
    expect(parseActivitiesFile(JSON.stringify([old]))).toEqual({ ok: true, activities: [old] });
    expect(parseActivitiesFile(JSON.stringify({ activities: [old] }))).toEqual({ ok: true, activities: [old] });
    const header = CSV_COLUMNS.filter((c) => !['units', 'kindNameEn', 'kindNameRu'].includes(c));
    const full = activitiesToCsv([old]).split('\r\n');
    const columns = full[0]!.split(',');
    const keep = header.map((c) => columns.indexOf(c));
    const row = full[1]!.split(',');
    const oldCsv = [header.join(','), keep.map((i) => row[i]).join(',')].join('\r\n');
    expect(parseActivitiesFile(oldCsv)).toEqual({ ok: true, activities: [old] });
  });

  it('refuses a backup whose kinds section does not fit', () => {
    const bad = JSON.stringify({ format: 'quota-radar-backup', version: 2, kinds: [{ ...visit, names: {} }], activities: [custom] });
    const parsed = parseActivitiesFile(bad);
    expect(parsed.ok).toBe(false);
  });
});
