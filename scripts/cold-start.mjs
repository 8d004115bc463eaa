/**
 * Cold start of a built worker in workerd (through miniflare, which wrangler ships).
 *
 * workerd evaluates a worker's top-level module code when it loads the worker, before the first
 * request, and a worker's clock does not advance while it computes, so the evaluation cannot be
 * timed from inside. We time it from outside instead: for the bundle and for a bare worker that
 * returns a constant, start a fresh workerd with only that worker, several times, and take the
 * fastest startup of the bundle − fastest startup of the bare worker: the difference is what our
 * module graph costs to compile and evaluate (`evalMs`; `evalPairedMs` is the median of the runs'
 * differences instead). The bare worker carries a string constant as long
 * as the bundle, because handing a script to workerd costs time in proportion to its bytes
 * (about 60 ms for 1.5 MB here) whatever it contains. Then the first request of that new
 * isolate against the median of the warm requests after it.
 *
 * On a busy machine the wall-clock startup swings by hundreds of milliseconds (other processes
 * take the cores), so where /proc exists we also read the CPU time workerd's busiest thread (the
 * one that compiles and evaluates the worker) spent until ready, averaged over the runs, bundle
 * minus bare worker: `evalCpuMs`. It moves by a few ms under load where the wall clock moves by
 * a hundred; /proc counts in 10 ms ticks, hence the average.
 *
 * Used by scripts/bundle-size.mjs; `measureColdStart(bundleFile)` resolves to the figures.
 */
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compatOf } from "./worker-compat.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(join(ROOT, "package.json"));
const { Miniflare } = require("miniflare");

