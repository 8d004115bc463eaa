/**
 * A small version of `npm run simulate` (scripts/simulate/), so `npm test` keeps checking that
 * the production rule still behaves over daily looks; the full table with 300 runs per scenario
 * is in src/experiments/stats/README.md.
 */
import { describe, expect, it } from "vitest";
import { LEGACY_RULE } from "../../../src/experiments/stats";
import { BANDIT_METHOD, NEW_METHOD, simulate, summarize, type Arm, type Method } from "../../../src/experiments/stats/simulate";

const OLD: Method = { name: "old", analysis: { method: "independent", prior: "uniform" }, rule: LEGACY_RULE };
const lift50: Arm[] = [{ price: 20, conversion: 0.05 }, { price: 30, conversion: 0.05 }];

describe("simulation smoke test: the stopping rule looked at daily for 42 days", () => {
  it("finds a +50% RPV lift at 300 visitors a day far more often than the old rule, never choosing the worse price", () => {
    const [old, neu] = simulate({ arms: lift50, visitorsPerDay: 300, methods: [OLD, NEW_METHOD], runs: 30, seed: "smoke-lift", draws: 1_000 });
    const o = summarize(lift50, old);
    const n = summarize(lift50, neu);
    expect(n.detectionRate).toBeGreaterThanOrEqual(0.9);
    expect(n.falseWinnerRate).toBe(0);
    expect(n.medianDecisionDay!).toBeLessThan(o.medianDecisionDay ?? 43);
    expect(n.lostDuringTest).toBeLessThan(o.lostDuringTest);
    for (const runs of [old, neu]) for (const r of runs) if (r.winner !== null) expect(r.day).toBeGreaterThanOrEqual(7);
  }, 60_000);

  it("in bandit mode keeps most of the best price's revenue while it learns", () => {
    const arms: Arm[] = [{ price: 20, conversion: 0.05 }, { price: 25, conversion: 0.05 }];
    const [bandit] = simulate({ arms, visitorsPerDay: 100, methods: [BANDIT_METHOD], runs: 20, seed: "smoke-bandit", draws: 1_000, bandit: true });
    const s = summarize(arms, bandit);
    // A 50/50 split would keep 90%: the bandit moves traffic to the better price.
    expect(s.revenueShare).toBeGreaterThan(0.92);
    expect(s.falseWinnerRate).toBe(0);
  }, 60_000);
});
