#!/usr/bin/env node
// `npm run bench`: runs bench/ inside workerd (vitest + @cloudflare/vitest-pool-workers, its own
// config so `npm test` never runs it), collects the `BENCH {json}` lines the bench prints, and
// shows them as a table with PASS/FAIL against the targets in ../shared/experiments.md.
// Exits 1 when a target is missed or the bench did not run.
import { spawn } from "node:child_process";

const child = spawn("npx", ["vitest", "run", "--config", "bench/vitest.config.ts"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
let out = "";
let err = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (err += d));

const code = await new Promise((resolve) => child.on("close", resolve));
const rows = out
  .split("\n")
  .map((line) => line.match(/BENCH (\{.*\})\s*$/)?.[1])
  .filter(Boolean)
  .map((json) => JSON.parse(json));

if (!rows.length || code !== 0) {
  console.error(out.split("\n").filter((l) => !l.startsWith("Sourcemap") && !l.startsWith("exception")).slice(-60).join("\n"));
  console.error(err.split("\n").filter((l) => !l.startsWith("Sourcemap") && !l.startsWith("exception")).slice(-30).join("\n"));
  console.error(`\nbench did not complete (vitest exit code ${code})`);
  process.exit(1);
}

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
