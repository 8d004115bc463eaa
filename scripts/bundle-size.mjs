#!/usr/bin/env node
/**
 * Builds the production worker exactly as `wrangler deploy` would (top-level wrangler.toml,
 * no --env, so src/index.ts), without uploading: `wrangler deploy --dry-run --outdir <tmp>`.
 * Prints the total and gzip size of the bundle, and fails (exit 1) if any dev-only code made
 * it in: the Stripe emulator, its hosted test checkout, the mailbox or the dev clock.
 *
 * Usage: npm run bundle-size [-- --max-gzip-kib=N] [-- --keep]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

// Strings that only dev code contains. Keep in step with src/dev/**.
const FORBIDDEN = [
  "Threshold test checkout", // the emulator's hosted checkout page
  "/dev/mailbox",
  "/dev/stripe",
  "/dev/clock",
  "STRIPE_EMULATOR_DB",
  "sk_test_threshold_emulator",
];

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const maxGzipArg = args.find((a) => a.startsWith("--max-gzip-kib="));
const maxGzipKiB = maxGzipArg ? Number(maxGzipArg.split("=")[1]) : undefined;

const outdir = mkdtempSync(join(tmpdir(), "threshold-bundle-"));
const build = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", outdir], {
  cwd: ROOT,
  env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  encoding: "utf8",
});
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? "");
  process.stderr.write(build.stderr ?? "");
  console.error(`\nbundle-size: \`wrangler deploy --dry-run\` failed (exit ${build.status ?? build.signal})`);
  if (!keep) rmSync(outdir, { recursive: true, force: true });
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = walk(outdir).filter((f) => !f.endsWith(".map"));
if (files.length === 0) {
  console.error(`bundle-size: wrangler wrote no files to ${outdir}`);
  process.exit(1);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let total = 0;
let gzTotal = 0;
const found = [];
console.log("Production bundle (wrangler deploy --dry-run, top-level config):");
for (const file of files.sort()) {
  const buf = readFileSync(file);
  const gz = gzipSync(buf, { level: 9 }).length;
  total += buf.length;
  gzTotal += gz;
  console.log(`  ${relative(outdir, file).padEnd(40)} ${kib(buf.length).padStart(12)}  gzip ${kib(gz).padStart(10)}`);
  const text = buf.toString("utf8");
  for (const marker of FORBIDDEN) if (text.includes(marker)) found.push({ file: relative(outdir, file), marker });
}
// The size Cloudflare checks against the plan limit is the compressed upload; gzip of the
// concatenated modules is a close estimate (wrangler prints its own figure above in its output).
const gzAll = gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
console.log(`  ${"total".padEnd(40)} ${kib(total).padStart(12)}  gzip ${kib(gzAll).padStart(10)}`);
const wranglerLine = (build.stdout + build.stderr).split("\n").find((l) => /Total Upload/i.test(l));
if (wranglerLine) console.log(`  wrangler says: ${wranglerLine.trim()}`);

let failed = false;
if (found.length > 0) {
  failed = true;
  console.error("\nbundle-size: dev-only code found in the production bundle:");
  for (const { file, marker } of found) console.error(`  ${file}: contains ${JSON.stringify(marker)}`);
} else {
  console.log(`\nNo dev-only code in the bundle (checked: ${FORBIDDEN.map((m) => JSON.stringify(m)).join(", ")}).`);
}
if (maxGzipKiB !== undefined && gzAll > maxGzipKiB * 1024) {
  failed = true;
  console.error(`bundle-size: gzip size ${kib(gzAll)} exceeds --max-gzip-kib=${maxGzipKiB}`);
}

if (keep) console.log(`Bundle kept in ${outdir}`);
else rmSync(outdir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
