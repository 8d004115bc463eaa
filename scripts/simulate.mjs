#!/usr/bin/env node
// `npm run simulate`: runs scripts/simulate/*.sim.ts with vitest in Node (two shards, one per
// core), collects the `SIM {json}` lines and prints them as one Markdown table in scenario order.
import { spawn } from "node:child_process";

const started = Date.now();
const child = spawn("npx", ["vitest", "run", "--config", "scripts/simulate/vitest.config.ts"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
let out = "";
let err = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (err += d));
const code = await new Promise((resolve) => child.on("close", resolve));
const rows = out
  .split("\n")
  .map((line) => line.match(/SIM (\{.*\})\s*$/)?.[1])
  .filter(Boolean)
  .map((json) => JSON.parse(json))
  .sort((a, b) => a.index - b.index || a.m - b.m);
if (!rows.length || code !== 0) {
  console.error(out.split("\n").slice(-40).join("\n"));
  console.error(err.split("\n").slice(-20).join("\n"));
  console.error(`\nsimulation did not complete (vitest exit code ${code})`);
  process.exit(1);
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;
console.log(`\n${rows[0].runs} runs per scenario, 42 days, one look a day, ${rows[0].draws} draws per analysis\n`);
console.log("| scenario | method | winner | best chosen | ≥10% worse chosen | median day | decided by 14 / 28 / 42 d | lost during test | 42-day revenue vs best |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const by = `${pct(r.decidedBy[14])} / ${pct(r.decidedBy[28])} / ${pct(r.decidedBy[42])}`;
  console.log(`| ${r.scenario} | ${r.method} | ${pct(r.winnerRate)} | ${pct(r.detectionRate)} | ${pct(r.falseWinnerRate)} | ${r.medianDecisionDay ?? "-"} | ${by} | ${pct(r.lostDuringTest)} | ${pct(r.revenueShare)} |`);
}
console.log(`\ntook ${Math.round((Date.now() - started) / 1000)} s`);
