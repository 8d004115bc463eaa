import { describe, expect, it } from "vitest";
import { analyze, type VariantData } from "../../../src/experiments/stats";

const fixed = (key: string, exposures: number, conversions: number, price: number): VariantData => ({
  key,
  exposures,
  conversions,
  revenue: conversions * price,
  price,
});

describe("analyze: hand-worked cases", () => {
  it("gives each of two identical variants about half the chance to be best", () => {
    const result = analyze({ method: "independent", seed: "same", variants: [fixed("A", 1000, 50, 20), fixed("B", 1000, 50, 20)] });
    for (const v of result.variants) expect(Math.abs(v.chanceToBeBest - 0.5)).toBeLessThan(0.02);
    expect(result.variants[0].chanceToBeBest + result.variants[1].chanceToBeBest).toBeCloseTo(1, 12);
  });

  it("finds a clearly better variant with tiny expected loss", () => {
    const [a, b] = analyze({ method: "independent", seed: "clear", variants: [fixed("A", 1000, 50, 10), fixed("B", 1000, 100, 10)] }).variants;
    expect(b.chanceToBeBest).toBeGreaterThan(0.99);
    expect(b.expectedLoss).toBeLessThan(0.001);
    // Choosing A loses about the RPV gap: 10 × (101/1002 − 51/1002) ≈ 0.499.
    expect(a.expectedLoss).toBeCloseTo(0.499, 1);
  });

  it("ranks by revenue per visitor, not conversion, when price trades against conversion", () => {
    const [cheap, dear] = analyze({ method: "independent", seed: "trade-off", variants: [fixed("cheap", 2000, 200, 10), fixed("dear", 2000, 100, 30)] }).variants;
    expect(cheap.conversionRate).toBeGreaterThan(dear.conversionRate);
    expect(dear.rpv).toBeCloseTo(1.5, 12);
    expect(cheap.rpv).toBeCloseTo(1, 12);
    expect(dear.chanceToBeBest).toBeGreaterThan(0.99);
    // RPV ratio ≈ 1.5: a lift of about +50% over the control.
    expect(dear.lift!.median).toBeCloseTo(0.5, 1);
    expect(dear.lift!.interval.lower).toBeLessThan(0.5);
    expect(dear.lift!.interval.upper).toBeGreaterThan(0.5);
    expect(cheap.lift).toBeNull();
  });

  it("matches the analytic posterior mean (1 + x) / (2 + n) · P within 1%", () => {
    const [v] = analyze({ method: "independent", seed: "mean", variants: [fixed("A", 1000, 50, 20)] }).variants;
    const analytic = (51 / 1002) * 20;
    expect(Math.abs(v.rpvMean / analytic - 1)).toBeLessThan(0.01);
    expect(v.chanceToBeBest).toBe(1);
    expect(v.expectedLoss).toBe(0);
  });

  it("puts the 95% interval where the normal approximation of the Beta puts it", () => {
    const [v] = analyze({ method: "independent", seed: "interval", variants: [fixed("A", 10_000, 500, 1)] }).variants;
    const mean = 501 / 10_002;
    const sd = Math.sqrt((mean * (1 - mean)) / 10_003);
    expect(Math.abs(v.rpvInterval.lower / (mean - 1.96 * sd) - 1)).toBeLessThan(0.01);
    expect(Math.abs(v.rpvInterval.upper / (mean + 1.96 * sd) - 1)).toBeLessThan(0.01);
  });

  it("reports the observed numbers alongside the posterior", () => {
    const [v] = analyze({ method: "independent", seed: "observed", variants: [{ key: "A", exposures: 400, conversions: 12, revenue: 300 }] }).variants;
    expect(v).toMatchObject({ key: "A", exposures: 400, conversions: 12, payers: 12, revenue: 300, conversionRate: 0.03, rpv: 0.75 });
    // Without a price, revenue / conversions = 25 stands in: posterior mean 25 · 13/402.
    expect(Math.abs(v.rpvMean / ((25 * 13) / 402) - 1)).toBeLessThan(0.01);
  });

  it("uses the Dirichlet model over {no purchase, each amount} when outcomes are given", () => {
    // 1000 visitors: 30 bought monthly at $10, 10 bought yearly at $100.
    const tiered: VariantData = {
      key: "tiers",
      exposures: 1000,
      conversions: 40,
      revenue: 1300,
      outcomes: [
        { value: 10, count: 30 },
        { value: 100, count: 10 },
      ],
    };
    const [v] = analyze({ method: "independent", seed: "tiers", variants: [tiered] }).variants;
    // E[θ_j] = (1 + c_j) / (n + 3): categories {none, monthly, yearly} each with prior 1.
    const analytic = (10 * 31 + 100 * 11) / 1003;
    expect(Math.abs(v.rpvMean / analytic - 1)).toBeLessThan(0.01);
    expect(v.rpv).toBe(1.3);
  });

  it("is reproducible for the same seed and data, and moves slightly with another seed", () => {
    const input = { variants: [fixed("A", 3000, 90, 20), fixed("B", 3000, 105, 20)] };
    const first = analyze({ ...input, seed: "exp-42" });
    expect(analyze({ ...input, seed: "exp-42" })).toEqual(first);
    const other = analyze({ ...input, seed: "exp-43" });
    expect(other).not.toEqual(first);
    expect(Math.abs(other.variants[1].chanceToBeBest - first.variants[1].chanceToBeBest)).toBeLessThan(0.03);
    expect(Math.abs(other.variants[1].rpvMean / first.variants[1].rpvMean - 1)).toBeLessThan(0.01);
  });

  it("honours controlIndex and the number of draws", () => {
    const result = analyze({ method: "independent", seed: "control", controlIndex: 1, draws: 2000, variants: [fixed("A", 500, 20, 20), fixed("B", 500, 25, 20)] });
    expect(result).toMatchObject({ controlIndex: 1, draws: 2000 });
    expect(result.variants[1].lift).toBeNull();
    expect(result.variants[0].lift!.median).toBeLessThan(0);
  });

  it("copes with no data yet and refuses inconsistent data", () => {
    const [a, b] = analyze({ method: "independent", seed: "empty", variants: [fixed("A", 0, 0, 20), fixed("B", 0, 0, 25)] }).variants;
    expect(a.conversionRate).toBe(0);
    expect(a.rpv).toBe(0);
    expect(a.chanceToBeBest + b.chanceToBeBest).toBeCloseTo(1, 12);
    // No price and no payer: RPV is 0 in every draw, so the lift over it is undefined.
    const zero = analyze({ method: "independent", seed: "zero", variants: [{ key: "A", exposures: 10, conversions: 0, revenue: 0 }, fixed("B", 10, 1, 5)] });
    expect(zero.variants[1].lift).toBeNull();
    expect(() => analyze({ method: "independent", seed: "bad", variants: [fixed("A", 10, 11, 20)] })).toThrow(RangeError);
    expect(() => analyze({ method: "independent", seed: "bad", variants: [] })).toThrow(RangeError);
    expect(() => analyze({ method: "independent", seed: "bad", controlIndex: 2, variants: [fixed("A", 10, 1, 20)] })).toThrow(RangeError);
  });
});

describe("analyze: timings (printed, not asserted)", () => {
  it("times 2, 4 and 10 variants with 10,000 draws", () => {
    const rows: Record<string, string> = {};
    for (const k of [2, 4, 10]) {
      const variants = Array.from({ length: k }, (_, i) => fixed(`v${i}`, 5000, 150 + 5 * i, 20 + i));
      analyze({ method: "independent", seed: "warm-up", variants });
      const runs = 20;
      const start = performance.now();
      for (let r = 0; r < runs; r++) analyze({ method: "independent", seed: `timing-${r}`, variants });
      rows[`${k} variants`] = `${((performance.now() - start) / runs).toFixed(2)} ms per analyze`;
    }
    console.log("analyze timings (10,000 draws, workerd):", rows);
  });
});
