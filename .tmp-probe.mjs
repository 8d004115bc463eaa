import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const { Miniflare } = require("miniflare");
const mf = new Miniflare({ modules: [{ type: "ESModule", path: "/tmp/mapi/index.js", contents: readFileSync("/tmp/mapi/index.js", "utf8") }], modulesRoot: "/tmp/mapi", compatibilityDate: "2026-04-20", compatibilityFlags: ["nodejs_als"], d1Databases: ["DB"], r2Buckets: ["FILES"], bindings: { APP_URL: "http://localhost" } });
for (const [m, p, b] of [["GET", "/api/v1/no-such-endpoint"], ["GET", "/api/v1/communities/demo"], ["POST", "/api/v1/communities/demo/applications", "{}"], ["GET", "/api/v1/communities/demo/insights/funnel"], ["GET", "/api/v1/openapi.json"]]) {
  const t = performance.now();
  const r = await mf.dispatchFetch("http://localhost" + p, { method: m, body: b, headers: b ? { "content-type": "application/json" } : {} });
  const txt = await r.text();
  console.log(m, p, r.status, (performance.now() - t).toFixed(1), txt.slice(0, 120));
}
await mf.dispose();
