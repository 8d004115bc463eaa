import { beforeAll, describe, expect, it } from "vitest";
import { analyze, createRandom, decide, srmCheck, type Verdict } from "../../../src/experiments/stats";
import { DEFAULT_P_BEST } from "../../../src/experiments/stats/decision";

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const CONVERSION = 0.05;
const VISITORS_PER_DAY = 300; // split 50/50 by a fair coin: about 150 per variant
const MAX_DAYS = 42;
// 2,000 draws per daily check instead of the default 10,000 keep 300 simulated experiments ×
// 42 daily analyses within ~20 s in workerd; P(best) then moves in steps of 1/2,000.
const DRAWS = 2_000;

interface Rule {
  name: string;
  pBest?: number;
}

interface Outcome {
  rule: string;
  winnerRate: number;
  correctRate: number;
  noClearDifferenceRate: number;
  medianDecisionDay: number | null;
}

/**
 * Runs `runs` experiments (A at $20, B at `priceB`, same conversion rate), analysing and
 * calling `decide` once a day for up to 42 days, for every rule on the same data.
 */
function simulate(runs: number, priceB: number, rules: Rule[], tag: string): { outcomes: Outcome[]; srmRuns: number } {
  const tallies = rules.map(() => ({ winners: 0, correct: 0, noClear: 0, days: [] as number[] }));
  let srmRuns = 0;
  for (let run = 0; run < runs; run++) {
    const rng = createRandom(`${tag}-${run}`);
    const exposures = [0, 0];
    const conversions = [0, 0];
    const stopped = rules.map(() => false);
    let srmSeen = false;
    for (let day = 1; day <= MAX_DAYS && stopped.includes(false); day++) {
      for (let v = 0; v < VISITORS_PER_DAY; v++) {
        const k = rng.float() < 0.5 ? 0 : 1;
        exposures[k]++;
        if (rng.float() < CONVERSION) conversions[k]++;
      }
      const analysis = analyze({
        seed: `${tag}-${run}`,
        draws: DRAWS,
        variants: [
          { key: "A", exposures: exposures[0], conversions: conversions[0], revenue: 20 * conversions[0], price: 20 },
          { key: "B", exposures: exposures[1], conversions: conversions[1], revenue: priceB * conversions[1], price: priceB },
        ],
      });
      const srmFlagged = srmCheck(exposures, [0.5, 0.5]).flagged;
      srmSeen ||= srmFlagged;
      rules.forEach((rule, i) => {
        if (stopped[i]) return;
        const { verdict, winnerKey } = decide({ analysis, startedAt: START, now: START + day * DAY, srmFlagged, pBest: rule.pBest });
        const final: Verdict[] = ["winner", "no_clear_difference"];
        if (!final.includes(verdict)) return;
        stopped[i] = true;
        const t = tallies[i];
        if (verdict === "no_clear_difference") t.noClear++;
        else {
          t.winners++;
          t.days.push(day);
          if (winnerKey === "B") t.correct++;
        }
      });
    }
    if (srmSeen) srmRuns++;
  }
  const outcomes = tallies.map((t, i) => ({
    rule: rules[i].name,
    winnerRate: t.winners / runs,
    correctRate: t.correct / runs,
    noClearDifferenceRate: t.noClear / runs,
    medianDecisionDay: t.days.length ? t.days.sort((a, b) => a - b)[t.days.length >> 1] : null,
  }));
  return { outcomes, srmRuns };
}

// The default rule (what `decide` does without a pBest), and the method's single-look 0.95 and
// intermediate thresholds beside it, to show what checking every day costs.
const DEFAULT: Rule = { name: `default: P(best) >= ${DEFAULT_P_BEST}` };
const rules: Rule[] = [{ name: "P(best) >= 0.95", pBest: 0.95 }, { name: "P(best) >= 0.99", pBest: 0.99 }, { name: "P(best) >= 0.995", pBest: 0.995 }, DEFAULT];

function report(title: string, result: ReturnType<typeof simulate>): void {
  const lines = result.outcomes.map(
    (o) => `  ${o.rule.padEnd(26)} winner ${pct(o.winnerRate)}  (B ${pct(o.correctRate)})  no clear difference ${pct(o.noClearDifferenceRate)}  median decision day ${o.medianDecisionDay ?? "-"}`,
  );
  console.log([`${title} (runs with SRM flagged on some day: ${result.srmRuns})`, ...lines].join("\n"));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const outcomeOf = (result: ReturnType<typeof simulate>, rule: Rule) => result.outcomes.find((o) => o.rule === rule.name)!;

describe("simulation: the stopping rule checked daily for up to 42 days", () => {
  let aa: ReturnType<typeof simulate>;
  let lift: ReturnType<typeof simulate>;

  beforeAll(() => {
    const start = performance.now();
    aa = simulate(200, 20, rules, "aa");
    lift = simulate(100, 25, rules, "lift");
    report("200 A/A experiments (5% at $20 vs 5% at $20)", aa);
    report("100 experiments with +25% RPV (5% at $20 vs 5% at $25)", lift);
    console.log(`simulation took ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }, 60_000);

  it("ends every run by the maximum duration, as a winner or as no clear difference", () => {
    for (const o of [...aa.outcomes, ...lift.outcomes]) expect(o.winnerRate + o.noClearDifferenceRate).toBeCloseTo(1, 12);
  });

  // Checked daily, the method's single-look P(best) >= 0.95 names a winner in about a third of
  // A/A runs (peeking; the expected-loss condition barely binds at this traffic). That is why the
  // default threshold is 0.998: the table above shows every rule on the same data.
  it("keeps A/A false winners at or below 5% with the default rule", () => {
    expect(outcomeOf(aa, DEFAULT).winnerRate).toBeLessThanOrEqual(0.05);
  });

  it("detects a true +25% RPV lift, naming B, in most runs with the default rule", () => {
    const d = outcomeOf(lift, DEFAULT);
    expect(d.correctRate).toBeGreaterThan(0.5);
    expect(d.correctRate).toBe(d.winnerRate);
  });
});
