#!/usr/bin/env node
/**
 * Writes src/api/openapi-document.txt: the JSON API's OpenAPI 3.1 document as the dev app builds
 * it from every route of both API Workers (src/api/all.ts), for the API Worker to serve without
 * the community API's modules (src/api/index.ts, src/api/routes.ts). Run it after changing a route
 * or schema of the API; test/api/openapi-document.test.ts fails until the file is current.
 *
 * It builds the dev Worker (`wrangler deploy --dry-run --env dev`), imports the bundle in Node and
 * asks it for /api/v1/openapi.json (a request that reads no D1), with APP_URL set to the
 * placeholder the API Worker replaces when it serves the document.
 *
 * Usage: npm run openapi
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const OUT = join(ROOT, "src", "api", "openapi-document.txt");
// src/api/routes.ts DOCUMENT_APP_URL
const APP_URL = "https://app-url.invalid";

const dir = mkdtempSync(join(tmpdir(), "threshold-openapi-"));
try {
  const build = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--env", "dev", "--outdir", dir], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    encoding: "utf8",
  });
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    process.exit(1);
  }
  // Node reads the bundle as an ES module by its extension. The dev entry's Payments entrypoint
  // extends workerd's WorkerEntrypoint, which Node has not: a stand-in class serves, unused here.
  const bundle = readFileSync(join(dir, "index.js"), "utf8");
  const runtimeImport = /import\s*\{\s*WorkerEntrypoint\s*\}\s*from\s*"cloudflare:workers";/;
  if (!runtimeImport.test(bundle)) throw new Error("openapi-document: the dev bundle's cloudflare:workers import changed; update the stand-in");
  writeFileSync(join(dir, "index.mjs"), bundle.replace(runtimeImport, "class WorkerEntrypoint { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }"));
  const worker = (await import(pathToFileURL(join(dir, "index.mjs")).href)).default;
  const noD1 = () => {
    throw new Error("the document reads no D1");
  };
  const DB = { withSession: () => DB, getBookmark: () => null, prepare: noD1, batch: noD1, exec: noD1 };
  const ctx = { waitUntil() {}, passThroughOnException() {} };
  const res = await worker.fetch(new Request("http://localhost/api/v1/openapi.json"), { DB, APP_URL }, ctx);
  if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}: ${await res.text()}`);
  const doc = await res.json();
  if (doc.servers?.[0]?.url !== `${APP_URL}/api/v1`) throw new Error(`unexpected servers in the document: ${JSON.stringify(doc.servers)}`);
  // A text module (wrangler's default rule for .txt): the Worker receives it as a string, with
  // nothing to parse at start-up. Pretty-printed, so a change to the API reads as a diff.
  const text = `${JSON.stringify(doc, null, 1)}\n`;
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT.slice(ROOT.length)}: ${Object.keys(doc.paths).length} paths, ${text.length} characters`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
