/**
 * Deterministic assignment: GrowthBook's hash version 2, so owners can cross-check a
 * visitor's bucket with GrowthBook's SDKs.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** 32-bit FNV-1a over UTF-16 code units (`charCodeAt`), as an unsigned integer. */
export function fnv1a32(s: string): number {
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The visitor's position in [0, 1) for an experiment seed, in steps of 1/10,000. */
export function bucket(seed: string, id: string): number {
  return (fnv1a32(String(fnv1a32(seed + id))) % 10000) / 10000;
}

// Weights that sum to 1 up to this much float error are accepted.
const WEIGHT_SUM_TOLERANCE = 1e-6;

/**
 * The variant whose range holds `n`: variant k takes [w_0 + … + w_{k-1}, w_0 + … + w_k).
 * When float error leaves `n` past the last boundary, the last variant with a positive
 * weight takes it, so every n in [0, 1) maps to a variant that can receive traffic.
 */
export function chooseVariant(n: number, weights: readonly number[]): number {
  let sum = 0;
  let lastPositive = -1;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${k} must be a finite number >= 0`);
    if (w > 0) lastPositive = k;
    sum += w;
  }
  if (lastPositive < 0 || Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    throw new RangeError("weights must sum to 1");
  }
  let upper = 0;
  for (let k = 0; k < weights.length; k++) {
    if (weights[k] === 0) continue;
    upper += weights[k];
    if (n < upper) return k;
  }
  return lastPositive;
}
