/**
 * The experiments' cron at a size the old in-cron loop could not finish in one run (it analysed
 * at most 50 experiments per run): the cron only finds what is due and queues one message per
 * experiment, and each consumer invocation analyses one batch of them.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { experiments, experimentSnapshots, experimentVariants } from "../../drizzle";
import { chunk } from "../../src/lib/db";
import { countingD1, type D1Stats } from "../d1-counter";
import { makeCommunity, tools } from "../helpers";
import { runCron } from "../jobs";

const EXPERIMENTS = 120;
const DAY = 86_400_000;

/** Running fee tests with counters, written straight to D1 (the cron does not care whose they are). */
async function runningExperiments(communityId: string, count: number, startedAt: Date): Promise<string[]> {
  const { db } = tools().deps;
  const ids = Array.from({ length: count }, (_, i) => `exp_bulk${i.toString().padStart(4, "0")}${crypto.randomUUID().slice(0, 6)}`);
  for (const slice of chunk(ids, 4)) {
    await db.batch([
      db.insert(experiments).values(
        slice.map((id) => ({ id, communityId, name: id, target: "application_fee" as const, status: "running" as const, seed: id, startedAt, createdAt: startedAt, updatedAt: startedAt })),
      ),
      db.insert(experimentVariants).values(
        slice.flatMap((id) => [
          { id: `${id}_a`, experimentId: id, key: "A", position: 0, price: 2500, weight: 0.5, isControl: true, exposures: 400, conversions: 20, revenue: 20 * 2500, revenueSq: 20 * 2500 ** 2 },
          { id: `${id}_b`, experimentId: id, key: "B", position: 1, price: 4000, weight: 0.5, exposures: 400, conversions: 18, revenue: 18 * 4000, revenueSq: 18 * 4000 ** 2 },
        ]),
      ),
    ]);
  }
  return ids;
}

describe("experiment cron through the queue", () => {
  it(`${EXPERIMENTS} running experiments: each gets its snapshot in one cron run, once, with every invocation far under D1's limits`, async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    const now = new Date();
    const ids = await runningExperiments(community.id, EXPERIMENTS, new Date(+now - 5 * DAY));
    const counter = countingD1(env.DB);
    const invocations: D1Stats[] = [];
    let cron: D1Stats | undefined;
    const report = await runCron(now, { env: { DB: counter.db }, afterCron: () => (cron = counter.reset()), afterBatch: () => invocations.push(counter.reset()) });

    expect(report.experimentJobs).toBeGreaterThanOrEqual(EXPERIMENTS);
    expect(report.experimentSnapshots).toBeGreaterThanOrEqual(EXPERIMENTS);
    const snapshots = await tools()
      .deps.db.select({ day: experimentSnapshots.day })
      .from(experimentSnapshots)
      .innerJoin(experiments, eq(experiments.id, experimentSnapshots.experimentId))
      .where(eq(experiments.communityId, community.id));
    expect(snapshots).toHaveLength(EXPERIMENTS);
    expect(new Set(snapshots.map((s) => s.day))).toEqual(new Set([now.toISOString().slice(0, 10)]));
    // The cron itself read ids only; no analysis ran inside it.
    expect(cron!.roundTrips).toBeLessThan(30);
    expect(cron!.bytes).toBeLessThan(100_000);
    // One batch of messages per invocation: a few statements per experiment.
    expect(invocations.length).toBeGreaterThanOrEqual(EXPERIMENTS / 4);
    const worst = invocations.reduce((m, s) => ({ statements: Math.max(m.statements, s.statements), bytes: Math.max(m.bytes, s.bytes) }), { statements: 0, bytes: 0 });
    console.log(`${EXPERIMENTS} experiments: cron ${cron!.statements} statements, ${cron!.bytes} bytes; ${invocations.length} consumer invocations, worst ${worst.statements} statements, ${worst.bytes} bytes`);
    expect(worst.statements).toBeLessThan(100);
    expect(worst.bytes).toBeLessThan(1024 * 1024);

    // Later the same day, nothing is due for these fixed-split tests: nothing is queued for them.
    const again = await runCron(new Date(+now + 60_000), { deliveries: 2 });
    expect(again.experimentSnapshots).toBe(0);
    const [one] = await tools().deps.db.select().from(experimentSnapshots).where(eq(experimentSnapshots.experimentId, ids[0]!));
    expect(one!.createdAt.getTime()).toBe(now.getTime());
  }, 60_000);
});
