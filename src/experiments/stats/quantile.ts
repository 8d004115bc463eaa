/** Quantiles of Monte Carlo draws. */

/** Copies `values` into `into` (same length) and sorts it ascending. */
export function sortedCopy(values: Float64Array, into: Float64Array): Float64Array {
  into.set(values);
  return into.sort();
}

/** Quantile q in [0, 1] of ascending values, interpolating linearly between order statistics. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
