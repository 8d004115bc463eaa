#!/usr/bin/env node
// `npm run bench`: runs bench/ inside workerd (vitest + @cloudflare/vitest-pool-workers, its own
// config so `npm test` never runs it), collects the `BENCH {json}` lines the bench prints, and
// shows them as a table with PASS/FAIL against the targets in ../shared/experiments.md.
// Exits 1 when a target is missed or the bench did not run.
import { runBench } from "./bench-run.mjs";

const rows = await runBench("bench/runtime.test.ts", "BENCH");

const format = (r) => (r.unit === "×" ? `${r.value.toFixed(2)}×` : r.unit === "µs" ? `${r.value < 10 ? r.value.toFixed(3) : r.value.toFixed(0)} µs` : `${r.value.toFixed(2)} ms`);
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`\nThreshold bench: measured in workerd (the Workers runtime), medians\n`);
console.log(`${"measure".padEnd(width)}  ${"value".padStart(12)}  ${"target".padEnd(14)}  result`);
console.log(`${"-".repeat(width)}  ${"-".repeat(12)}  ${"-".repeat(14)}  ------`);
for (const r of rows) {
  const verdict = r.pass === undefined ? "" : r.pass ? "PASS" : "FAIL";
  console.log(`${r.name.padEnd(width)}  ${format(r).padStart(12)}  ${(r.target ?? "").padEnd(14)}  ${verdict}${r.note ? `  (${r.note})` : ""}`);
}
const failed = rows.filter((r) => r.pass === false);
console.log(failed.length ? `\n${failed.length} target(s) missed` : "\nall targets met");
process.exit(failed.length ? 1 : 0);
