/**
 * Money and units added exactly: the sum is the exact sum of the amounts, rounded once, whatever
 * their order and however they are split and merged. Reports add a year per day and then the days,
 * the popup adds a period in time order: with plain `+` the two could differ in the last digit (0.1
 * + 0.2 + 0.3 is 0.6000000000000001), and a quota of exactly 0.6 would be met on one and missed on
 * the other. Shewchuk's non-overlapping partials, as Python's `math.fsum` (msum and its final
 * half-even rounding): https://code.activestate.com/recipes/393090/ .
 */

/** Non-overlapping partial sums, smallest magnitude first; their exact total is the sum. */
export type Partials = number[];

/** Adds `x` to `partials` in place. Amounts are finite (checked at every boundary). */
export function addExact(partials: Partials, value: number): void {
  let x = value;
  let i = 0;
  for (let j = 0; j < partials.length; j += 1) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** Adds every partial of `other` to `partials` in place: the merge of two exact sums is exact. */
export function mergeExact(partials: Partials, other: readonly number[]): void {
  for (const value of other) addExact(partials, value);
}

/** The exact total, correctly rounded (half to even). */
export function exactValue(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half to even when the rest lies exactly halfway.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** The exact sum of a list of numbers. */
export function exactSum(values: Iterable<number>): number {
  const partials: Partials = [];
  for (const value of values) addExact(partials, value);
  return exactValue(partials);
}