/** A bare worker of `bytes` bytes: a constant response, plus a string it never reads. */
function bareOfSize(bytes) {
  const head = `const PAD = "`;
  const tail = `";\nexport default { fetch() { return new Response(PAD ? "ok" : ""); } };\n`;
  const pad = randomBytes(Math.ceil(bytes * 0.75)).toString("base64").slice(0, Math.max(0, bytes - head.length - tail.length));
  return head + pad + tail;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const HAS_PROC = existsSync(`/proc/${process.pid}/task`);
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** Our child processes, recursively (miniflare's workerd). */
function descendants(pid) {
  let kids = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** CPU time (user + system) of the busiest thread among `pids`. */
function busiestThreadCpuMs(pids) {
  let best = 0;
  for (const pid of pids) {
    let threads = [];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of threads) {
      try {
        const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8").split(") ")[1].split(" ");
        best = Math.max(best, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return best;
}

// A one-line worker beside the measured one, answering /__warm: one request to it first runs
// miniflare's own request path (its entry worker and the loopback to Node) for the first time, so
// the first request timed below pays only for the measured worker's new isolate.
const WARM = { name: "warm", modules: true, script: `export default { fetch() { return new Response("warm"); } };`, routes: ["*/__warm"], compatibilityDate: "2026-04-20" };

async function startOnce(options, path, COMPAT) {
  const before = HAS_PROC ? new Set(descendants(process.pid)) : new Set();
  const t0 = performance.now();
  const mf = new Miniflare({ workers: [{ name: "measured", ...COMPAT, modules: true, ...options }, WARM] });
  await mf.ready;
  const startupMs = performance.now() - t0;
  const startupCpuMs = HAS_PROC ? busiestThreadCpuMs(descendants(process.pid).filter((p) => !before.has(p))) : NaN;
  const warmed = await (await mf.dispatchFetch("http://localhost/__warm")).text();
  if (warmed !== "warm") throw new Error(`cold-start: the warm-up worker answered ${JSON.stringify(warmed.slice(0, 80))}`);
  const t1 = performance.now();
  await (await mf.dispatchFetch(`http://localhost${path}`)).arrayBuffer();
  const firstMs = performance.now() - t1;
  const warm = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await (await mf.dispatchFetch(`http://localhost${path}`)).arrayBuffer();
    warm.push(performance.now() - t);
  }
  await mf.dispose();
  return { startupMs, startupCpuMs, firstMs, warmMs: median(warm) };
}

/**
 * @param {string} bundleFile the built index.js (wrangler deploy --dry-run --outdir)
 * @param {{ runs?: number, path?: string, config?: string }} [opts] path: a page that needs no data
 *   (the 404 page); config: the wrangler config it was built from, whose compatibility date and
 *   flags it runs with, as deployed (scripts/worker-compat.mjs)
 */
export async function measureColdStart(bundleFile, { runs = 15, path = "/no-such-page", config = "wrangler.toml" } = {}) {
  const COMPAT = compatOf(config);
  // Every module of the build (the entry first; separate chunks from dynamic import() after it;
  // text modules, such as the API Worker's OpenAPI document), given as contents so miniflare does
  // not parse them in Node, which would count as startup.
  const dir = dirname(bundleFile);
  const entry = basename(bundleFile);
  const names = [entry, ...readdirSync(dir).filter((f) => (f.endsWith(".js") || f.endsWith(".txt")) && f !== entry)];
  const modulesOf = (files) => files.map((f) => ({ type: f.endsWith(".txt") ? "Text" : "ESModule", path: join(dir, f), contents: readFileSync(join(dir, f), "utf8") }));
  const bundle = { modulesRoot: dir, modules: modulesOf(names) };
  // The bare worker's script is as large as our JavaScript, and it carries the same text modules
  // (unread): handing bytes to workerd costs the same either way, and a text module is loaded,
  // not parsed, so padding the script with it would credit us with parsing we never do.
  const bareScript = bareOfSize(bundle.modules.filter((m) => m.type === "ESModule").reduce((n, m) => n + Buffer.byteLength(m.contents), 0));
  const bareModules = [{ type: "ESModule", path: join(dir, "__bare.js"), contents: bareScript }, ...bundle.modules.filter((m) => m.type === "Text")];
  const bare = { modulesRoot: dir, modules: bareModules };
  const bindings = { d1Databases: ["DB"], r2Buckets: ["FILES"], bindings: { APP_URL: "http://localhost" } };
  const bareRuns = [];
  const ours = [];
  // Interleaved, so that load on the machine hits both alike.
  for (let i = 0; i < runs; i++) {
    bareRuns.push(await startOnce({ ...bare, ...bindings }, path, COMPAT));
    ours.push(await startOnce({ ...bundle, ...bindings }, path, COMPAT));
  }
  // The fastest start of each: on a shared machine, other work only ever adds time, so the minimum
  // is the closest to the uncontended cost (medians swung by ±100 ms under load).
  const evalMs = Math.max(0, Math.min(...ours.map((r) => r.startupMs)) - Math.min(...bareRuns.map((r) => r.startupMs)));
  // And the median of each run's difference (ours right after the bare worker's): on a quiet
  // machine one lucky start of either no longer moves the figure; under load, it swings with it.
  const evalPairedMs = median(ours.map((r, i) => r.startupMs - bareRuns[i].startupMs));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const evalCpuMs = HAS_PROC ? Math.max(0, mean(ours.map((r) => r.startupCpuMs)) - mean(bareRuns.map((r) => r.startupCpuMs))) : undefined;
  const firstMs = median(ours.map((r) => r.firstMs));
  const warmMs = median(ours.map((r) => r.warmMs));
  const bareFirstMs = median(bareRuns.map((r) => r.firstMs));
  const bareWarmMs = median(bareRuns.map((r) => r.warmMs));
  // The bare worker's own fastest start: how fast this machine is right now (the same bytes
  // handed to workerd, nothing of ours compiled), to tell a slow spell from a slower bundle.
  const bareStartMs = Math.min(...bareRuns.map((r) => r.startupMs));
  return { evalMs, evalPairedMs, evalCpuMs, firstMs, warmMs, ratio: firstMs / warmMs, bareFirstMs, bareWarmMs, bareRatio: bareFirstMs / bareWarmMs, bareStartMs };
}
