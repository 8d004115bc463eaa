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

export interface VanWestendorpResult {
  curves: VanWestendorpPoint[];
  /** Too cheap × expensive. */
  lowerBound: number | null;
  /** Too expensive × cheap. */
  upperBound: number | null;
  /** Too cheap × too expensive. */
  optimalPrice: number | null;
  /** Cheap × expensive. */
  indifferencePrice: number | null;
  /** Responses used. */
  respondents: number;
  /** Responses left out: missing or negative prices, or not tooCheap <= cheap <= expensive <= tooExpensive. */
  ignored: number;
}

export function vanWestendorp(responses: VanWestendorpResponse[]): VanWestendorpResult {
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
  return {
    curves,
    lowerBound: crossing(curves, "tooCheap", "expensive"),
    upperBound: crossing(curves, "cheap", "tooExpensive"),
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

type Curve = Exclude<keyof VanWestendorpPoint, "price">;

/**
 * The price where a descending curve meets an ascending one: the first grid point where
 * descending − ascending reaches 0, interpolated linearly from the point before it.
 * Null when they do not meet inside the grid.
 */
function crossing(points: VanWestendorpPoint[], descending: Curve, ascending: Curve): number | null {
  let prevGap = NaN;
  for (let i = 0; i < points.length; i++) {
    const gap = points[i][descending] - points[i][ascending];
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
