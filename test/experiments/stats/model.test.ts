import { describe, expect, it } from "vitest";
import { analyze, type VariantData } from "../../../src/experiments/stats";
import { MODEL_PRIOR } from "../../../src/experiments/stats/model";

const fixed = (key: string, exposures: number, conversions: number, price: number): VariantData => ({ key, exposures, conversions, revenue: conversions * price, price });

/**
 * The model's posterior computed the slow, obvious way: the prior density written out for two
 * variants, times the binomial likelihood, on a fine grid of (z1, z2) = log RPV.
 */
function gridPosterior(prices: [number, number], n: [number, number], x: [number, number]) {
  const { conversion, levelSd, curveSd, lengthScale, ownShare } = MODEL_PRIOR;
  const u = prices.map(Math.log);
  const mu = (u[0] + u[1]) / 2 + Math.log(conversion);
  const d = u[0] - u[1];
  const variance = levelSd ** 2 + curveSd ** 2;
  const covariance = levelSd ** 2 + (1 - ownShare) * curveSd ** 2 * Math.exp((-d * d) / (2 * lengthScale ** 2));
  const det = variance * variance - covariance * covariance;
  const steps = 700;
  const lo = u.map((ui) => ui - 9);
  const h = u.map((ui, k) => (ui - lo[k]) / steps);
  let mass = 0;
  let bBetter = 0;
  const mean = [0, 0];
  const loss = [0, 0];
  for (let i = 0; i < steps; i++) {
    const z1 = lo[0] + (i + 0.5) * h[0];
    for (let j = 0; j < steps; j++) {
      const z2 = lo[1] + (j + 0.5) * h[1];
      const a = z1 - mu;
      const b = z2 - mu;
      const logPrior = -(variance * a * a - 2 * covariance * a * b + variance * b * b) / (2 * det);
      const p1 = Math.exp(z1 - u[0]);
      const p2 = Math.exp(z2 - u[1]);
      const logLik = x[0] * Math.log(p1) + (n[0] - x[0]) * Math.log1p(-p1) + x[1] * Math.log(p2) + (n[1] - x[1]) * Math.log1p(-p2);
      const w = Math.exp(logPrior + logLik + 40);
      const r1 = Math.exp(z1);
      const r2 = Math.exp(z2);
      mass += w;
      if (r2 > r1) bBetter += w;
      mean[0] += w * r1;
      mean[1] += w * r2;
      loss[0] += w * Math.max(0, r2 - r1);
      loss[1] += w * Math.max(0, r1 - r2);
    }
  }
  return { bBetter: bBetter / mass, mean: mean.map((m) => m / mass), loss: loss.map((l) => l / mass) };
}

