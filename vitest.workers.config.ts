import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

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
          rolldownOptions: { external: [/^node:/] },
        },
      },
    },
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    setupFiles: ["./test/setup.ts"],
  },
});
