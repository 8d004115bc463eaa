/**
 * Performance figures measured inside workerd (the Workers runtime), printed as `BENCH {json}`
 * lines that scripts/bench.mjs turns into a table with PASS/FAIL against experiments.md's targets.
 * Not part of `npm test`: run `npm run bench`.
 */
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { experimentDaily, experimentVariants, type Experiment, type ExperimentVariant } from "../drizzle";
import { assignVariant } from "../src/experiments/assignment";
import { experimentResults } from "../src/experiments/results";
import { experimentCreateSchema } from "../src/experiments/schemas";
import { createExperiment, startExperiment } from "../src/experiments/service";
import { analyze, bucket, chooseVariant, PLAN_RUNS, planTest, type VariantData } from "../src/experiments/stats";
import { makeCommunity, tools } from "../test/helpers";

interface Row {
  name: string;
  value: number;
  unit: "µs" | "ms" | "×";
  target?: string;
  pass?: boolean;
  note?: string;
}

const rows: Row[] = [];
function report(row: Row) {
  rows.push(row);
  console.log(`BENCH ${JSON.stringify(row)}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Median wall time of one call of `fn`, in ms. workerd's clock ticks in whole milliseconds, so
 * each sample times `batch` calls in a row and divides; `warmup` calls run first, unmeasured.
 */
async function timeMs(fn: () => unknown, samples: number, batch: number, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    for (let j = 0; j < batch; j++) await fn();
    times.push((performance.now() - start) / batch);
  }
  return median(times);
}

/** The same for synchronous work, without an await between calls. */
function timeSyncMs(fn: () => unknown, samples: number, batch: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    for (let j = 0; j < batch; j++) fn();
    times.push((performance.now() - start) / batch);
  }
  return median(times);
}

async function experimentWith(prices: number[]): Promise<{ experiment: Experiment; variants: ExperimentVariant[] }> {
  const { deps } = tools();
  const { community } = await makeCommunity({ feeAmount: prices[0] });
  const input = experimentCreateSchema.parse({ name: "Bench", target: "application_fee", variants: prices.map((price) => ({ price })) });
  const created = await createExperiment(deps, community, input, "owner@example.com");
  return startExperiment(deps, community, created.experiment.id, "owner@example.com");
}

/** Counters for `visitors` exposed visitors, with 30 days of daily rows, as the app would hold them. */
async function seedVisitors(experiment: Experiment, variants: ExperimentVariant[], visitors: number) {
  const { db } = tools().deps;
  const statements = [];
  const days = 30;
  for (const [k, v] of variants.entries()) {
    const exposures = Math.floor(visitors / variants.length);
    const conversions = Math.floor(exposures * (0.05 - 0.01 * k));
    statements.push(db.update(experimentVariants).set({ exposures, conversions, revenue: conversions * v.price, revenueSq: conversions * v.price * v.price }).where(eq(experimentVariants.id, v.id)));
    for (let d = 0; d < days; d++) {
      const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
      const share = (n: number) => Math.floor((n * (d + 1)) / days) - Math.floor((n * d) / days);
      statements.push(db.insert(experimentDaily).values({ experimentId: experiment.id, variantId: v.id, day, exposures: share(exposures), conversions: share(conversions), revenue: share(conversions) * v.price, weight: v.weight }));
    }
  }
  await db.batch(statements as [(typeof statements)[0], ...typeof statements]);
}

describe("bench (workerd)", () => {
  it("checks that the runtime's clock moves during computation", () => {
    const start = performance.now();
    let x = 0;
    for (let i = 0; i < 5_000_000; i++) x += Math.sqrt(i);
    const elapsed = performance.now() - start;
    expect(x).toBeGreaterThan(0);
    // workerd in production freezes timers during execution; the local test runtime must not.
    expect(elapsed, "performance.now() did not advance: figures would be meaningless").toBeGreaterThan(0);
  });

  it("assignment: bucket + chooseVariant, and the full assignVariant with D1", async () => {
    const ids = Array.from({ length: 10_000 }, () => crypto.randomUUID());
    const weights = [0.25, 0.25, 0.25, 0.25];
    let sink = 0;
    const perRound = timeSyncMs(() => {
      for (const id of ids) sink += chooseVariant(bucket("f3a9c2d17b", id), weights);
    }, 9, 20);
    expect(sink).toBeGreaterThan(0);
    const us = (perRound * 1000) / ids.length;
    report({ name: "assignment: bucket + chooseVariant", value: us, unit: "µs", target: "< 50 µs", pass: us < 50 });

    const { deps } = tools();
    const live = await experimentWith([2500, 4000]);
    const fresh = ids.slice(0, 200);
    let i = 0;
    const first = await timeMs(() => assignVariant(deps, live, { id: fresh[i++ % fresh.length], bot: false }), 9, 20);
    const sticky = await timeMs(() => assignVariant(deps, live, { id: fresh[0], bot: false }), 9, 20);
    report({ name: "assignVariant, new visitor (3 D1 queries)", value: first * 1000, unit: "µs", note: "includes local D1 round trips; not the CPU target" });
    report({ name: "assignVariant, returning visitor (1 D1 query)", value: sticky * 1000, unit: "µs", note: "includes a local D1 round trip" });
  });

  it("analysis: 2, 4 and 10 variants with 10,000 draws, price-response model and independent Betas", () => {
    for (const k of [2, 4, 10]) {
      const variants: VariantData[] = Array.from({ length: k }, (_, i) => ({ key: String.fromCharCode(65 + i), exposures: 5000, conversions: 250 + 10 * i, revenue: (250 + 10 * i) * (2000 + 100 * i), price: 2000 + 100 * i }));
      let seed = 0;
      const ms = timeSyncMs(() => analyze({ seed: `bench-${seed++}`, draws: 10_000, variants }), 9, 10);
      report({ name: `analysis (model): ${k} variants × 10,000 draws`, value: ms, unit: "ms", ...(k >= 4 ? { target: "< 50 ms", pass: ms < 50 } : {}) });
      const old = timeSyncMs(() => analyze({ seed: `bench-${seed++}`, draws: 10_000, variants, method: "independent" }), 9, 10);
      report({ name: `analysis (independent Betas): ${k} variants × 10,000 draws`, value: old, unit: "ms", note: "the first method, for comparison" });
    }
  });

  it("planner: the stopping rule simulated at one community's traffic", () => {
    // A fresh traffic figure each call, so the per-isolate memo never answers.
    let visitors = 100;
    for (const k of [2, 4]) {
      const ms = timeSyncMs(() => planTest({ visitorsPerDay: visitors++, conversion: 0.05, variants: k, runs: k === 2 ? PLAN_RUNS : 12 }), 3, 1, 1);
      report({ name: `planner: ${k} prices, ${k === 2 ? PLAN_RUNS : 12} runs × 3 effects × 42 days`, value: ms, unit: "ms", note: "one page render; memoised per isolate" });
    }
  });

  it("results: 1,000 vs 1,000,000 aggregated visitors", async () => {
    const { deps } = tools();
    const times: Record<number, number> = {};
    for (const visitors of [1_000, 1_000_000]) {
      const { experiment, variants } = await experimentWith([2500, 4000, 6000]);
      await seedVisitors(experiment, variants, visitors);
      const r = await experimentResults(deps, experiment.communityId, experiment.id);
      expect(r.variants.reduce((s, v) => s + v.exposures, 0)).toBeGreaterThanOrEqual(visitors - 3);
      times[visitors] = await timeMs(() => experimentResults(deps, experiment.communityId, experiment.id), 9, 10);
      report({ name: `results: ${visitors.toLocaleString("en-US")} visitors (3 variants, 30 days)`, value: times[visitors], unit: "ms", note: "one D1 batch + analysis" });
    }
    const ratio = times[1_000_000] / times[1_000];
    // Flat: a thousand times the visitors costs the same, within timing noise (or 2 ms).
    const flat = ratio < 1.5 || times[1_000_000] - times[1_000] < 2;
    report({ name: "results: time(1,000,000) / time(1,000)", value: ratio, unit: "×", target: "flat (< 1.5×)", pass: flat });
  });
});
