/**
 * Every rule against every scenario, day by day for 42 days, through the production code
 * (src/experiments/stats/simulate.ts calls analyze/decide/srmCheck/banditWeights as the cron
 * does). Prints one table; SIM_RUNS (default 300) and SIM_ONLY (a pattern matching scenario
 * names) narrow it.
 */
import { it } from "vitest";
import { LEGACY_RULE } from "../../src/experiments/stats/decision";
import { BANDIT_METHOD, NEW_METHOD, simulate, summarize, type Method } from "../../src/experiments/stats/simulate";
import { SCENARIOS } from "./scenarios";

const RUNS = Number(process.env.SIM_RUNS ?? 300);
const ONLY = new RegExp(process.env.SIM_ONLY ?? "");
const DRAWS = Number(process.env.SIM_DRAWS ?? 2_000);

const METHODS: Method[] = [
  { name: "old: Beta(1,1), P(best) >= 0.998", analysis: { method: "independent", prior: "uniform" }, rule: LEGACY_RULE },
  { name: "Beta(½,½), expected loss", analysis: { method: "independent", prior: "jeffreys" } },
  { ...NEW_METHOD, name: "new: price-response model, expected loss" },
];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

it("prints the simulation table", () => {
  const started = performance.now();
  const lines = [
    `${RUNS} runs per scenario, 42 days, one look a day, ${DRAWS} draws per analysis`,
    "",
    `| scenario | method | winner | best chosen | ≥10% worse chosen | median day | decided by 14/28/42 d | lost during test | 42-day revenue vs best |`,
    `|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const scenario of SCENARIOS.filter((s) => ONLY.test(s.name))) {
    const methods = scenario.bandit ? [BANDIT_METHOD] : METHODS;
    const results = simulate({ arms: scenario.arms, visitorsPerDay: scenario.visitorsPerDay, methods, runs: RUNS, seed: scenario.name, draws: DRAWS, bandit: scenario.bandit });
    results.forEach((outcomes, m) => {
      const s = summarize(scenario.arms, outcomes);
      const by = `${pct(s.decidedBy[14])} ${pct(s.decidedBy[28])} ${pct(s.decidedBy[42])}`;
      lines.push(`| ${scenario.name} | ${methods[m].name} | ${pct(s.winnerRate)} | ${pct(s.detectionRate)} | ${pct(s.falseWinnerRate)} | ${s.medianDecisionDay ?? "-"} | ${by} | ${pct(s.lostDuringTest)} | ${pct(s.revenueShare)} |`);
    });
  }
  lines.push("", `took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`\nSIMULATION TABLE\n${lines.join("\n")}`);
});
