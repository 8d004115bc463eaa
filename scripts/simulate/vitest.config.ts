import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run simulate`: the day-by-day simulation of the price-test rules, in Node (the statistics
// are pure functions, so the runtime does not matter and Node is faster to start). Never part
// of `npm test`; test/experiments/stats/simulation.test.ts runs a small smoke version there.
const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  test: {
    name: "simulate",
    include: ["scripts/simulate/**/*.sim.ts"],
    testTimeout: 1_800_000,
    // Two shards on two cores; the `SIM {json}` lines go to stdout for scripts/simulate.mjs.
    pool: "forks",
    maxWorkers: 2,
    reporters: ["dot"],
  },
});
