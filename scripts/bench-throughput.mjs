#!/usr/bin/env node
/**
 * `npm run bench:throughput`: requests per second of the landing page on `wrangler dev`, side by
 * side with a bare Hono worker on `wrangler dev` that returns the same HTML from a constant.
 *
 * Starts the app as `npm run dev` does (local D1 migrated into a temporary directory, the demo
 * seeded), reads /c/demo once as a new visitor, writes a one-route Hono worker holding that
 * page's HTML as a string constant, and starts it too. Then drives both with wrk (10
 * connections, 2 threads), interleaved, twice each: the landing page for a new visitor (a
 * browser without cookies: a visitor id is set and the day's visit counted on every request; the
 * demo runs no price test, so nobody is assigned) and for a returning one (the cookies of an
 * earlier visit sent back); and, for reference, the app's 404 page (middleware and layout, no
 * D1) and its health check (one `select 1` on D1). Prints requests per second, the median
 * latency, and the app's share of the bare worker's rate (target: at least half).
 *
 * Needs wrk (`apt-get install wrk`). Takes about two minutes. Usage:
 *   npm run bench:throughput [-- --seconds=10]
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const secondsArg = process.argv.slice(2).find((a) => a.startsWith("--seconds="));
const SECONDS = secondsArg ? Number(secondsArg.split("=")[1]) : 10;
const APP_PORT = 8797;
// wrk sends no User-Agent, and a visitor without one counts as a crawler (never counted, never
// assigned a test price): the landing runs send a browser's.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const BARE_PORT = 8798;

if (spawnSync("wrk", ["--version"]).error) {
  console.error("bench:throughput needs wrk: apt-get install wrk");
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "threshold-throughput-"));
const children = [];
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" };

function start(args, label) {
  const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  children.push(child);
  child.on("exit", (code) => {
    if (code && !stopping) console.error(`${label} exited (${code}):\n${log.slice(-2000)}`);
  });
  return child;
}

let stopping = false;
function stopAll() {
  stopping = true;
  for (const c of children) {
    try {
      process.kill(-c.pid, "SIGTERM");
    } catch {}
  }
}
process.on("exit", () => {
  stopAll();
  rmSync(work, { recursive: true, force: true });
});
process.on("SIGINT", () => process.exit(130));

async function waitFor(url, { timeoutMs = 120_000, okStatus = 200, headers = {} } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { headers: { accept: "text/html", ...headers }, redirect: "manual" });
      const text = await res.text();
      if (res.status === okStatus) return { res, text };
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not answer ${okStatus} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function wrk(url, headers) {
  const args = ["-t2", "-c10", `-d${SECONDS}s`, "--latency", ...headers.flatMap((h) => ["-H", h]), url];
  const out = spawnSync("wrk", args, { encoding: "utf8" }).stdout;
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN);
  const p50 = out.match(/50%\s+([\d.]+)(us|ms|s)/);
  const p50Ms = p50 ? Number(p50[1]) * { us: 0.001, ms: 1, s: 1000 }[p50[2]] : NaN;
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  return { rps, p50Ms, non2xx };
}

try {
  const persist = join(work, "state");
  // The app, as `npm run dev` starts it, on its own local D1.
  const migrate = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--env", "dev", "--persist-to", persist], { cwd: ROOT, env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  start(["dev", "--env", "dev", "--port", String(APP_PORT), "--persist-to", persist, "--ip", "127.0.0.1"], "wrangler dev (app)");
  const appUrl = `http://127.0.0.1:${APP_PORT}/c/demo`;
  const first = await waitFor(appUrl, { headers: { "user-agent": BROWSER } });
  const cookies = first.res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  // The bare worker: the same HTML, from a constant.
  const bareDir = join(work, "bare");
  mkdirSync(bareDir);
  symlinkSync(join(ROOT, "node_modules"), join(bareDir, "node_modules"));
  writeFileSync(
    join(bareDir, "index.js"),
    `import { Hono } from "hono";\nconst HTML = ${JSON.stringify(first.text)};\nconst app = new Hono();\napp.get("*", (c) => c.html(HTML));\nexport default app;\n`,
  );
  start(["dev", join(bareDir, "index.js"), "--port", String(BARE_PORT), "--compatibility-date", "2026-04-20", "--ip", "127.0.0.1", "--persist-to", join(work, "bare-state")], "wrangler dev (bare)");
  const bareUrl = `http://127.0.0.1:${BARE_PORT}/c/demo`;
  const bare = await waitFor(bareUrl);
  if (bare.text !== first.text) throw new Error("the bare worker does not return the landing page's HTML");

  const scenarios = [
    { name: "landing, new visitor", headers: ["accept: text/html", `user-agent: ${BROWSER}`] },
    { name: "landing, returning visitor", headers: ["accept: text/html", `user-agent: ${BROWSER}`, `cookie: ${cookies}`] },
    // For reference: the app's 404 page (its middleware and layout, no D1) and its health check
    // (one `select 1` on D1 and a tiny JSON answer).
    { name: "404 page (reference)", path: "/no-such-page", headers: ["accept: text/html"], status: 404 },
    { name: "health check (reference)", path: "/healthz", headers: ["accept: application/json"] },
  ];
  console.log(`\nLanding page throughput on wrangler dev (wrk, 10 connections, ${SECONDS} s per run, runs interleaved)`);
  console.log(`the page: ${(first.text.length / 1024).toFixed(1)} KiB of HTML; returning visitors send back: ${cookies.split("; ").map((c) => c.split("=")[0]).join(", ")}\n`);
  const rows = [];
  for (const s of scenarios) {
    const app = [];
    const floor = [];
    for (let round = 0; round < 2; round++) {
      app.push(wrk(s.path ? new URL(s.path, appUrl).href : appUrl, s.headers));
      floor.push(wrk(bareUrl, s.headers));
    }
    const mean = (xs, k) => xs.reduce((a, r) => a + r[k], 0) / xs.length;
    const errors = s.status ? 0 : app.reduce((n, r) => n + r.non2xx, 0);
    rows.push([s.name, mean(app, "rps"), mean(floor, "rps"), mean(app, "p50Ms"), mean(floor, "p50Ms"), errors]);
  }
  console.log(`${"page".padEnd(28)} ${"app req/s".padStart(10)} ${"bare req/s".padStart(11)} ${"app p50".padStart(9)} ${"bare p50".padStart(9)} ${"share".padStart(7)}`);
  for (const [name, a, b, pa, pb, errors] of rows) {
    console.log(`${name.padEnd(28)} ${a.toFixed(0).padStart(10)} ${b.toFixed(0).padStart(11)} ${`${pa.toFixed(1)} ms`.padStart(9)} ${`${pb.toFixed(1)} ms`.padStart(9)} ${`${((a / b) * 100).toFixed(0)}%`.padStart(7)}${errors ? `  (${errors} non-2xx)` : ""}`);
  }
  console.log("\ntarget: the app serves at least 50% of the bare worker's requests per second");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  stopAll();
}
