#!/usr/bin/env node
/**
 * Builds the production worker exactly as `wrangler deploy` would (top-level wrangler.toml,
 * no --env, so src/index.ts), without uploading: `wrangler deploy --dry-run --outdir <tmp>`.
 * wrangler.toml sets `minify = true`, so this is the minified bundle that deploys.
 * Prints the total and gzip size of the bundle, and its cold start in workerd (top-level
 * evaluation, first request of a new isolate against warm ones; scripts/cold-start.mjs), and
 * fails (exit 1) if any dev-only code made it in (the Stripe emulator, its hosted test checkout,
 * the mailbox or the dev clock) or if the built bundles do not work (scripts/bundle-smoke.mjs:
 * health, OpenAPI, validation, a magic-link sign-in and an operator's page, run in workerd).
 * It does the same for the other Workers the app deploys as (src/routing.ts): the public one in
 * front (wrangler.public.toml), the owners' (wrangler.owners.toml) and the two API Workers'
 * (wrangler.api.toml, wrangler.community-api.toml): each one's size and cold start, and the walk
 * through all five together.
 * --max-gzip-kib and --max-eval-ms apply to every Worker.
 *
 * Usage: npm run bundle-size [-- --max-gzip-kib=N] [--max-eval-ms=N] [--keep] [--no-self-check]
 *        [--no-cold-start]
 *
 * It also builds the dev bundle (--env dev) and warns if a marker is missing there, which would
 * mean the check below has gone stale (src/dev renamed its strings).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { smokeTestBundles } from "./bundle-smoke.mjs";
import { measureColdStart } from "./cold-start.mjs";
import { stripeTrimProblems } from "./stripe-trim.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

// What only dev code contains (src/dev/**: the Stripe emulator and its hosted test checkout, the
// mailbox, the dev clock). Keep in step with src/dev/**. Note that production code may mention
// "/dev/mailbox?to=..." in a link shown only when EMAIL_PROVIDER=outbox, so for the mailbox we
// look for the exact route literal that mounts it, not any mention of the path.
const FORBIDDEN = [
  { label: '"Threshold test checkout" (emulator checkout page)', re: /Threshold test checkout/ },
  { label: 'the "/dev/mailbox" route mount', re: /["'`]\/dev\/mailbox["'`]/ },
  { label: '"/dev/stripe" (emulator routes)', re: /\/dev\/stripe/ },
  { label: '"/dev/clock" (dev clock routes)', re: /\/dev\/clock/ },
  { label: '"sk_test_threshold_emulator" (emulator key)', re: /sk_test_threshold_emulator/ },
];

/** A string of the Stripe SDK's own code (its API host), in no module of ours. */
const STRIPE_SDK_MARK = "api.stripe.com";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const maxGzipArg = args.find((a) => a.startsWith("--max-gzip-kib="));
const maxGzipKiB = maxGzipArg ? Number(maxGzipArg.split("=")[1]) : undefined;
const maxEvalArg = args.find((a) => a.startsWith("--max-eval-ms="));
const maxEvalMs = maxEvalArg ? Number(maxEvalArg.split("=")[1]) : undefined;

