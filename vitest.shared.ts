import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { STUBBED_MODULES, STUB_MODULE, checkStripeCalls, trimmedResources } from "./scripts/stripe-trim.mjs";

/**
 * How the workers tests and the benchmarks (bench/vitest.config.ts) load their dependencies:
 * pre-bundled once, with the Stripe SDK trimmed as it deploys. Importing this module runs the
 * checks below, so a config that uses it refuses to start when they fail.
 */
const root = fileURLToPath(new URL(".", import.meta.url));

// The tests run the Stripe SDK trimmed exactly as it deploys (scripts/stripe-trim.mjs): the same
// resource modules are swapped for the same stand-ins when the SDK is pre-bundled (`workersDeps` below).
const stripeCallProblems = checkStripeCalls();
if (stripeCallProblems.length > 0) throw new Error(stripeCallProblems.join("\n"));
const trimmedStripeModules = new Set(trimmedResources().modules);
const stripeTrim = {
  name: "stripe-trim",
  resolveId(source: string, importer?: string) {
    if (!importer?.replace(/\\/g, "/").includes("/node_modules/stripe/")) return null;
    if (trimmedStripeModules.has(source)) return resolve(root, STUB_MODULE);
    const stub = (STUBBED_MODULES as Record<string, string | undefined>)[source];
    return stub ? resolve(root, stub) : null;
  },
};

/** Dependencies the tests load pre-bundled (`workersDeps` below). */
const PREBUNDLED = [
  "stripe",
  "zod",
  "drizzle-orm",
  "drizzle-orm/batch",
  "drizzle-orm/d1",
  "drizzle-orm/sqlite-core",
  "drizzle-orm/sqlite-core/query-builders/query",
  "hono",
  "hono/context-storage",
  "hono/cookie",
  "hono/csrf",
  "hono/factory",
  "hono/html",
  "hono/http-exception",
  "hono/router",
  "hono/router/pattern-router",
  "hono/secure-headers",
  "hono/utils/http-status",
  "hono/validator",
  "@hono/zod-openapi",
];
// A hono or drizzle entry point imported (for more than types) but not pre-bundled would load a
// second copy of the library beside the pre-bundled one; refuse to run rather than test that.
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const unlisted = ["src", "test", "bench", "drizzle"]
  .flatMap((d) => walk(join(root, d)))
  .filter((f) => /\.tsx?$/.test(f))
  .flatMap((f) =>
    [...readFileSync(f, "utf8").matchAll(/^import (?!type )[^;]*? from "((?:hono|drizzle-orm|@hono\/zod-openapi)(?:\/[^"]*)?)";/gms)]
      .map((m) => m[1])
      .filter((spec) => !spec.startsWith("hono/jsx") && !PREBUNDLED.includes(spec))
      .map((spec) => `${f}: imports "${spec}", which is not in PREBUNDLED (vitest.shared.ts)`),
  );
if (unlisted.length > 0) throw new Error(unlisted.join("\n"));

// Pre-bundle the dependencies (once, cached in node_modules/.vite): without it every test
// file loads them module by module through Vite. Every hono entry point the code imports is
// listed, with @hono/zod-openapi, so they share one pre-bundled hono (one HTTPException class,
// which the app's error handler recognises); a hono entry left off this list would load a
// second copy. Vitest never pre-bundles the JSX runtime (hono/jsx/jsx-runtime), which shares
// no classes or state with the rest: our pages import hono/jsx for types only.
// Measured on 15 test files: per-file setup 1.9 s with stripe and zod only, 1.6 s with these.
export const workersDeps = {
  optimizer: {
    ssr: {
      enabled: true,
      include: PREBUNDLED,
      // Node built-ins come from workerd (nodejs_compat), not from the bundle.
      rolldownOptions: { external: [/^node:/], plugins: [stripeTrim] },
    },
  },
};
