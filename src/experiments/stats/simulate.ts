/**
 * Day-by-day simulation of a price test through the production code: `analyze`, `decide`,
 * `srmCheck` and, in bandit mode, `banditReady` / `banditWeights`, called once a day as the
 * cron does. The planner uses it at a community's own traffic; `npm run simulate` uses it to
 * measure each rule (scripts/simulate/).
 */
import { analyze, type AnalysisInput } from "./analysis";
import { banditReady, banditWeights } from "./bandit";
import { BANDIT_RULE, decide, DEFAULT_RULE, type DecisionInput } from "./decision";
import { createRandom, type Random } from "./random";
import { srmCheck } from "./srm";

export interface Arm {
  price: number;
  /** True chance that an exposed visitor buys at this price. */
  conversion: number;
}

/** A way of deciding: the posterior and the stopping rule's settings. */
export interface Method {
  name: string;
  analysis?: Pick<AnalysisInput, "method" | "prior">;
  rule?: Partial<Pick<DecisionInput, "minDays" | "minExposures" | "minConversions" | "pBest" | "lossThreshold" | "lossBase">>;
}

export const NEW_METHOD: Method = { name: "price-response model, expected loss", rule: DEFAULT_RULE };
export const BANDIT_METHOD: Method = { name: "bandit: price-response model, expected loss", rule: BANDIT_RULE };

export interface SimulationInput {
  arms: Arm[];
  visitorsPerDay: number;
  methods: Method[];
  runs: number;
  days?: number;
  seed: string;
  /** Monte Carlo draws per daily analysis (the app uses 10,000). */
  draws?: number;
  /** Thompson sampling with the 1% floor and burn-in (one method per simulation then). */
  bandit?: boolean;
}

export interface RunOutcome {
  /** Index of the chosen arm, or null when the test ended without a winner. */
  winner: number | null;
  /** Day of the decision (winner), or null. */
  day: number | null;
  /** Expected revenue over the whole horizon (test, then the winner or the control). */
  revenue: number;
  /** Expected revenue lost during the test against showing every visitor the best price. */
  lostDuringTest: number;
  /** Expected revenue of the best price alone over the whole horizon. */
  bestOnly: number;
}

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/**
 * For each run: one stream of visitors split evenly (or by the bandit's weights), and every
 * method judging it once a day until it decides or the horizon ends. Revenue figures use the
 * arms' true RPVs (price × conversion), so they measure the choices, not the coin flips.
 */
export function simulate(input: SimulationInput): RunOutcome[][] {
  const days = input.days ?? 42;
  const k = input.arms.length;
  const rpv = input.arms.map((a) => a.price * a.conversion);
  const best = Math.max(...rpv);
  const control = 0;
  const out: RunOutcome[][] = input.methods.map(() => []);
  for (let run = 0; run < input.runs; run++) {
    const rng = createRandom(`${input.seed}:${run}`);
    const exposures = new Array<number>(k).fill(0);
    const conversions = new Array<number>(k).fill(0);
    const state = input.methods.map(() => ({ done: false, winner: null as number | null, day: null as number | null, lost: 0, revenue: 0 }));
    let weights = input.arms.map(() => 1 / k);
    for (let day = 1; day <= days; day++) {
      const today = new Array<number>(k).fill(0);
      for (let v = 0; v < input.visitorsPerDay; v++) {
        const arm = pick(rng, weights);
        today[arm]++;
        exposures[arm]++;
        if (rng.float() < input.arms[arm].conversion) conversions[arm]++;
      }
      // What each method earned today: the split while testing, its choice once decided.
      for (const s of state) {
        if (s.done) {
          s.revenue += input.visitorsPerDay * rpv[s.winner ?? control];
          continue;
        }
        for (let i = 0; i < k; i++) {
          s.revenue += today[i] * rpv[i];
          s.lost += today[i] * (best - rpv[i]);
        }
      }
      if (state.every((s) => s.done)) continue;
      const srmFlagged = !input.bandit && srmCheck(exposures, input.arms.map(() => 1 / k)).flagged;
      const now = START + day * DAY_MS;
      input.methods.forEach((method, m) => {
        const s = state[m];
        if (s.done) return;
        const analysis = analyze({
          seed: `${input.seed}:${run}`,
          draws: input.draws ?? 2_000,
          ...method.analysis,
          variants: input.arms.map((a, i) => ({ key: String(i), exposures: exposures[i], conversions: conversions[i], revenue: conversions[i] * a.price, price: a.price })),
        });
        const decision = decide({ analysis, startedAt: START, now, maxDurationDays: days, srmFlagged, ...method.rule });
        if (decision.verdict === "winner") {
          Object.assign(s, { done: true, winner: Number(decision.winnerKey), day });
        } else if (decision.verdict === "no_clear_difference") s.done = true;
        else if (input.bandit && banditReady({ startedAt: START, now, exposures })) {
          weights = banditWeights(analysis.variants.map((v) => v.chanceToBeBest));
        }
      });
    }
    state.forEach((s, m) => out[m].push({ winner: s.winner, day: s.day, revenue: s.revenue, lostDuringTest: s.lost, bestOnly: best * input.visitorsPerDay * days }));
  }
  return out;
}

function pick(rng: Random, weights: number[]): number {
  let u = rng.float();
  for (let i = 0; i < weights.length - 1; i++) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return weights.length - 1;
}

export interface SimulationSummary {
  runs: number;
  /** Share of runs that named any winner. */
  winnerRate: number;
  /** Share of runs that chose the best arm (or one within 10% of it when several tie). */
  detectionRate: number;
  /** Share of runs that chose an arm whose true RPV is 10% or more below the best. */
  falseWinnerRate: number;
  medianDecisionDay: number | null;
  /** Share of decisions made by day 14, 28 and 42, of all runs. */
  decidedBy: { 14: number; 28: number; 42: number };
  /** Revenue lost during the test, as a share of what the best price alone makes over the horizon. */
  lostDuringTest: number;
  /** Revenue over the whole horizon as a share of the best price alone. */
  revenueShare: number;
}

export function summarize(arms: Arm[], outcomes: RunOutcome[]): SimulationSummary {
  const rpv = arms.map((a) => a.price * a.conversion);
  const best = Math.max(...rpv);
  const decided = outcomes.filter((o) => o.winner !== null);
  const days = decided.map((o) => o.day!).sort((a, b) => a - b);
  const share = (f: (o: RunOutcome) => boolean) => outcomes.filter(f).length / outcomes.length;
  const bestOnly = outcomes.reduce((s, o) => s + o.bestOnly, 0);
  const lost = outcomes.reduce((s, o) => s + o.lostDuringTest, 0);
  return {
    runs: outcomes.length,
    winnerRate: decided.length / outcomes.length,
    detectionRate: share((o) => o.winner !== null && rpv[o.winner] === best),
    falseWinnerRate: share((o) => o.winner !== null && rpv[o.winner] <= 0.9 * best),
    medianDecisionDay: days.length ? days[days.length >> 1] : null,
    decidedBy: { 14: share((o) => o.day !== null && o.day <= 14), 28: share((o) => o.day !== null && o.day <= 28), 42: share((o) => o.day !== null) },
    lostDuringTest: lost / bestOnly,
    revenueShare: outcomes.reduce((s, o) => s + o.revenue, 0) / bestOnly,
  };
}
