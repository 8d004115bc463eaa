import { describe, expect, it } from "vitest";
import { bucket, chooseVariant, fnv1a32 } from "../../../src/experiments/stats";

describe("fnv1a32 and bucket (GrowthBook hash v2)", () => {
  it("matches the reference values exactly", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(bucket("", "a")).toBe(0.0216);
    expect(bucket("", "b")).toBe(0.9054);
    expect(bucket("seed", "ab")).toBe(0.9316);
  });

  it("returns unsigned 32-bit integers and buckets in [0, 1) in steps of 1/10,000", () => {
    for (const s of ["", "a", "é", "🙂", "a long visitor id 0123456789"]) {
      const h = fnv1a32(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      const n = bucket("exp-1", s);
      expect(n >= 0 && n < 1).toBe(true);
      expect(Math.round(n * 10000)).toBeCloseTo(n * 10000, 9);
    }
  });
});

describe("chooseVariant", () => {
  it("gives consecutive ranges of width weight_k", () => {
    const w = [0.2, 0.3, 0.5];
    expect(chooseVariant(0, w)).toBe(0);
    expect(chooseVariant(0.1999, w)).toBe(0);
    expect(chooseVariant(0.2, w)).toBe(1);
    expect(chooseVariant(0.4999, w)).toBe(1);
    expect(chooseVariant(0.5, w)).toBe(2);
    expect(chooseVariant(0.9999, w)).toBe(2);
  });

  it("tolerates float error in the weights and still maps every n to a variant that gets traffic", () => {
    const tenths = Array.from({ length: 10 }, () => 0.1); // sums to 0.9999999999999999
    expect(chooseVariant(0.9999999999999999, tenths)).toBe(9);
    expect(chooseVariant(0.99999, [0.5, 0.4999995, 0])).toBe(1);
    expect(chooseVariant(0.5, [0, 1])).toBe(1);
  });

  it("refuses weights that do not sum to 1 or are negative", () => {
    expect(() => chooseVariant(0.5, [0.5, 0.4])).toThrow(RangeError);
    expect(() => chooseVariant(0.5, [1.5, -0.5])).toThrow(RangeError);
    expect(() => chooseVariant(0.5, [])).toThrow(RangeError);
  });

  it.each([
    [[0.5, 0.5]],
    [[0.2, 0.3, 0.5]],
  ])("splits 100,000 ids within 1%% of weights %j", (weights) => {
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < 100_000; i++) counts[chooseVariant(bucket("exp-1", `id-${i}`), weights)]++;
    counts.forEach((c, k) => expect(Math.abs(c / 100_000 - weights[k])).toBeLessThan(0.01));
  });

  it("times bucket + chooseVariant per call (printed, not asserted)", () => {
    const runs = 200_000;
    let sink = 0;
    const start = performance.now();
    for (let i = 0; i < runs; i++) sink += chooseVariant(bucket("exp-1", `visitor-${i}`), [0.2, 0.3, 0.5]);
    const perCallUs = ((performance.now() - start) * 1000) / runs;
    console.log(`bucket + chooseVariant: ${perCallUs.toFixed(3)} µs per call (workerd)`, sink > 0 ? "" : "-");
  });
});
