import { describe, expect, it } from "vitest";
import { chiSquareSurvival, inverseNormalCdf, lnGamma, regularizedGammaQ, srmCheck } from "../../../src/experiments/stats";

describe("special functions", () => {
  it("gives the textbook chi-square critical values", () => {
    // Upper 5% and 0.1% points of χ² for 1, 2, 10 degrees of freedom (standard tables).
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(10.827566, 1)).toBeCloseTo(0.001, 7);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it("computes Q(a, x) on both sides of a + 1 (series and continued fraction)", () => {
    // Q(1, x) = e^{-x}; Q(a, x) for df = 2 is e^{-x/2}.
    for (const x of [0.1, 1, 1.9, 2.1, 5, 30]) expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 12);
    // Q(1/2, x) = erfc(√x): erfc(1) = 0.157299207050285.
    expect(regularizedGammaQ(0.5, 1)).toBeCloseTo(0.157299207050285, 10);
    expect(Math.abs(chiSquareSurvival(100, 1) / 1.523971e-23 - 1)).toBeLessThan(1e-5);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 9);
  });

  it("inverts the normal CDF (Acklam)", () => {
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 6);
    expect(inverseNormalCdf(0.8)).toBeCloseTo(0.841621, 6);
    expect(inverseNormalCdf(0.5)).toBe(0);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232, 6);
    expect(inverseNormalCdf(0.999)).toBeCloseTo(3.090232, 6);
  });
});

describe("srmCheck", () => {
  it("flags a 5,500 / 4,500 split at 50/50 weights", () => {
    const r = srmCheck([5500, 4500], [0.5, 0.5]);
    expect(r.chiSquare).toBeCloseTo(100, 9);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.flagged).toBe(true);
  });

  it("does not flag 5,000 / 5,000 or 5,030 / 4,970", () => {
    expect(srmCheck([5000, 5000], [0.5, 0.5])).toEqual({ chiSquare: 0, pValue: 1, df: 1, flagged: false });
    const close = srmCheck([5030, 4970], [0.5, 0.5]);
    expect(close.chiSquare).toBeCloseTo(0.36, 9);
    expect(close.pValue).toBeCloseTo(0.5485, 3);
    expect(close.flagged).toBe(false);
  });

  it("does not flag while a variant has fewer than 8 exposures, however lopsided", () => {
    const r = srmCheck([7, 400], [0.5, 0.5]);
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.flagged).toBe(false);
  });

  it("checks three variants against unequal weights", () => {
    expect(srmCheck([2000, 3000, 5000], [0.2, 0.3, 0.5]).flagged).toBe(false);
    const r = srmCheck([2300, 3000, 4700], [0.2, 0.3, 0.5]);
    expect(r.df).toBe(2);
    expect(r.flagged).toBe(true);
  });

  it("uses the weights in force in each period when the weights changed", () => {
    // 2,000 exposures at 50/50, then 8,000 at 90/10 (bandit): expected 1,000 + 7,200 and 1,000 + 800.
    const periods = [
      { weights: [0.5, 0.5], exposures: [1000, 1000] },
      { weights: [0.9, 0.1], exposures: [7200, 800] },
    ];
    const healthy = srmCheck([8200, 1800], { periods });
    expect(healthy.chiSquare).toBeCloseTo(0, 9);
    expect(healthy.flagged).toBe(false);
    // Against the latest weights alone the same counts would look badly wrong.
    expect(srmCheck([8200, 1800], [0.9, 0.1]).flagged).toBe(true);
    const skewed = srmCheck([8600, 1400], { periods });
    expect(skewed.flagged).toBe(true);
  });

  it("treats traffic to a variant with weight 0 as a mismatch", () => {
    const r = srmCheck([500, 500, 20], [0.5, 0.5, 0]);
    expect(r.pValue).toBe(0);
    expect(r.df).toBe(1);
    expect(r.flagged).toBe(true);
  });
});
