import { describe, expect, it } from "vitest";
import { vanWestendorp } from "../../../src/experiments/stats";

// Four consistent respondents, worked by hand on the grid 5, 10, …, 45:
//   too cheap (≥ p):      1, .75, .5, .25, 0 …      cheap (≥ p):          1, 1, .75, .5, .25, 0 …
//   expensive (≤ p):      0, 0, 0, .25, .5, .75, 1 … too expensive (≤ p):  0 … 0, .25, .5, .75, 1 (from 30)
const respondents = [
  { tooCheap: 5, cheap: 10, expensive: 20, tooExpensive: 30 },
  { tooCheap: 10, cheap: 15, expensive: 25, tooExpensive: 35 },
  { tooCheap: 15, cheap: 20, expensive: 30, tooExpensive: 40 },
  { tooCheap: 20, cheap: 25, expensive: 35, tooExpensive: 45 },
];

describe("vanWestendorp", () => {
  it("finds the four intersections, interpolating between grid prices", () => {
    const r = vanWestendorp(respondents);
    // too cheap − expensive: .5 at 15, 0 at 20.
    expect(r.lowerBound).toBe(20);
    // cheap − too expensive: .25 at 25, −.25 at 30 → halfway.
    expect(r.upperBound).toBe(27.5);
    // too cheap − too expensive: 0 at 25.
    expect(r.optimalPrice).toBe(25);
    // cheap − expensive: .25 at 20, −.25 at 25 → halfway.
    expect(r.indifferencePrice).toBe(22.5);
    expect(r).toMatchObject({ respondents: 4, ignored: 0 });
  });

  it("offers the pricesensitivitymeter convention: too cheap × not cheap, too expensive × not expensive", () => {
    // not cheap = 1 − cheap: 0, 0, .25, .5, .75, 1 …; too cheap − not cheap: .25 at 15, −.25 at 20 → 17.5.
    // not expensive = 1 − expensive: 1, 1, 1, .75, .5, .25, 0 …; minus too expensive: .5 at 25, 0 at 30 → 30.
    const psm = vanWestendorp(respondents, "psm");
    expect(psm).toMatchObject({ convention: "psm", lowerBound: 17.5, upperBound: 30, optimalPrice: 25, indifferencePrice: 22.5 });
    const ours = vanWestendorp(respondents);
    expect(ours.convention).toBe("threshold");
    expect(ours.bounds).toEqual({ threshold: { lower: 20, upper: 27.5 }, psm: { lower: 17.5, upper: 30 } });
  });

  it("samples the cumulative curves on the sorted price grid", () => {
    const { curves } = vanWestendorp(respondents);
    expect(curves.map((c) => c.price)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45]);
    expect(curves.map((c) => c.tooCheap)).toEqual([1, 0.75, 0.5, 0.25, 0, 0, 0, 0, 0]);
    expect(curves.map((c) => c.cheap)).toEqual([1, 1, 0.75, 0.5, 0.25, 0, 0, 0, 0]);
    expect(curves.map((c) => c.expensive)).toEqual([0, 0, 0, 0.25, 0.5, 0.75, 1, 1, 1]);
    expect(curves.map((c) => c.tooExpensive)).toEqual([0, 0, 0, 0, 0, 0.25, 0.5, 0.75, 1]);
  });

  it("ignores inconsistent or incomplete answers and says how many", () => {
    const r = vanWestendorp([
      ...respondents,
      { tooCheap: 30, cheap: 10, expensive: 20, tooExpensive: 40 },
      { tooCheap: 5, cheap: 10, expensive: 50, tooExpensive: 40 },
      { tooCheap: Number.NaN, cheap: 10, expensive: 20, tooExpensive: 40 },
      { tooCheap: -1, cheap: 10, expensive: 20, tooExpensive: 40 },
    ]);
    expect(r).toMatchObject({ respondents: 4, ignored: 4, lowerBound: 20, upperBound: 27.5, optimalPrice: 25, indifferencePrice: 22.5 });
  });

  it("returns empty curves and no prices without usable answers", () => {
    expect(vanWestendorp([])).toEqual({
      curves: [],
      convention: "threshold",
      bounds: { threshold: { lower: null, upper: null }, psm: { lower: null, upper: null } },
      lowerBound: null,
      upperBound: null,
      optimalPrice: null,
      indifferencePrice: null,
      respondents: 0,
      ignored: 0,
    });
  });
});
