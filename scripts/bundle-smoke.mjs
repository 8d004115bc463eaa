/**
 * Runs the built production bundles, exactly as they deploy (minified, with the configs' aliases
 * and without kept function names), in workerd with a migrated local D1: the public Worker in
 * front, with the Threshold, owners', API, community API and background Workers behind its
 * service bindings (src/routing.ts).
 * It walks a few paths that exercise each large dependency and each Worker: the health check
 * (drizzle, D1), the OpenAPI document of both API Workers' routes (zod, zod-to-openapi; the API
 * Worker, which serves the document `npm run openapi` wrote), the 404 page (the
 * Threshold Worker), a form refused by validation, a whole magic-link sign-in (src/auth: Web
 * Crypto signatures and cookies) until the session cookie is recognised, and an operator creating
 * a community and finding it listed (the owners' Worker, reading and writing D1), then reading its
 * spaces through the JSON API (the community API Worker, with the session), and a signed Stripe
 * webhook (the background Worker: the SDK's signature check, the event claimed in D1) next to a
 * forged one. The workers
 * tests run the source through Vite, not this build, so this is what proves the shipped bundles
 * work together.
 *
 * Used by scripts/bundle-size.mjs; `smokeTestBundles({ app, owners, api, communityApi, background, front })` (each a built
 * index.js and the config it was built from) resolves to the list of failures (empty when all is
 * well).
 */
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compatOf } from "./worker-compat.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(join(ROOT, "package.json"));
const { Miniflare } = require("miniflare");

const BASE = "http://localhost:8787";
const EMAIL = "operator@example.com"; // OPERATOR_EMAILS below: may open the operator's pages
const STRIPE_KEY = "sk_test_bundle_smoke";
const WEBHOOK_SECRET = "whsec_bundle_smoke"; // STRIPE_WEBHOOK_SECRET below

/** A Stripe-Signature header for `body`, as Stripe signs a webhook: HMAC-SHA256 of "t.body". */
function stripeSignature(body, secret = WEBHOOK_SECRET) {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

async function migrate(db) {
  const dir = join(ROOT, "migrations");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    for (const stmt of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (stmt.trim()) await db.prepare(stmt).run();
    }
  }
}

/**
 * @param {Record<"app" | "owners" | "api" | "communityApi" | "background" | "front", { file: string, config: string }>} workers the
 *   built index.js of each Worker (wrangler deploy --dry-run --outdir) and its wrangler config:
 *   every request goes to the front, as deployed.
 */
