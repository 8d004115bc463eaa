import { describe, expect, it } from "vitest";
import { banditReady, banditWeights } from "../../../src/experiments/stats";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("banditWeights", () => {
  it("follows the chance to be best above a 1% floor, summing to 1", () => {
    const w = banditWeights([0.97, 0.03, 0]);
    expect(sum(w)).toBeCloseTo(1, 12);
    expect(w[0]).toBeCloseTo(0.01 + 0.97 * 0.97, 12);
    expect(w[1]).toBeCloseTo(0.01 + 0.97 * 0.03, 12);
    expect(w[2]).toBeCloseTo(0.01, 12);
  });

  it("respects any floor and normalizes chances that do not sum to 1", () => {
    for (const [chances, floor] of [[[0.2, 0.2, 0.1], 0.05], [[1, 0, 0, 0], 0.1], [[0.5, 0.5], 0.5]] as const) {
      const w = banditWeights([...chances], floor);
      expect(sum(w)).toBeCloseTo(1, 12);
      for (const x of w) expect(x).toBeGreaterThanOrEqual(floor - 1e-15);
    }
    expect(banditWeights([0.2, 0.2, 0.1])).toEqual(banditWeights([0.4, 0.4, 0.2]));
  });

  it("splits evenly when no chance is known, and refuses a floor above 1/K", () => {
    expect(banditWeights([0, 0, 0, 0])).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => banditWeights([0.5, 0.5], 0.6)).toThrow(RangeError);
  });
});

describe("banditReady", () => {
  const start = Date.UTC(2026, 0, 1);
  const hours = (h: number) => start + h * 3_600_000;

  it("waits for 1 day and 100 exposures per variant", () => {
    expect(banditReady({ startedAt: start, now: hours(23), exposures: [500, 500] })).toBe(false);
    expect(banditReady({ startedAt: start, now: hours(24), exposures: [500, 99] })).toBe(false);
    expect(banditReady({ startedAt: start, now: hours(24), exposures: [100, 100] })).toBe(true);
    expect(banditReady({ startedAt: new Date(start), now: new Date(hours(48)), exposures: [150, 300, 120] })).toBe(true);
  });
});
