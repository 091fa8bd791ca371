import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../components/fieldErrors';
import { defaultQuotas, type Quota, QuotasToSave } from '../../../lib/settings';
import { speak } from './locale';

/** The quota editor's target and name (issue 21.12): one limit, one message; no two quotas of one name. */
describe('quota targets and names', () => {
  beforeEach(() => speak('en'));

  const errorsFor = (quotas: unknown) => {
    const parsed = QuotasToSave.safeParse(quotas);
    return parsed.success ? {} : fieldErrors(parsed.error, QuotasToSave);
  };
  const withTarget = (target: number, measure: Quota['measure'] = 'count') =>
    defaultQuotas().map((q, i) => (i === 0 ? { ...q, measure, target } : q));

  // The property's counterexample on the old schema: [0], "must be a number above zero and at most 1,000,000,000".
  it('"99999999999", "12.5", "0" and "-3" calls get the same message', () => {
    for (const target of [99_999_999_999, 12.5, 0, -3, Number.NaN]) {
      expect(errorsFor(withTarget(target))['0.target'], String(target)).toBe('Target: must be a whole number from 1 to 1,000,000');
    }
  });

  it('any bad count target gets that one message; any good one none', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 2_000_000 })), (target) => {
        const good = Number.isInteger(target) && target >= 1 && target <= 1_000_000;
        expect(errorsFor(withTarget(target))['0.target']).toBe(good ? undefined : 'Target: must be a whole number from 1 to 1,000,000');
      }),
      { numRuns: 200 },
    );
  });

  it('a revenue target is above 0 and at most the bound of every amount', () => {
    expect(errorsFor(withTarget(12.5, 'sum'))['0.target']).toBeUndefined();
    expect(errorsFor(withTarget(99_999_999_999, 'sum'))['0.target']).toBeUndefined();
    for (const target of [0, 1_000_000_000_001]) {
      expect(errorsFor(withTarget(target, 'sum'))['0.target']).toBe('Target: must be above 0 and at most 1,000,000,000,000');
    }
  });

  it('two quotas may not share a name (case and spaces aside)', () => {
    const quotas = defaultQuotas();
    const twins = [...quotas, { ...quotas[0]!, id: 'calls-2', name: ' calls ' }];
    expect(errorsFor(twins)['3.name']).toBe('Name: another quota already has this name');
    expect(errorsFor(quotas)).toEqual({});
  });
});