/** `wrangler deploy --dry-run` of one config (its top level, no --env) into a temp dir. */
function buildWorker(config) {
  const dir = mkdtempSync(join(tmpdir(), "threshold-bundle-"));
  const build = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "-c", config, "--outdir", dir], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    encoding: "utf8",
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout ?? "");
    process.stderr.write(build.stderr ?? "");
    console.error(`\nbundle-size: \`wrangler deploy --dry-run -c ${config}\` failed (exit ${build.status ?? build.signal})`);
    if (!keep) rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
  return { dir, output: build.stdout + build.stderr };
}
// Every Worker the app deploys as (src/routing.ts), with the page each one's cold start is timed on.
// The APIs' are real endpoints, so a first request runs a route and its validators: without a
// session the staff check (insights) and the sign-in check (notifications) answer 401, and the
// harness's D1 holds no tables.
const WORKERS = [
  { key: "app", label: "Threshold Worker (wrangler.toml)", config: "wrangler.toml", path: "/no-such-page" },
  { key: "owners", label: "owners' Worker (wrangler.owners.toml)", config: "wrangler.owners.toml", path: "/no-such-page" },
  { key: "api", label: "API Worker (wrangler.api.toml)", config: "wrangler.api.toml", path: "/api/v1/communities/demo/insights/funnel" },
  { key: "communityApi", label: "community API Worker (wrangler.community-api.toml)", config: "wrangler.community-api.toml", path: "/api/v1/communities/demo/notifications" },
  { key: "background", label: "background Worker (wrangler.background.toml)", config: "wrangler.background.toml", path: "/no-such-page" },
  { key: "front", label: "public Worker (wrangler.public.toml)", config: "wrangler.public.toml", path: "/signin" },
];
for (const w of WORKERS) Object.assign(w, buildWorker(w.config));
const buildOutput = WORKERS[0].output;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// wrangler also writes a README.md into the outdir; only the modules count.
function modulesOf(dir) {
  const files = walk(dir).filter((f) => !f.endsWith(".map") && !f.endsWith("README.md")).sort();
  if (files.length === 0) {
    console.error(`bundle-size: wrangler wrote no files to ${dir}`);
    process.exit(1);
  }
  return files;
}
// The size Cloudflare checks against the plan limit is the compressed upload; gzip of the
// concatenated modules is a close estimate (wrangler prints its own figure in its output).
const gzipOf = (files) => gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
const found = [];
/** Records every dev-only marker in `files` (named relative to `dir`, after `prefix`). */
function checkForbidden(files, dir, prefix = "") {
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const { label, re } of FORBIDDEN) if (re.test(text)) found.push({ file: prefix + relative(dir, file), label });
  }
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log("Production bundles (wrangler deploy --dry-run, minified), one per Worker:");
for (const w of WORKERS) {
  w.files = modulesOf(w.dir);
  w.bytes = w.files.reduce((n, f) => n + statSync(f).size, 0);
  w.gzip = gzipOf(w.files);
  w.entry = w.files.find((f) => relative(w.dir, f) === "index.js") ?? w.files[0];
  console.log(`  ${w.label.padEnd(44)} ${kib(w.bytes).padStart(12)}  gzip ${kib(w.gzip).padStart(10)}`);
  checkForbidden(w.files, w.dir, `${w.key}/`);
}
const wranglerLine = buildOutput.split("\n").find((l) => /Total Upload/i.test(l));
if (wranglerLine) console.log(`  wrangler says of the Threshold Worker: ${wranglerLine.trim()}`);

