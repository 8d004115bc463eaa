/**
 * Quantiles of Monte Carlo draws by selection (Hoare's quickselect), O(n) each instead of
 * the O(n log n) of a full sort, which dominated the analysis time.
 */

/**
 * Quantiles q in [0, 1] of `values`, interpolating linearly between order statistics (the
 * usual "type 7" definition). `values` is left untouched; `scratch` (same length) is reordered.
 */
export function quantiles(values: Float64Array, qs: readonly number[], scratch: Float64Array = new Float64Array(values.length)): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => NaN);
  const a = scratch.length === n ? scratch : scratch.subarray(0, n);
  a.set(values);
  return qs.map((q) => {
    const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
    const lo = Math.floor(pos);
    const low = orderStatistic(a, lo);
    return pos === lo ? low : low + (pos - lo) * (orderStatistic(a, lo + 1) - low);
  });
}

/** The k-th smallest value (0-based); reorders `a` so that a[k] holds it. */
export function orderStatistic(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three as pivot: sorted or nearly sorted input stays linear.
    if (a[mid] < a[left]) swap(a, left, mid);
    if (a[right] < a[left]) swap(a, left, right);
    if (a[right] < a[mid]) swap(a, mid, right);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[left..j] <= pivot <= a[i..right], and anything between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
