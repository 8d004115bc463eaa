import { spawnSync } from "node:child_process";
import { measureColdStart } from "./scripts/cold-start.mjs";
import { gzipSync } from "node:zlib";
import { readFileSync, rmSync } from "node:fs";
const cfg = process.argv[2] ?? "wrangler.api.toml", path = process.argv[3] ?? "/api/v1/no-such-endpoint";
rmSync("/tmp/mapi", { recursive: true, force: true });
const b = spawnSync(process.execPath, ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "-c", cfg, "--outdir", "/tmp/mapi"], { env: { ...process.env, CI: "true" }, encoding: "utf8" });
if (b.status) { console.log(b.stdout, b.stderr); process.exit(1); }
const code = readFileSync("/tmp/mapi/index.js");
console.log("gzip KiB", (gzipSync(code).length / 1024).toFixed(1));
for (let i = 0; i < 2; i++) console.log(JSON.stringify(await measureColdStart("/tmp/mapi/index.js", { path, config: cfg })));
