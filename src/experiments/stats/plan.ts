/**
 * The honest planner: instead of a one-look sample-size formula, it runs the stopping rule in
 * force (the same `simulate` the harness uses, so `analyze` and `decide` themselves) at the
 * community's traffic and conversion, and reports how often it names the better price by 2, 4
 * and 6 weeks for a +10%, +25% and +50% difference in revenue per visitor.
 *
 * Cost: effects × runs × up to 36 daily analyses. With 24 runs and 400 draws that is at most
 * about 2,600 small analyses (a few hundred ms in workerd), so results are memoised per isolate;
 * the seed is fixed, so the same inputs always give the same figures. With 24 runs a figure is
 * good to about ±10 points: the page rounds to 5% and says so.
 */
import { BANDIT_METHOD, NEW_METHOD, simulate, summarize, type Arm } from "./simulate";

export interface PlanInput {
  visitorsPerDay: number;
  /** Conversion today, 0..1. */
  conversion: number;
  /** Price points in the test (2 to 4). */
  variants: number;
  bandit?: boolean;
  runs?: number;
  draws?: number;
}

export interface PlanRow {
  /** Relative RPV difference of the best price, e.g. 0.25. */
  lift: number;
  /** Share of runs that named the better price by day 14, 28 and 42. */
  by: { 14: number; 28: number; 42: number };
  /** Share of runs that chose a price 10% or more worse. */
  wrong: number;
}

export const PLAN_LIFTS = [0.1, 0.25, 0.5] as const;
export const PLAN_RUNS = 24;
const PLAN_DRAWS = 400;
const memo = new Map<string, PlanRow[]>();

/**
 * Arms for a test with `variants` prices: the control at 100 (any money unit: the rule is scale
 * free), the best `lift` above it by price at the same conversion, the others in between
 * earning what the control earns (a higher price, proportionally fewer sales).
 */
export function planArms(conversion: number, variants: number, lift: number): Arm[] {
  const best = 100 * (1 + lift);
  return Array.from({ length: variants }, (_, k) => {
    if (k === 0) return { price: 100, conversion };
    if (k === variants - 1) return { price: best, conversion };
    const price = 100 + ((best - 100) * k) / (variants - 1);
    return { price, conversion: (conversion * 100) / price };
  });
}

export function planTest(input: PlanInput): PlanRow[] {
  const runs = input.runs ?? PLAN_RUNS;
  const draws = input.draws ?? PLAN_DRAWS;
  const visitorsPerDay = Math.max(1, Math.round(input.visitorsPerDay));
  const conversion = Math.min(0.9, Math.max(0.0005, input.conversion));
  const key = JSON.stringify([visitorsPerDay, conversion.toFixed(5), input.variants, !!input.bandit, runs, draws]);
  const known = memo.get(key);
  if (known) return known;
  const rows = PLAN_LIFTS.map((lift): PlanRow => {
    const arms = planArms(conversion, input.variants, lift);
    const [outcomes] = simulate({ arms, visitorsPerDay, methods: [input.bandit ? BANDIT_METHOD : NEW_METHOD], runs, seed: `plan:${key}:${lift}`, draws, bandit: input.bandit });
    const best = arms.length - 1;
    const share = (day: number) => outcomes.filter((o) => o.winner === best && o.day! <= day).length / runs;
    return { lift, by: { 14: share(14), 28: share(28), 42: share(42) }, wrong: summarize(arms, outcomes).falseWinnerRate };
  });
  if (memo.size > 200) memo.clear();
  memo.set(key, rows);
  return rows;
}
