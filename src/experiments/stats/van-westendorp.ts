/** Van Westendorp price sensitivity meter, for the willingness-to-pay survey question. */

export interface VanWestendorpResponse {
  tooCheap: number;
  cheap: number;
  expensive: number;
  tooExpensive: number;
}

/** Shares of respondents at one price, for plotting the four cumulative curves. */
export interface VanWestendorpPoint {
  price: number;
  /** Share whose "too cheap" price is >= price (descending). */
  tooCheap: number;
  /** Share whose "cheap" price is >= price (descending). */
  cheap: number;
  /** Share whose "expensive" price is <= price (ascending). */
  expensive: number;
  /** Share whose "too expensive" price is <= price (ascending). */
  tooExpensive: number;
}

/**
 * Which curves the acceptable range's bounds pair. "threshold" (ours, as in Van Westendorp's
 * common write-ups): too cheap × expensive and too expensive × cheap. "psm" (the R package
 * pricesensitivitymeter): too cheap × not cheap (1 − cheap) and too expensive × not expensive
 * (1 − expensive). The optimal and indifference prices are the same in both.
 */
export type VanWestendorpConvention = "threshold" | "psm";
export const VAN_WESTENDORP_CONVENTIONS: readonly VanWestendorpConvention[] = ["threshold", "psm"];

export interface VanWestendorpResult {
  curves: VanWestendorpPoint[];
  convention: VanWestendorpConvention;
  /** The range's lower bound in the chosen convention (ours: too cheap × expensive). */
  lowerBound: number | null;
  /** The range's upper bound in the chosen convention (ours: too expensive × cheap). */
  upperBound: number | null;
  /** Both conventions' bounds, so a page can show the other one beside the chosen. */
  bounds: Record<VanWestendorpConvention, { lower: number | null; upper: number | null }>;
  /** Too cheap × too expensive. */
  optimalPrice: number | null;
  /** Cheap × expensive. */
  indifferencePrice: number | null;
  /** Responses used. */
  respondents: number;
  /** Responses left out: missing or negative prices, or not tooCheap <= cheap <= expensive <= tooExpensive. */
  ignored: number;
}

export function vanWestendorp(responses: VanWestendorpResponse[], convention: VanWestendorpConvention = "threshold"): VanWestendorpResult {
  const valid = responses.filter(isConsistent);
  const answers = {
    tooCheap: sortedValues(valid, "tooCheap"),
    cheap: sortedValues(valid, "cheap"),
    expensive: sortedValues(valid, "expensive"),
    tooExpensive: sortedValues(valid, "tooExpensive"),
  };
  const n = valid.length;
  const grid = [...new Set([...answers.tooCheap, ...answers.cheap, ...answers.expensive, ...answers.tooExpensive])].sort((a, b) => a - b);
  const curves = grid.map((price) => ({
    price,
    tooCheap: (n - countBelow(answers.tooCheap, price)) / n,
    cheap: (n - countBelow(answers.cheap, price)) / n,
    expensive: countAtMost(answers.expensive, price) / n,
    tooExpensive: countAtMost(answers.tooExpensive, price) / n,
  }));
  const bounds = {
    threshold: { lower: crossing(curves, "tooCheap", "expensive"), upper: crossing(curves, "cheap", "tooExpensive") },
    psm: { lower: crossing(curves, "tooCheap", "notCheap"), upper: crossing(curves, "notExpensive", "tooExpensive") },
  };
  return {
    curves,
    convention,
    lowerBound: bounds[convention].lower,
    upperBound: bounds[convention].upper,
    bounds,
    optimalPrice: crossing(curves, "tooCheap", "tooExpensive"),
    indifferencePrice: crossing(curves, "cheap", "expensive"),
    respondents: n,
    ignored: responses.length - n,
  };
}

function isConsistent(r: VanWestendorpResponse): boolean {
  const prices = [r.tooCheap, r.cheap, r.expensive, r.tooExpensive];
  if (!prices.every((p) => typeof p === "number" && Number.isFinite(p) && p >= 0)) return false;
  return r.tooCheap <= r.cheap && r.cheap <= r.expensive && r.expensive <= r.tooExpensive;
}

function sortedValues(responses: VanWestendorpResponse[], field: keyof VanWestendorpResponse): number[] {
  return responses.map((r) => r[field]).sort((a, b) => a - b);
}

/** How many sorted values are < x. */
function countBelow(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many sorted values are <= x. */
function countAtMost(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Curve = Exclude<keyof VanWestendorpPoint, "price"> | "notCheap" | "notExpensive";

/** A curve's value at a point; "not cheap" and "not expensive" are the complements. */
function valueOf(p: VanWestendorpPoint, curve: Curve): number {
  if (curve === "notCheap") return 1 - p.cheap;
  if (curve === "notExpensive") return 1 - p.expensive;
  return p[curve];
}

/**
 * The price where a descending curve meets an ascending one: the first grid point where
 * descending − ascending reaches 0, interpolated linearly from the point before it.
 * Null when they do not meet inside the grid.
 */
function crossing(points: VanWestendorpPoint[], descending: Curve, ascending: Curve): number | null {
  let prevGap = NaN;
  for (let i = 0; i < points.length; i++) {
    const gap = valueOf(points[i], descending) - valueOf(points[i], ascending);
    if (gap <= 0) {
      if (gap === 0) return points[i].price;
      if (i === 0) return null;
      const from = points[i - 1].price;
      return from + ((points[i].price - from) * prevGap) / (prevGap - gap);
    }
    prevGap = gap;
  }
  return null;
}
