/**
 * Every rule against the scenarios of one shard, day by day for 42 days, through the production
 * code (src/experiments/stats/simulate.ts calls analyze/decide/srmCheck/banditWeights as the cron
 * does). Prints one `SIM {json}` line per scenario and method; scripts/simulate.mjs sorts them
 * into one table. SIM_RUNS (default 300) and SIM_ONLY (a pattern on scenario names) narrow it.
 */
import { LEGACY_RULE } from "../../src/experiments/stats/decision";
import { BANDIT_METHOD, NEW_METHOD, simulate, summarize, type Method } from "../../src/experiments/stats/simulate";
import { SCENARIOS } from "./scenarios";

const RUNS = Number(process.env.SIM_RUNS ?? 300);
const ONLY = new RegExp(process.env.SIM_ONLY ?? "");
export const DRAWS = Number(process.env.SIM_DRAWS ?? 2_000);

const METHODS: Method[] = [
  { name: "old: Beta(1,1), P(best) >= 0.998", analysis: { method: "independent", prior: "uniform" }, rule: LEGACY_RULE },
  { name: "Beta(½,½), expected loss", analysis: { method: "independent", prior: "jeffreys" } },
  { ...NEW_METHOD, name: "new: price-response model, expected loss" },
];

/** Runs the scenarios whose index is `shard` modulo `shards`. */
export function runShard(shard: number, shards: number): void {
  SCENARIOS.forEach((scenario, index) => {
    if (index % shards !== shard || !ONLY.test(scenario.name)) return;
    const started = performance.now();
    const methods = scenario.bandit ? [BANDIT_METHOD] : METHODS;
    const results = simulate({ arms: scenario.arms, visitorsPerDay: scenario.visitorsPerDay, methods, runs: RUNS, seed: scenario.name, draws: DRAWS, bandit: scenario.bandit });
    const seconds = (performance.now() - started) / 1000;
    results.forEach((outcomes, m) => {
      const summary = summarize(scenario.arms, outcomes);
      console.log(`SIM ${JSON.stringify({ index, m, scenario: scenario.name, method: methods[m]!.name, draws: DRAWS, seconds, ...summary })}`);
    });
  });
}
