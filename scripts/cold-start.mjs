/**
 * Cold start of a built worker in workerd (through miniflare, which wrangler ships).
 *
 * workerd evaluates a worker's top-level module code when it loads the worker, before the first
 * request, and a worker's clock does not advance while it computes, so the evaluation cannot be
 * timed from inside. We time it from outside instead: for the bundle and for a bare worker that
 * returns a constant, start a fresh workerd with only that worker, several times, and take the
 * median of (startup of the bundle) − (startup of the bare worker): the difference is what our
 * module graph costs to parse and evaluate. Then the first request of that new isolate against
 * the median of the warm requests after it.
 *
 * Used by scripts/bundle-size.mjs; `measureColdStart(bundleFile)` resolves to the figures.
 */
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(join(ROOT, "package.json"));
const { Miniflare } = require("miniflare");

const BARE = `export default { fetch() { return new Response("ok"); } };`;
const COMPAT = { compatibilityDate: "2026-04-20", compatibilityFlags: ["nodejs_compat"] };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function startOnce(options, path) {
  const t0 = performance.now();
  const mf = new Miniflare({ ...COMPAT, modules: true, ...options });
  await mf.ready;
  const startupMs = performance.now() - t0;
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
  return { startupMs, firstMs, warmMs: median(warm) };
}

/**
 * @param {string} bundleFile the built index.js (wrangler deploy --dry-run --outdir)
 * @param {{ runs?: number, path?: string }} [opts] path: a page that needs no data (the 404 page)
 */
export async function measureColdStart(bundleFile, { runs = 5, path = "/no-such-page" } = {}) {
  // Every module of the build (the entry first; separate chunks from dynamic import() after it),
  // given as contents so miniflare does not parse them in Node, which would count as startup.
  const dir = dirname(bundleFile);
  const entry = basename(bundleFile);
  const names = [entry, ...readdirSync(dir).filter((f) => f.endsWith(".js") && f !== entry)];
  const modulesOf = (files) => files.map((f) => ({ type: "ESModule", path: join(dir, f), contents: readFileSync(join(dir, f), "utf8") }));
  const bundle = { modulesRoot: dir, modules: modulesOf(names) };
  const bindings = { d1Databases: ["DB"], r2Buckets: ["FILES"], bindings: { APP_URL: "http://localhost" } };
  const bare = [];
  const ours = [];
  // Interleaved, so that load on the machine hits both alike.
  for (let i = 0; i < runs; i++) {
    bare.push(await startOnce({ script: BARE, ...bindings }, path));
    ours.push(await startOnce({ ...bundle, ...bindings }, path));
  }
  const evalMs = Math.max(0, median(ours.map((r) => r.startupMs)) - median(bare.map((r) => r.startupMs)));
  const firstMs = median(ours.map((r) => r.firstMs));
  const warmMs = median(ours.map((r) => r.warmMs));
  return { evalMs, firstMs, warmMs, ratio: firstMs / warmMs, bareFirstMs: median(bare.map((r) => r.firstMs)) };
}
