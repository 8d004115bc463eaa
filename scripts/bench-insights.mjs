#!/usr/bin/env node
// `npm run bench:insights [-- --scale=0.1]`: runs bench/insights-cron.test.ts inside workerd
// (local D1) and prints what the first insights run (the backfill, through the queue) cost at
// the large community: consumer invocations, and the most D1 statements and bytes read by one.
import { runBench } from "./bench-run.mjs";

const scaleArg = process.argv.slice(2).find((a) => a.startsWith("--scale="));
const scale = scaleArg ? scaleArg.split("=")[1] : (process.env.BENCH_SCALE ?? "1");
const [r] = await runBench("bench/insights-cron.test.ts", "INSIGHTS", { BENCH_SCALE: scale });
const mb = (n) => `${(n / 1_048_576).toFixed(2)} MB`;
console.log(`\ninsights backfill at ${r.members.toLocaleString("en")} members (seeded in ${(r.seedMs / 1000).toFixed(1)} s), rolled through ${r.rolledThrough}:`);
console.log(`  ${r.invocations} consumer invocations in ${(r.totalMs / 1000).toFixed(1)} s; at most ${r.worstStatements} D1 statements and ${mb(r.worstBytes)} read in one`);
