import { describe, expect, it } from "vitest";
import { daysToDecision, sampleSizePerVariant } from "../../../src/experiments/stats";

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