let failed = false;
const trimProblems = stripeTrimProblems();
if (trimProblems.length > 0) {
  failed = true;
  console.error("bundle-size: the Stripe SDK trim (scripts/stripe-trim.mjs) is out of step:");
  for (const p of trimProblems) console.error(`  ${p}`);
} else {
  console.log("  Stripe SDK trimmed to the resources we call (scripts/stripe-trim.mjs --check passes)");
}
// Only the background Worker carries the SDK (the trim's aliases are in its config alone); the
// others send their Stripe calls to it (src/platform/stripe-call.ts). The SDK's API host marks it,
// and must be found in the background Worker, or the check would pass for nothing.
const carriesSdk = (w) => w.files.some((f) => readFileSync(f, "utf8").includes(STRIPE_SDK_MARK));
const sdkMisplaced = WORKERS.filter((w) => carriesSdk(w) !== (w.key === "background"));
if (sdkMisplaced.length > 0) {
  failed = true;
  for (const w of sdkMisplaced) console.error(`bundle-size: ${w.label} ${carriesSdk(w) ? "carries" : "lacks"} the Stripe SDK ("${STRIPE_SDK_MARK}"); only the background Worker should carry it`);
} else {
  console.log("  only the background Worker carries the Stripe SDK");
}
const smokeFailures = await smokeTestBundles(Object.fromEntries(WORKERS.map((w) => [w.key, { file: w.entry, config: w.config }])));
if (smokeFailures.length > 0) {
  failed = true;
  console.error("bundle-size: the built bundles do not work in workerd:");
  for (const f of smokeFailures) console.error(`  ${f}`);
} else {
  console.log("  run together in workerd behind the public Worker: health, OpenAPI document, a signed and a forged Stripe webhook, 404 page, validation, magic-link sign-in, an operator's pages, an owner's new tier made at Stripe through the background Worker's Payments entrypoint (scripts/bundle-smoke.mjs)");
}
if (!args.includes("--no-cold-start")) {
  const ms = (n) => `${n.toFixed(1)} ms`;
  console.log("Cold start in workerd (beyond a bare worker of the same size; scripts/cold-start.mjs):");
  console.log(`  ${"Worker".padEnd(44)} ${"evaluation".padStart(10)} ${"paired".padStart(8)} ${"CPU".padStart(8)} ${"bare".padStart(8)}  first request, warm (ratio; bare worker's)`);
  for (const w of WORKERS) {
    const cold = await measureColdStart(w.entry, { path: w.path, config: w.config });
    const cpu = cold.evalCpuMs === undefined ? "n/a" : ms(cold.evalCpuMs);
    console.log(
      `  ${w.label.padEnd(44)} ${ms(cold.evalMs).padStart(10)} ${ms(cold.evalPairedMs).padStart(8)} ${cpu.padStart(8)} ${ms(cold.bareStartMs).padStart(8)}  GET ${w.path}: ${ms(cold.firstMs)}, ${ms(cold.warmMs)} (${cold.ratio.toFixed(2)}×; ${cold.bareRatio.toFixed(1)}×)`,
    );
    if (maxEvalMs !== undefined && cold.evalMs > maxEvalMs) {
      failed = true;
      console.error(`bundle-size: ${w.label}: top-level evaluation ${ms(cold.evalMs)} exceeds --max-eval-ms=${maxEvalMs}`);
    }
  }
  console.log("  (evaluation: best of 15 wall-clock starts; paired: median of the 15 starts' differences; CPU: workerd's busiest thread, mean of 15, steady under load; bare: the bare worker's own fastest start, which tells how fast the machine is running; first request: median of 15 new isolates)");
}
if (found.length > 0) {
  failed = true;
  console.error("\nbundle-size: dev-only code found in the production bundle:");
  for (const { file, label } of found) console.error(`  ${file}: contains ${label}`);
} else {
  console.log(`\nNo dev-only code in the bundle (checked: ${FORBIDDEN.map((m) => m.label).join("; ")}).`);
}
for (const w of WORKERS) {
  if (maxGzipKiB !== undefined && w.gzip > maxGzipKiB * 1024) {
    failed = true;
    console.error(`bundle-size: ${w.label}: gzip size ${kib(w.gzip)} exceeds --max-gzip-kib=${maxGzipKiB}`);
  }
}

// Guard against a vacuous check: the dev bundle (--env dev) should contain the markers. If it
// does not, src/dev changed its strings and FORBIDDEN above needs updating (warning only).
if (!args.includes("--no-self-check")) {
  const devOut = mkdtempSync(join(tmpdir(), "threshold-bundle-dev-"));
  const dev = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--env", "dev", "--outdir", devOut], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    encoding: "utf8",
  });
  if (dev.status !== 0) {
    console.warn("warning: could not build the dev bundle (--env dev) to self-check the markers");
  } else {
    const devText = walk(devOut)
      .filter((f) => !f.endsWith(".map") && !f.endsWith("README.md"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const missing = FORBIDDEN.filter(({ re }) => !re.test(devText)).map((m) => m.label);
    if (missing.length > 0) {
      console.warn(`warning: the dev bundle lacks these markers, so they prove nothing; update FORBIDDEN in scripts/bundle-size.mjs: ${missing.join("; ")}`);
    } else {
      console.log("Self-check: every marker is present in the dev bundle (--env dev).");
    }
  }
  rmSync(devOut, { recursive: true, force: true });
}

if (keep) console.log(`Bundles kept in ${WORKERS.map((w) => w.dir).join(", ")}`);
else for (const w of WORKERS) rmSync(w.dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