describe("price-response model", () => {
  it("matches a brute-force grid posterior for small data", () => {
    for (const [prices, n, x] of [
      [[10, 20], [40, 40], [3, 1]],
      [[20, 25], [150, 150], [8, 7]],
      [[5, 50], [30, 30], [2, 0]],
    ] as [[number, number], [number, number], [number, number]][]) {
      const grid = gridPosterior(prices, n, x);
      const model = analyze({ seed: "grid", variants: [fixed("A", n[0], x[0], prices[0]), fixed("B", n[1], x[1], prices[1])] });
      const [a, b] = model.variants;
      expect(Math.abs(b.chanceToBeBest - grid.bBetter)).toBeLessThan(0.02);
      expect(a.rpvMean / grid.mean[0]).toBeCloseTo(1, 1);
      expect(b.rpvMean / grid.mean[1]).toBeCloseTo(1, 1);
      expect(Math.abs(a.expectedLoss - grid.loss[0])).toBeLessThan(0.05 * grid.mean[0] + 0.1 * grid.loss[0]);
      expect(Math.abs(b.expectedLoss - grid.loss[1])).toBeLessThan(0.05 * grid.mean[1] + 0.1 * grid.loss[1]);
    }
  });

  it("with no data, is the prior: log RPV ~ Normal(log(price × 1%), 2² + 0.5²)", () => {
    const [v] = analyze({ seed: "prior", variants: [fixed("A", 0, 0, 2000)] }).variants;
    const sd = Math.sqrt(MODEL_PRIOR.levelSd ** 2 + MODEL_PRIOR.curveSd ** 2);
    const centre = Math.log(2000 * MODEL_PRIOR.conversion);
    expect(Math.log(v.rpvInterval.lower)).toBeCloseTo(centre - 1.96 * sd, 0);
    expect(Math.log(v.rpvInterval.upper)).toBeCloseTo(centre + 1.96 * sd, 0);
  });

  it("does not favour a price: 5 visitors each and no sale at $5 and $50 gives about even chances", () => {
    const variants = [fixed("$5", 5, 0, 500), fixed("$50", 5, 0, 5000)];
    const model = analyze({ seed: "bias", variants });
    for (const v of model.variants) expect(Math.abs(v.chanceToBeBest - 0.5)).toBeLessThan(0.03);
    expect(model.hasData).toBe(false);
    // The first method's Beta(1, 1) adds a pseudo-sale at each price, so $50 looked 92% likely best.
    const old = analyze({ seed: "bias", method: "independent", variants });
    expect(old.variants[1].chanceToBeBest).toBeGreaterThan(0.9);
    // With nobody at all, exactly the prior: even chances for two prices, near even for four.
    const empty = analyze({ seed: "empty", variants: [fixed("A", 0, 0, 500), fixed("B", 0, 0, 5000)] });
    for (const v of empty.variants) expect(Math.abs(v.chanceToBeBest - 0.5)).toBeLessThan(0.02);
    const four = analyze({ seed: "four", variants: [10, 15, 20, 30].map((p) => fixed(`$${p}`, 0, 0, p)) });
    for (const v of four.variants) expect(Math.abs(v.chanceToBeBest - 0.25)).toBeLessThan(0.04);
  });

  it("lets plenty of data speak: the posterior mean RPV is the observed one", () => {
    const [a, b] = analyze({ seed: "plenty", variants: [fixed("A", 100_000, 5000, 20), fixed("B", 100_000, 4000, 30)] }).variants;
    expect(a.rpvMean).toBeCloseTo(1, 1);
    expect(b.rpvMean).toBeCloseTo(1.2, 1);
    expect(b.chanceToBeBest).toBeGreaterThan(0.999);
  });

  it("shrinks a noisy difference between nearby prices more than independent Betas do", () => {
    const variants = [fixed("A", 600, 30, 20), fixed("B", 600, 36, 25)];
    const model = analyze({ seed: "shrink", variants }).variants;
    const independent = analyze({ seed: "shrink", method: "independent", prior: "jeffreys", variants }).variants;
    const ratio = (v: typeof model) => v[1].rpvMean / v[0].rpvMean;
    expect(ratio(model)).toBeGreaterThan(1);
    expect(ratio(model)).toBeLessThan(ratio(independent));
  });

  it("uses several amounts per variant: RPV follows the mix of monthly and yearly payers", () => {
    // 1,000 visitors: 30 paid $10 a month, 3 paid $100 a year: $0.60 per visitor.
    const mixed: VariantData = { key: "tier", exposures: 1000, conversions: 33, revenue: 600, outcomes: [{ value: 10, count: 30 }, { value: 100, count: 3 }] };
    const single: VariantData = { key: "flat", exposures: 1000, conversions: 33, revenue: 330, price: 10 };
    const [tier, flat] = analyze({ seed: "mix", variants: [mixed, single] }).variants;
    expect(tier.rpvMean).toBeGreaterThan(0.45);
    expect(tier.rpvMean).toBeLessThan(0.75);
    // The amount mix is uncertain too (3 yearly payers), so the interval is wider than for one price.
    expect(tier.rpvInterval.upper / tier.rpvInterval.lower).toBeGreaterThan(flat.rpvInterval.upper / flat.rpvInterval.lower);
    expect(tier.chanceToBeBest).toBeGreaterThan(0.9);
  });

  it("reports the revenue the test cost against the best price alone", () => {
    const result = analyze({ seed: "cost", variants: [fixed("A", 2000, 100, 20), fixed("B", 2000, 100, 30)] });
    // B earns $1.50 against A's $1.00: the 2,000 visitors who saw A cost about $1,000.
    expect(result.testCost).toBeGreaterThan(800);
    expect(result.testCost).toBeLessThan(1200);
    expect(result.bestRpvMean).toBeGreaterThan(1.4);
  });
});
