#!/usr/bin/env node
// `npm run bench:pages [-- --scale=0.1]`: runs bench/pages.test.ts inside workerd (vitest +
// @cloudflare/vitest-pool-workers, local D1), collects its `PAGES {json}` lines and prints, per
// page and API route, D1 round trips and statements, median and p95 latency at the small and the
// large community and the large/small ratio (of trimmed means: the clock moves in whole ms); then
// one cron run (and its queue, drained) at the large size, and each production Worker's gzip size
// and cold start (scripts/bundle-size.mjs).
import { spawnSync } from "node:child_process";
import { runBench } from "./bench-run.mjs";

const scaleArg = process.argv.slice(2).find((a) => a.startsWith("--scale="));
const scale = scaleArg ? scaleArg.split("=")[1] : (process.env.BENCH_SCALE ?? "1");
// --only="members CSV": only the pages whose name holds it, on the main community (no insights, cron or bundle).
const onlyArg = process.argv.slice(2).find((a) => a.startsWith("--only="));
const only = onlyArg ? onlyArg.slice("--only=".length) : (process.env.BENCH_ONLY ?? "");
const rows = await runBench("bench/pages.test.ts", "PAGES", { BENCH_SCALE: scale, BENCH_ONLY: only }, (found) => found.some((r) => r.kind === "cron" || r.kind === "done"));

const ms = (v) => `${v.toFixed(1)} ms`;
const sizes = rows.find((r) => r.kind === "sizes");
console.log(`\nThreshold pages bench (workerd, local D1; wrapped binding counts D1 traffic)`);
console.log(`small: 40 applications, 100 members, 10 drops, 40 comments, 200 assignments, 1,000 posts and replies`);
console.log(`large: ${Object.entries(sizes.large).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")} (seeded in ${(sizes.seedMs / 1000).toFixed(1)} s)\n`);
const header = ["page", "trips (small/large)", "stmts", "small p50", "small p95", "large p50", "large p95", "ratio"];
const table = rows
  .filter((r) => r.kind === "page")
  .map((r) => [r.name, `${r.smallRoundTrips}/${r.roundTrips}`, String(r.statements), ms(r.small.p50), ms(r.small.p95), ms(r.large.p50), ms(r.large.p95), r.ratio == null ? "no I/O" : `${r.ratio.toFixed(2)}×`]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
console.log("ratio: large/small of the mean of the middle 80% of the samples (times are whole milliseconds, so a median flips between neighbours)");
if (table.some((row) => row[7] === "no I/O")) {
  console.log("no I/O: workerd's clock stands still while code runs, so a page that awaits no I/O measures 0 ms at both sizes");
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const exp = rows.find((r) => r.kind === "export");
console.log(`\nmembers CSV at the large size (${exp.members.toLocaleString("en")} members), written by the queue:`);
console.log(`  ${exp.chunks} chunks, one consumer invocation each: at most ${exp.worstStatements} D1 statements and ${kb(exp.worstBytes)} read, ${ms(exp.worstMs)}`);
console.log(`  the whole file written in ${(exp.drainMs / 1000).toFixed(1)} s of consumer time (in production, plus the queue's delivery between chunks)`);
if (exp.earlyMs !== undefined) {
  console.log(`  a full chunk early in the community (chunks 1-5) against late (the last five full ones), p50: ${ms(exp.earlyMs)} against ${ms(exp.lateMs)} (${(exp.lateMs / exp.earlyMs).toFixed(2)}×)`);
}

const cron = rows.find((r) => r.kind === "cron");
if (!cron) process.exit(0);
console.log(`\ncron at the large size (${cron.members.toLocaleString("en")} members, one drop due for all):`);
console.log(`  cron invocation: ${ms(cron.cronMs)}, ${cron.cronStatements} D1 statements, ${kb(cron.cronBytes)} read`);
console.log(`  queue consumer: ${cron.consumerInvocations} invocations, at most ${cron.worstStatements} D1 statements and ${kb(cron.worstBytes)} read each`);
console.log(`  emails sent: ${cron.emails.toLocaleString("en")} (each member once); cron + drained queue: ${(cron.totalMs / 1000).toFixed(1)} s`);

const bundle = spawnSync(process.execPath, ["scripts/bundle-size.mjs", "--no-self-check"], { encoding: "utf8" });
const out = (bundle.stdout ?? "").split("\n");
// bundle-size prints one line per Worker under each heading; these are the two tables.
const section = (heading) => {
  const start = out.findIndex((l) => l.startsWith(heading));
  if (start < 0) return [];
  const rest = out.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith("  "));
  return rest.slice(0, end < 0 ? rest.length : end).filter((l) => /Worker/.test(l));
};
const workerSizes = section("Production bundles");
console.log(`\nproduction bundles (wrangler deploy --dry-run, minified), one per Worker:${workerSizes.length ? "" : " (bundle-size failed)"}`);
for (const l of workerSizes) console.log(l);
const cold = section("Cold start");
if (cold.length) console.log("cold start in workerd (beyond a bare worker of the same size; first request and warm):");
for (const l of cold) console.log(l);
