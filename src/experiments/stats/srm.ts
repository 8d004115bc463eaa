/** Sample ratio mismatch: does the observed traffic split match the weights in force? */
import { chiSquareSurvival } from "./special";

export interface WeightPeriod {
  /** Weights in force during the period (normalized if they do not sum to 1). */
  weights: number[];
  /** Exposures per variant during the period; only their total is used. */
  exposures: number[];
}

export interface SrmResult {
  chiSquare: number;
  pValue: number;
  df: number;
  flagged: boolean;
}

export const SRM_P_THRESHOLD = 0.001;
export const SRM_MIN_EXPOSURES = 8;

/**
 * χ² goodness of fit of the observed exposures. With changing weights (bandit mode, edits),
 * a variant's expected share is Σ_periods total_p × weight_pk / Σ total_p, scaled to the
 * observed total. Flagged when p < 0.001 and every variant that should get traffic has at
 * least 8 exposures (below that the χ² approximation is unreliable).
 */
export function srmCheck(observed: number[], expectedWeights: number[] | { periods: WeightPeriod[] }): SrmResult {
  const shares = Array.isArray(expectedWeights)
    ? normalized(expectedWeights, observed.length)
    : periodShares(expectedWeights.periods, observed.length);
  let total = 0;
  for (const o of observed) {
    if (!Number.isInteger(o) || o < 0) throw new RangeError("observed exposures must be integers >= 0");
    total += o;
  }

  let chiSquare = 0;
  let cells = 0;
  let enoughExposures = true;
  for (let k = 0; k < observed.length; k++) {
    const expected = total * shares[k];
    if (shares[k] === 0) {
      // Traffic where none is expected is a mismatch whatever its size.
      if (observed[k] > 0) chiSquare = Infinity;
      continue;
    }
    cells++;
    if (observed[k] < SRM_MIN_EXPOSURES) enoughExposures = false;
    chiSquare += (observed[k] - expected) ** 2 / expected;
  }
  const df = Math.max(cells - 1, 0);
  const pValue = total === 0 ? 1 : df === 0 ? (chiSquare === Infinity ? 0 : 1) : chiSquareSurvival(chiSquare, df);
  return { chiSquare, pValue, df, flagged: enoughExposures && total > 0 && pValue < SRM_P_THRESHOLD };
}

function normalized(weights: number[], variants: number): number[] {
  if (weights.length !== variants) throw new RangeError("one weight per variant is needed");
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError("weights must be finite numbers >= 0");
    sum += w;
  }
  if (!(sum > 0)) throw new RangeError("weights must not all be 0");
  return weights.map((w) => w / sum);
}

function periodShares(periods: WeightPeriod[], variants: number): number[] {
  if (periods.length === 0) throw new RangeError("at least one period is needed");
  const expected = new Array<number>(variants).fill(0);
  let grand = 0;
  for (const period of periods) {
    const weights = normalized(period.weights, variants);
    if (period.exposures.length !== variants) throw new RangeError("one exposure count per variant and period is needed");
    const periodTotal = period.exposures.reduce((a, b) => a + b, 0);
    for (let k = 0; k < variants; k++) expected[k] += periodTotal * weights[k];
    grand += periodTotal;
  }
  // No traffic in any period: the latest weights are the ones in force.
  if (grand === 0) return normalized(periods[periods.length - 1].weights, variants);
  return expected.map((e) => e / grand);
}
