// dump the API Worker's OpenAPI document from the built bundle at /tmp/mapi/index.js
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
const require = createRequire(import.meta.url);
const { Miniflare } = require("miniflare");
const mf = new Miniflare({ modules: [{ type: "ESModule", path: "/tmp/mapi/index.js", contents: readFileSync("/tmp/mapi/index.js", "utf8") }], modulesRoot: "/tmp/mapi", compatibilityDate: "2026-04-20", compatibilityFlags: ["nodejs_als"], d1Databases: ["DB"], r2Buckets: ["FILES"], bindings: { APP_URL: "http://localhost:8787", STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x", AUTH_SECRET: "x".repeat(40) } });
const r = await mf.dispatchFetch("http://localhost:8787/api/v1/openapi.json");
const t = await r.text();
console.log(r.status, t.length, createHash("sha256").update(t).digest("hex").slice(0, 16));
writeFileSync(process.argv[2] ?? "/tmp/doc.json", t);
await mf.dispose();
