import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { workersDeps } from "./vitest.shared";

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
    deps: workersDeps,
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    setupFiles: ["./test/setup.ts"],
  },
});
