import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { STUB_MODULE, checkStripeCalls, trimmedResources } from "./scripts/stripe-trim.mjs";

// The tests run the Stripe SDK trimmed exactly as it deploys (scripts/stripe-trim.mjs): the same
// resource modules are swapped for the same stand-ins when the SDK is pre-bundled below.
const stripeCallProblems = checkStripeCalls();
if (stripeCallProblems.length > 0) throw new Error(stripeCallProblems.join("\n"));
const trimmedStripeModules = new Set(trimmedResources().modules);
const stripeTrim = {
  name: "stripe-trim",
  resolveId(source: string, importer?: string) {
    if (trimmedStripeModules.has(source) && importer?.replace(/\\/g, "/").includes("/node_modules/stripe/")) {
      return resolve(STUB_MODULE);
    }
    return null;
  },
};

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: "./wrangler.toml", environment: "dev" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
          // Tests deliver emulator webhooks explicitly, so each test controls order and duplicates.
          STRIPE_EMULATOR_AUTODELIVER: "0",
          DEV_SEED: "0",
        },
      },
    })),
  ],
  test: {
    name: "workers",
    // Pre-bundle the heavy dependencies (once, cached in node_modules/.vite): without it
    // every test file loads stripe and zod module by module through Vite.
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          // Not hono or @hono/zod-openapi: a pre-bundled copy of hono would bring a second
          // HTTPException class, and the app's error handler would no longer recognise it.
          include: ["stripe", "zod"],
          // Node built-ins come from workerd (nodejs_compat), not from the bundle.
          rolldownOptions: { external: [/^node:/], plugins: [stripeTrim] },
        },
      },
    },
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    setupFiles: ["./test/setup.ts"],
  },
});