export async function smokeTestBundles(workers) {
  const shared = {
    modules: true,
    d1Databases: { DB: "threshold-db" },
    r2Buckets: ["FILES"],
    bindings: {
      APP_URL: BASE,
      EMAIL_FROM: "Threshold <no-reply@localhost>",
      EMAIL_PROVIDER: "outbox",
      OPERATOR_EMAILS: "operator@example.com",
      BETTER_AUTH_SECRET: "bundle-smoke-secret-0123456789-0123456789",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  };
  // Each with its own config's compatibility date and flags, as deployed.
  // The API Worker's OpenAPI document is a text module beside its index.js.
  const modulesRules = [{ type: "Text", include: ["**/*.txt"] }];
  const worker = (name, { file, config }, extra = {}) => ({ ...shared, ...compatOf(config), name, scriptPath: file, modulesRoot: dirname(file), modulesRules, ...extra });
  // The first worker receives dispatchFetch.
  // Every Worker but the background one sends its Stripe calls there (src/platform/stripe-call.ts),
  // whose SDK reaches a stand-in for api.stripe.com that records each request.
  const PAYMENTS = { name: "threshold-background", entrypoint: "Payments" };
  const stripeRequests = [];
  const fakeStripe = async (request) => {
    const url = new URL(request.url);
    const params = new URLSearchParams(await request.text());
    stripeRequests.push({ host: url.host, path: url.pathname, method: request.method, auth: request.headers.get("authorization"), idempotencyKey: request.headers.get("idempotency-key"), params });
    const n = stripeRequests.length;
    if (url.pathname === "/v1/products") return Response.json({ id: `prod_smoke${n}`, object: "product", name: params.get("name"), active: true, metadata: {} });
    if (url.pathname === "/v1/prices") {
      return Response.json({ id: `price_smoke${n}`, object: "price", active: true, currency: params.get("currency"), unit_amount: Number(params.get("unit_amount")), product: params.get("product"), recurring: { interval: params.get("recurring[interval]") }, metadata: {} });
    }
    return Response.json({ error: { type: "invalid_request_error", message: `No such route ${url.pathname}` } }, { status: 404 });
  };
  const mf = new Miniflare({
    workers: [
      worker("threshold-public", workers.front, {
        serviceBindings: { APP: "threshold", OWNERS: "threshold-owners", API: "threshold-api", COMMUNITY_API: "threshold-community-api", BACKGROUND: "threshold-background", PAYMENTS },
      }),
      worker("threshold", workers.app, { serviceBindings: { PAYMENTS } }),
      worker("threshold-owners", workers.owners, { serviceBindings: { PAYMENTS } }),
      worker("threshold-api", workers.api, { serviceBindings: { PAYMENTS } }),
      worker("threshold-community-api", workers.communityApi, { serviceBindings: { PAYMENTS } }),
      worker("threshold-background", workers.background, { bindings: { ...shared.bindings, STRIPE_SECRET_KEY: STRIPE_KEY }, outboundService: fakeStripe }),
    ],
  });
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
    for (const path of ["/communities/{slug}/tiers", "/communities/{slug}/spaces"]) {
      check(Boolean(body.paths?.[path]), `the OpenAPI document lacks ${path}`);
    }

    // The background Worker: a webhook signed with the secret is verified, claimed and handled (a
    // payment of no application here: looked up in D1, nothing to ask Stripe); a forged one is refused.
    const event = JSON.stringify({ id: "evt_bundle_smoke", object: "event", type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: "pi_bundle_smoke", object: "payment_intent", metadata: {} } } });
    const hook = (signature) => call("/webhooks/stripe", { method: "POST", body: event, headers: { accept: "application/json", "content-type": "application/json", "stripe-signature": signature } });
    const signed = await hook(stripeSignature(event));
    check(signed.status === 200 && (await signed.json()).received === true, `a signed webhook answered ${signed.status}`);
    const claimed = await db.prepare("select processed_at from stripe_events where id = ?").bind("evt_bundle_smoke").first();
    check(claimed?.processed_at != null, "the signed webhook's event was not recorded as processed");
    const forged = await hook(stripeSignature(event, "whsec_someone_else"));
    check(forged.status === 400, `a forged webhook answered ${forged.status}`);

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
      // The owners' Worker: the operator creates a community, then finds it in the list.
      const created = await call("/admin/communities", {
        method: "POST",
        body: new URLSearchParams({ slug: "smoke-circle", name: "Smoke Circle", fee: "25.00", currency: "usd", feePolicy: "non_refundable", owners: EMAIL }).toString(),
        headers: { origin: BASE, "content-type": "application/x-www-form-urlencoded", cookie },
      });
      check(created.status === 303 && created.headers.get("location") === "/c/smoke-circle/admin/launch?done=created", `POST /admin/communities answered ${created.status}`);
      const list = await call("/admin/communities", { headers: { cookie } });
      check(list.status === 200 && (await list.text()).includes("Smoke Circle"), `GET /admin/communities answered ${list.status} without the new community`);
      // The owners' Worker creates a tier: its Stripe product and price are made by the background
      // Worker's SDK (PAYMENTS), with our key and the idempotency keys, and the tier keeps their ids.
      const tier = await call("/c/smoke-circle/admin/tiers/new", {
        method: "POST",
        body: new URLSearchParams({ name: "Circle", description: "", perks: "", rank: "1", visibility: "public", capacity: "", trialDays: "", monthly: "29.00", yearly: "", currency: "usd" }).toString(),
        headers: { origin: BASE, "content-type": "application/x-www-form-urlencoded", cookie },
      });
      check(tier.status === 303, `POST /c/smoke-circle/admin/tiers/new answered ${tier.status}`);
      const made = stripeRequests.map((r) => `${r.method} ${r.host}${r.path}`).join(", ");
      check(made === "POST api.stripe.com/v1/products, POST api.stripe.com/v1/prices", `the tier's Stripe requests were ${made || "none"}, not a product and a price`);
      check(stripeRequests.every((r) => r.auth === `Bearer ${STRIPE_KEY}` && /^threshold:tier-(product|price):/.test(r.idempotencyKey ?? "")), "a Stripe request lacked the secret key or its idempotency key");
      check(stripeRequests[1]?.params.get("unit_amount") === "2900", "the price sent to Stripe was not 2900 cents");
      const row = await db.prepare("select t.stripe_product_id as product, p.stripe_price_id as price, p.amount from tiers t join tier_prices p on p.tier_id = t.id where t.name = 'Circle'").first();
      check(row?.product === "prod_smoke1" && row?.price === "price_smoke2" && row?.amount === 2900, `the tier did not keep Stripe's ids: ${JSON.stringify(row)}`);
      // The community API Worker: the new community's spaces, read with the same session.
      const spaces = await call("/api/v1/communities/smoke-circle/spaces", { headers: { accept: "application/json", cookie } });
      check(spaces.status === 200 && Array.isArray((await spaces.json()).spaces), `GET /api/v1/communities/smoke-circle/spaces answered ${spaces.status}`);
    }
  } catch (e) {
    failures.push(`the bundle did not run: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await mf.dispose();
  }
  return failures;
}
