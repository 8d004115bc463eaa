import { describe, expect, it } from "vitest";
import { createRandom, orderStatistic, quantiles, Random, seedFrom } from "../../../src/experiments/stats";

function moments(sample: (r: Random) => number, n = 50_000, seed = "moments") {
  const r = createRandom(seed);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = sample(r);
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe("seedable generator", () => {
  it("is reproducible from a string and differs between strings", () => {
    const a = createRandom("exp-1|data");
    const b = createRandom("exp-1|data");
    const c = createRandom("exp-1|datb");
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(seqA);
    expect(seedFrom("x")).toEqual(seedFrom("x"));
  });

  it("gives uniforms in [0, 1) with mean 1/2 and variance 1/12", () => {
    const m = moments((r) => r.float());
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it("gives standard normals", () => {
    const m = moments((r) => r.normal());
    expect(Math.abs(m.mean)).toBeLessThan(0.02);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.03);
  });

  it.each([0.3, 1, 2.5, 50, 5000])("gives Gamma(%d, 1) with mean and variance equal to the shape", (shape) => {
    const m = moments((r) => r.gamma(shape));
    expect(Math.abs(m.mean / shape - 1)).toBeLessThan(0.03);
    expect(Math.abs(m.variance / shape - 1)).toBeLessThan(0.05);
  });

  it("gives Beta(a, b) with mean a / (a + b)", () => {
    for (const [a, b] of [[1, 1], [0.5, 0.5], [51, 951], [3, 7]]) {
      const m = moments((r) => r.beta(a, b), 40_000, `beta-${a}-${b}`);
      const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(m.mean - a / (a + b))).toBeLessThan(4 * Math.sqrt(variance / 40_000));
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.05);
    }
  });

  it("gives Dirichlet draws that sum to 1 with means alpha_j / sum(alpha)", () => {
    const r = createRandom("dirichlet");
    const alphas = [5, 2, 3];
    const sums = [0, 0, 0];
    const out = new Float64Array(3);
    for (let i = 0; i < 20_000; i++) {
      r.dirichlet(alphas, out);
      expect(Math.abs(out[0] + out[1] + out[2] - 1)).toBeLessThan(1e-12);
      out.forEach((x, j) => (sums[j] += x));
    }
    sums.forEach((s, j) => expect(s / 20_000).toBeCloseTo(alphas[j] / 10, 2));
  });
});

describe("quantiles by selection", () => {
  it("agree with a full sort, duplicates included", () => {
    const r = createRandom("quantiles");
    for (const n of [1, 2, 3, 10, 1001, 10_000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(r.float() * 50));
      const sorted = Float64Array.from(values).sort();
      for (const k of [0, n >> 1, n - 1]) expect(orderStatistic(Float64Array.from(values), k)).toBe(sorted[k]);
      const [q025, q5] = quantiles(values, [0.025, 0.5]);
      const at = (q: number) => {
        const pos = q * (n - 1);
        const lo = Math.floor(pos);
        return sorted[lo] + (pos - lo) * (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]);
      };
      expect(q025).toBeCloseTo(at(0.025), 12);
      expect(q5).toBeCloseTo(at(0.5), 12);
    }
  });
});
