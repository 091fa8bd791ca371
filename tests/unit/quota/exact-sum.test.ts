import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addExact, exactSum, exactValue, mergeExact, type Partials } from '../../../lib/quota/exact-sum';

/** Amounts as a rep logs them: cents, and some with more places. */
const amount = fc.oneof(
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((cents) => cents / 100),
  fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
);

/** The exact sum of doubles as a rational with a power-of-two denominator (every double is one). */
function exactRational(values: readonly number[]): { num: bigint; exp: number } {
  // Each double is m · 2^e with m < 2^53, e ≥ −1074: scale all to 2^−1074.
  let num = 0n;
  for (const v of values) {
    if (v === 0) continue;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, v);
    const bits = view.getBigUint64(0);
    const sign = bits >> 63n ? -1n : 1n;
    const biased = Number((bits >> 52n) & 0x7ffn);
    const fraction = bits & ((1n << 52n) - 1n);
    const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
    const exponent = (biased === 0 ? 1 : biased) - 1075;
    num += sign * mantissa * (1n << BigInt(exponent + 1074));
  }
  return { num, exp: -1074 };
}

describe('exact sums', () => {
  it('equal the exact rational sum, correctly rounded, of any amounts', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 40 }), (values) => {
        const sum = exactSum(values);
        // Correctly rounded: the exact sum lies within half an ulp of the result.
        const { num } = exactRational(values);
        const result = exactRational([sum]).num;
        const error = num - result < 0n ? result - num : num - result;
        const ulp = Math.abs(sum) > 0 ? Math.abs(sum) * Number.EPSILON : Number.MIN_VALUE;
        const halfUlp = exactRational([ulp / 2]).num;
        expect(error <= halfUlp).toBe(true);
      }),
    );
  });

  it('do not depend on order or on how they are split and merged', () => {
    fc.assert(
      fc.property(
        fc
          .array(amount, { maxLength: 40 })
          .chain((values) =>
            fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }), fc.nat()),
          ),
        ([values, shuffled, cut]) => {
          const at = values.length ? cut % (values.length + 1) : 0;
          const first: Partials = [];
          const second: Partials = [];
          for (const v of shuffled.slice(0, at)) addExact(first, v);
          for (const v of shuffled.slice(at)) addExact(second, v);
          mergeExact(first, second);
          expect(exactValue(first)).toBe(exactSum(values));
        },
      ),
    );
  });

  it('keep a counterexample plain addition gets wrong: 0.1 + 0.2 + 0.3 is 0.6', () => {
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
    expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(exactSum([0.3, 0.2, 0.1])).toBe(0.6);
    // Large and small together, and an exact cancellation.
    expect(exactSum([1e16, 1, -1e16])).toBe(1);
    expect(exactSum([])).toBe(0);
  });
});
