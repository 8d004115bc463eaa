import { describe, expect, it } from "vitest";
import { daysToDecision, PLAN_LIFTS, planArms, planTest, sampleSizePerVariant } from "../../../src/experiments/stats";

const within = (actual: number, expected: number, tolerance: number) => Math.abs(actual / expected - 1) < tolerance;

describe("sampleSizePerVariant", () => {
  it.each([
    [0.1, 50_800],
    [0.2, 12_700],
    [0.3, 5_600],
  ])("at p = 3%% and a lift of %d needs about %d visitors per variant", (lift, expected) => {
    expect(within(sampleSizePerVariant(0.03, lift), expected, 0.01)).toBe(true);
  });

  it("grows with stricter alpha and higher power, and treats a drop like a rise", () => {
    const base = sampleSizePerVariant(0.03, 0.2);
    expect(sampleSizePerVariant(0.03, 0.2, { alpha: 0.01 })).toBeGreaterThan(base);
    expect(sampleSizePerVariant(0.03, 0.2, { power: 0.9 })).toBeGreaterThan(base);
    expect(sampleSizePerVariant(0.03, -0.2)).toBe(base);
    expect(() => sampleSizePerVariant(0, 0.2)).toThrow(RangeError);
  });
});

describe("daysToDecision", () => {
  it("divides the total sample by daily visitors, rounding up", () => {
    expect(daysToDecision(12_690, 2, 300)).toBe(85);
    expect(daysToDecision(1000, 3, 1000)).toBe(3);
    expect(daysToDecision(0, 2, 0)).toBe(0);
    expect(daysToDecision(1000, 2, 0)).toBe(Infinity);
  });
});

describe("planTest: the stopping rule simulated at a community's traffic", () => {
  it("builds arms whose best price earns the lift more per visitor and the others what the control earns", () => {
    const arms = planArms(0.05, 4, 0.25);
    const rpv = arms.map((a) => a.price * a.conversion);
    expect(arms[0]).toEqual({ price: 100, conversion: 0.05 });
    expect(rpv[3]! / rpv[0]!).toBeCloseTo(1.25, 12);
    for (const middle of rpv.slice(1, 3)) expect(middle).toBeCloseTo(rpv[0]!, 12);
    expect(arms.map((a) => a.price)).toEqual([...arms.map((a) => a.price)].sort((a, b) => a - b));
  });

  it("is seeded, monotone in time, and decides more often for larger effects and more traffic", () => {
    const slow = planTest({ visitorsPerDay: 40, conversion: 0.05, variants: 2, runs: 12 });
    const fast = planTest({ visitorsPerDay: 400, conversion: 0.05, variants: 2, runs: 12 });
    expect(planTest({ visitorsPerDay: 40, conversion: 0.05, variants: 2, runs: 12 })).toEqual(slow);
    expect(slow.map((r) => r.lift)).toEqual([...PLAN_LIFTS]);
    for (const r of [...slow, ...fast]) {
      expect(r.by[14]).toBeLessThanOrEqual(r.by[28]);
      expect(r.by[28]).toBeLessThanOrEqual(r.by[42]);
    }
    expect(fast[2]!.by[42]).toBe(1);
    expect(fast[2]!.by[14]).toBeGreaterThan(slow[2]!.by[14]);
    expect(fast[2]!.by[42]).toBeGreaterThanOrEqual(fast[0]!.by[42]);
  });
});
