/** Bandit mode: Thompson-sampling traffic weights for new visitors. */

/**
 * w_k = f + (1 − K·f) · p_k / Σp: traffic follows the chance to be best while every variant
 * keeps at least the floor f, so a variant can still recover. Equal weights when Σp = 0.
 */
export function banditWeights(chanceToBeBest: number[], floor = 0.01): number[] {
  const k = chanceToBeBest.length;
  if (k === 0) return [];
  if (!(floor >= 0) || k * floor > 1) throw new RangeError("floor must be >= 0 and at most 1 / number of variants");
  let sum = 0;
  for (const p of chanceToBeBest) {
    if (!(p >= 0) || !Number.isFinite(p)) throw new RangeError("chances to be best must be finite numbers >= 0");
    sum += p;
  }
  if (sum === 0) return chanceToBeBest.map(() => 1 / k);
  const spread = 1 - k * floor;
  return chanceToBeBest.map((p) => floor + (spread * p) / sum);
}

export interface BanditReadyInput {
  startedAt: Date | number;
  now: Date | number;
  /** Exposures per variant. */
  exposures: number[];
  burnInDays?: number;
  burnInExposures?: number;
}

/** Burn-in: weights only start moving after 1 day and 100 exposures per variant. */
export function banditReady(input: BanditReadyInput): boolean {
  const days = (+input.now - +input.startedAt) / 86_400_000;
  const minExposures = input.burnInExposures ?? 100;
  return days >= (input.burnInDays ?? 1) && input.exposures.length > 0 && input.exposures.every((n) => n >= minExposures);
}
