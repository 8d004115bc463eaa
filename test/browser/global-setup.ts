/**
 * Vitest globalSetup for the "browser" project.
 *
 * 1. makes a fresh temp state dir (local D1 files live there, nothing touches .wrangler/state),
 * 2. applies the D1 migrations into it (`wrangler d1 migrations apply DB --local --env dev`),
 * 3. starts `wrangler dev --env dev` on a free port of 127.0.0.1 with APP_URL pointing at it,
 * 4. waits for `GET /healthz` to answer 200, then provides the base URL as `inject("baseUrl")`,
 * 5. on teardown kills wrangler's whole process group and removes the state dir.
 *
 * wrangler's output is always written to test-artifacts/wrangler-dev.log, and printed when
 * start-up fails. Set KEEP_BROWSER_STATE=1 to keep the temp state dir for inspection.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const ARTIFACTS = join(ROOT, "test-artifacts");
const LOG_FILE = join(ARTIFACTS, "wrangler-dev.log");
const STARTUP_TIMEOUT_MS = Number(process.env.BROWSER_STARTUP_TIMEOUT_MS ?? 90_000);

// Non-interactive, quiet, no telemetry: the same on a laptop and in CI.
const WRANGLER_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

function log(text: string) {
  appendFileSync(LOG_FILE, text);
}

/** Runs wrangler to completion, capturing its output; rejects with that output on failure. */
function runWrangler(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    log(`\n$ wrangler ${args.join(" ")}\n`);
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      env: WRANGLER_ENV,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    const onData = (b: Buffer) => {
      out += b.toString();
      log(b.toString());
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`wrangler ${args.join(" ")} timed out after ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.join(" ")} exited with ${code ?? signal}\n${out}`));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole group: wrangler, esbuild, workerd
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopGroup(child: ChildProcess) {
  if (child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => {
    if (exited(child)) resolve();
    else child.once("exit", () => resolve());
  });
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
  await Promise.race([gone, new Promise((r) => setTimeout(r, 8_000))]);
  clearTimeout(timer);
  // Anything of the group still alive (e.g. a workerd that ignored SIGTERM) goes now.
  killGroup(child, "SIGKILL");
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

async function waitForHealthy(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = "no answer yet";
  const fail = (why: string) =>
    new Error(`${why}\n--- wrangler dev output ---\n${stripAnsi(output())}`);
  while (Date.now() < deadline) {
    if (exited(child)) {
      throw fail(`wrangler dev exited early (${child.exitCode ?? child.signalCode}) before /healthz answered`);
    }
    // A build error does not stop `wrangler dev` (it waits for a file change): fail fast instead.
    if (/Build failed/.test(stripAnsi(output())) && !/Ready on/.test(stripAnsi(output()))) {
      await new Promise((r) => setTimeout(r, 1_000)); // let the rest of the error list arrive
      throw fail("wrangler dev could not build the worker (src/dev/index.ts)");
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
      const body = await res.text();
      if (res.status === 200) return;
      last = `${res.status} ${body.slice(0, 500)}`;
    } catch (e) {
      last = String((e as Error)?.cause ?? e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw fail(`GET ${baseUrl}/healthz did not answer 200 within ${STARTUP_TIMEOUT_MS} ms (last: ${last})`);
}

export default async function setup(project: TestProject) {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(LOG_FILE, "");
  const stateDir = mkdtempSync(join(tmpdir(), "threshold-browser-"));
  const cleanupState = () => {
    if (process.env.KEEP_BROWSER_STATE === "1") console.log(`[browser] state kept in ${stateDir}`);
    else rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await runWrangler(
      ["d1", "migrations", "apply", "DB", "--local", "--env", "dev", "--persist-to", stateDir],
      120_000,
    );
  } catch (e) {
    cleanupState();
    throw e;
  }

  const port = await freePort();
  const inspectorPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = [
    "dev",
    "--env", "dev",
    "--ip", "127.0.0.1",
    "--port", String(port),
    "--inspector-port", String(inspectorPort),
    "--persist-to", stateDir,
    "--var", `APP_URL:${baseUrl}`,
    // The suite signs the same owner in from one address many times within minutes.
    "--var", "RATE_LIMIT_SIGNIN_EMAIL:200/600",
    "--var", "RATE_LIMIT_SIGNIN_IP:1000/600",
    "--show-interactive-dev-session=false",
    "--live-reload=false",
  ];
  log(`\n$ wrangler ${args.join(" ")}\n`);
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so teardown can kill wrangler and workerd together
  });
  let output = "";
  const onData = (b: Buffer) => {
    output += b.toString();
    log(b.toString());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  // If vitest itself dies, do not leave a server behind.
  const onExit = () => killGroup(child, "SIGKILL");
  process.once("exit", onExit);

  try {
    await waitForHealthy(baseUrl, child, () => output);
  } catch (e) {
    console.error(`[browser] wrangler dev failed to start; full log in ${LOG_FILE}`);
    await stopGroup(child);
    process.off("exit", onExit);
    cleanupState();
    throw e;
  }

  project.provide("baseUrl", baseUrl);
  console.log(`[browser] wrangler dev ready at ${baseUrl} (log: ${LOG_FILE})`);

  return async () => {
    await stopGroup(child);
    process.off("exit", onExit);
    cleanupState();
  };
}
