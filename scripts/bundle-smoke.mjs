/**
 * Runs the built production bundle, exactly as it deploys (minified, with wrangler.toml's aliases
 * and without kept function names), in workerd with a migrated local D1, and walks a few paths
 * that exercise each large dependency: the health check (drizzle, D1), the OpenAPI document
 * (zod, zod-to-openapi), a form refused by validation, and a whole magic-link sign-in (src/auth:
 * Web Crypto signatures and cookies) until the session cookie is recognised. The workers tests run
 * the source through Vite, not this build, so this is what proves the shipped bundle works.
 *
 * Used by scripts/bundle-size.mjs; `smokeTestBundle(bundleFile, { frontFile })` resolves to the
 * list of failures (empty when all is well). With the public Worker in front, the health check,
 * the sign-in and the magic link are answered by it, the OpenAPI document and the 404 page by the
 * full Worker behind it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(join(ROOT, "package.json"));
const { Miniflare } = require("miniflare");

const BASE = "http://localhost:8787";
const EMAIL = "smoke@example.com";

async function migrate(db) {
  const dir = join(ROOT, "migrations");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    for (const stmt of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (stmt.trim()) await db.prepare(stmt).run();
    }
  }
}

/**
 * @param {string} bundleFile the built index.js (wrangler deploy --dry-run --outdir)
 * @param {{ frontFile?: string }} [opts] the built public Worker (wrangler.public.toml): when
 *   given, every request goes to it, with the full Worker behind its `APP` service binding and
 *   both on the same D1, as deployed; the same walk then proves the pair works.
 */
export async function smokeTestBundle(bundleFile, { frontFile } = {}) {
  const shared = {
    modules: true,
    compatibilityDate: "2026-04-20",
    compatibilityFlags: ["nodejs_compat"],
    d1Databases: { DB: "threshold-db" },
    bindings: {
      APP_URL: BASE,
      EMAIL_FROM: "Threshold <no-reply@localhost>",
      EMAIL_PROVIDER: "outbox",
      OPERATOR_EMAILS: "operator@example.com",
      BETTER_AUTH_SECRET: "bundle-smoke-secret-0123456789-0123456789",
    },
  };
  const full = { ...shared, name: "threshold", scriptPath: bundleFile, modulesRoot: dirname(bundleFile), r2Buckets: ["FILES"] };
  const front = frontFile && { ...shared, name: "threshold-public", scriptPath: frontFile, modulesRoot: dirname(frontFile), serviceBindings: { APP: "threshold" } };
  // The first worker receives dispatchFetch.
  const mf = new Miniflare({ workers: front ? [front, full] : [full] });
  const failures = [];
  const check = (ok, what) => {
    if (!ok) failures.push(what);
  };
  try {
    const db = await mf.getD1Database("DB", "threshold");
    await migrate(db);
    const call = (path, init = {}) =>
      mf.dispatchFetch(BASE + path, { redirect: "manual", ...init, headers: { accept: "text/html", ...init.headers } });
    const form = (path, data) =>
      call(path, {
        method: "POST",
        body: new URLSearchParams(data).toString(),
        headers: { origin: BASE, "content-type": "application/x-www-form-urlencoded" },
      });

    const health = await call("/healthz", { headers: { accept: "application/json" } });
    check(health.status === 200 && (await health.json()).ok === true, `GET /healthz answered ${health.status}`);

    const doc = await call("/api/v1/openapi.json", { headers: { accept: "application/json" } });
    const body = doc.status === 200 ? await doc.json() : {};
    check(body.openapi === "3.1.0" && Object.keys(body.paths ?? {}).length > 10, `GET /api/v1/openapi.json answered ${doc.status} without its paths`);

    const missing = await call("/no-such-page");
    check(missing.status === 404 && (await missing.text()).includes("<html"), `GET /no-such-page answered ${missing.status}, not the 404 page`);

    const refused = await form("/signin", { email: "not an email", next: "/" });
    check(refused.status === 400 && (await refused.text()).includes("Enter a valid email address"), `POST /signin with a bad email answered ${refused.status}`);

    const asked = await form("/signin", { email: EMAIL, next: "/" });
    check(asked.status === 200, `POST /signin answered ${asked.status}`);
    const mail = await db.prepare("select text_body as text from emails where to_address = ? and kind = 'magic_link'").bind(EMAIL).first();
    const link = mail?.text.match(/https?:\/\/\S+\/api\/auth\/magic-link\/verify\?\S+/)?.[0];
    check(Boolean(link), "no magic-link email was written");
    if (link) {
      const url = new URL(link);
      const verify = await call(url.pathname + url.search);
      const cookie = verify.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      check(verify.status === 302 && cookie.includes("session_token"), `the magic link answered ${verify.status} without a session cookie`);
      // The sign-in page sends someone already signed in on to where they were going.
      const again = await call("/signin?next=/preferences", { headers: { cookie } });
      check(again.status === 303 && again.headers.get("location") === "/preferences", `the session was not recognised: GET /signin answered ${again.status}`);
    }
  } catch (e) {
    failures.push(`the bundle did not run: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await mf.dispose();
  }
  return failures;
}
