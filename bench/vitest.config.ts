import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { workersDeps } from "../vitest.shared";

// `npm run bench` (scripts/bench.mjs) runs this: the same workerd runtime and local D1 as the
// workers tests, but only bench/, so timing runs never slow down or flake `npm test`.
const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: `${root}/wrangler.toml`, environment: "dev" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`),
          STRIPE_EMULATOR_AUTODELIVER: "0",
          DEV_SEED: "0",
          // npm run bench:pages -- --scale=0.1 (or BENCH_SCALE=0.1): a smaller large community.
          BENCH_SCALE: process.env.BENCH_SCALE ?? "1",
          // npm run bench:pages -- --only="members CSV": only the pages whose name holds it.
          BENCH_ONLY: process.env.BENCH_ONLY ?? "",
        },
      },
    })),
  ],
  test: {
    name: "bench",
    // The same pre-bundled dependencies (and trimmed Stripe SDK) as the workers tests.
    deps: workersDeps,
    include: ["bench/**/*.test.ts"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
