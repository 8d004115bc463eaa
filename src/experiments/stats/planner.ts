/** Sample sizes and durations for the owner's planning screen. */
import { inverseNormalCdf } from "./special";

export interface PowerOptions {
  /** Two-sided significance level. */
  alpha?: number;
  power?: number;
}

/**
 * Visitors per variant to detect a relative lift δ on a conversion rate p:
 * n = 2 (z_{1−α/2} + z_power)² (1 − p) / (p δ²), rounded up.
 */
export function sampleSizePerVariant(p: number, relativeLift: number, options: PowerOptions = {}): number {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  if (!(p > 0 && p < 1)) throw new RangeError("conversion rate must be between 0 and 1");
  if (!(relativeLift !== 0 && Number.isFinite(relativeLift))) throw new RangeError("relative lift must be a non-zero number");
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) throw new RangeError("alpha and power must be between 0 and 1");
  const z = inverseNormalCdf(1 - alpha / 2) + inverseNormalCdf(power);
  return Math.ceil((2 * z * z * (1 - p)) / (p * relativeLift * relativeLift));
}

/** Whole days for every variant to reach `perVariant` visitors, with traffic split evenly. */
export function daysToDecision(perVariant: number, variants: number, dailyVisitors: number): number {
  if (!(perVariant >= 0) || !(variants >= 1)) throw new RangeError("perVariant must be >= 0 and variants >= 1");
  if (perVariant === 0) return 0;
  if (!(dailyVisitors > 0)) return Infinity;
  return Math.ceil((perVariant * variants) / dailyVisitors);
}
