import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, communities, experimentDaily, experimentSnapshots, experimentVariants } from "../../drizzle";
import { pauseExperiment, stopExperiment } from "../../src/experiments/service";
import { tools } from "../helpers";
import { assignmentOf, DAY, experimentRow, feeExperiment, OWNER, seedCounters, startedDaysAgo, variantsOf, visitLanding, visitorIn } from "./helpers";
import { runCron } from "../jobs";

const today = () => new Date();

async function snapshotsOf(experimentId: string) {
  return tools().deps.db.select().from(experimentSnapshots).where(eq(experimentSnapshots.experimentId, experimentId)).orderBy(experimentSnapshots.day);
}

async function auditOf(experimentId: string, action: string) {
  return tools().deps.db.select().from(auditLog).where(and(eq(auditLog.subject, experimentId), eq(auditLog.action, action)));
}

const WINNER = [
  { exposures: 2000, conversions: 100 },
  { exposures: 2000, conversions: 150 },
];

describe("daily snapshots", () => {
  it("stores the chance to be best once per UTC day per running experiment, and leaves others alone", async () => {
    const now = today();
    const running = await feeExperiment();
    await seedCounters(running.experiment, running.variants, WINNER, { days: 3, now });
    const paused = await feeExperiment();
    await pauseExperiment(tools().deps, paused.community, paused.experiment.id, OWNER);
    const stopped = await feeExperiment();
    await stopExperiment(tools().deps, stopped.community, stopped.experiment.id, OWNER);
    const draft = await feeExperiment({ start: false });

    // Two overlapping cron runs, then another a minute later: one message per experiment each, one snapshot.
    await Promise.all([runCron(now), runCron(now)]);
    await runCron(new Date(+now + 60_000));
    const [snap] = await snapshotsOf(running.experiment.id);
    expect(await snapshotsOf(running.experiment.id)).toHaveLength(1);
    expect(snap.day).toBe(now.toISOString().slice(0, 10));
    expect(snap.chanceToBeBest.B).toBeGreaterThan(0.99);
    expect(snap.chanceToBeBest.A + snap.chanceToBeBest.B).toBeCloseTo(1, 9);
    for (const other of [paused, stopped, draft]) expect(await snapshotsOf(other.experiment.id)).toHaveLength(0);

    // The next day adds one more.
    const report = await runCron(new Date(+now + DAY));
    expect(report.experimentSnapshots).toBeGreaterThanOrEqual(1);
    expect((await snapshotsOf(running.experiment.id)).map((s) => s.day)).toEqual([now.toISOString().slice(0, 10), new Date(+now + DAY).toISOString().slice(0, 10)]);
  });
});

describe("bandit weights", () => {
  it("moves new visitors toward the likely best after burn-in, once a day; assigned visitors keep their variant", async () => {
    const now = today();
    const { community, experiment, variants } = await feeExperiment({ mode: "bandit" });
    const early = visitorIn(experiment, variants, 0);
    await visitLanding(community.slug, early);
    // RPV 125 (A) vs 400 (B) cents per visitor, 300 exposures each, 2 days in.
    await seedCounters(experiment, variants, [{ exposures: 300, conversions: 15 }, { exposures: 300, conversions: 30 }], { days: 2, now });
    await startedDaysAgo(experiment.id, 2, now);

    const runs = await Promise.all([runCron(now), runCron(now)]);
    expect(runs.reduce((n, r) => n + r.banditWeights!, 0)).toBe(1);
    expect((await runCron(new Date(+now + 60_000))).banditWeights).toBe(0);
    const [a, b] = await variantsOf(experiment.id);
    expect(a.weight).toBeCloseTo(0.01, 3);
    expect(b.weight).toBeCloseTo(0.99, 3);
    expect(a.weight + b.weight).toBeCloseTo(1, 12);
    const audit = await auditOf(experiment.id, "experiment.bandit_weights");
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe("auto");
    expect(audit[0].detail).toMatchObject({ day: now.toISOString().slice(0, 10), weights: { A: a.weight, B: b.weight } });
    // Today's daily rows carry the weights now in force, for SRM by period.
    const rows = await tools().deps.db.select().from(experimentDaily).where(and(eq(experimentDaily.experimentId, experiment.id), eq(experimentDaily.day, now.toISOString().slice(0, 10))));
    expect(Object.fromEntries(rows.map((r) => [r.variantId, r.weight]))).toEqual({ [a.id]: a.weight, [b.id]: b.weight });

    expect(await (await visitLanding(community.slug, early)).text()).toContain("$25.00");
    expect((await assignmentOf(experiment.id, early))!.variantId).toBe(a.id);
    let inB = 0;
    for (let i = 0; i < 20; i++) {
      const id = crypto.randomUUID();
      await visitLanding(community.slug, id);
      if ((await assignmentOf(experiment.id, id))!.variantId === b.id) inB++;
    }
    expect(inB).toBeGreaterThanOrEqual(17);
  }, 20_000);

  it("waits for burn-in (1 day and 100 exposures per variant) and ignores fixed splits", async () => {
    const now = today();
    const young = await feeExperiment({ mode: "bandit" });
    await seedCounters(young.experiment, young.variants, [{ exposures: 300, conversions: 15 }, { exposures: 300, conversions: 30 }], { days: 1, now });
    await startedDaysAgo(young.experiment.id, 0.5, now);
    const thin = await feeExperiment({ mode: "bandit" });
    await seedCounters(thin.experiment, thin.variants, [{ exposures: 99, conversions: 5 }, { exposures: 300, conversions: 30 }], { days: 2, now });
    await startedDaysAgo(thin.experiment.id, 2, now);
    const fixed = await feeExperiment();
    await seedCounters(fixed.experiment, fixed.variants, [{ exposures: 300, conversions: 15 }, { exposures: 300, conversions: 30 }], { days: 2, now });
    await startedDaysAgo(fixed.experiment.id, 2, now);
    await runCron(now);
    for (const made of [young, thin, fixed]) expect((await variantsOf(made.experiment.id)).map((v) => v.weight)).toEqual([0.5, 0.5]);
  });
});

describe("auto-promotion", () => {
  it("promotes a winner once, as 'auto', and the winning price becomes the community's fee", async () => {
    const now = today();
    const { community, experiment, variants } = await feeExperiment({ autoPromote: true });
    await seedCounters(experiment, variants, WINNER, { days: 10, now });
    await startedDaysAgo(experiment.id, 10, now);
    await Promise.all([runCron(now), runCron(now)]);
    await runCron(new Date(+now + DAY));
    const row = await experimentRow(experiment.id);
    expect(row).toMatchObject({ status: "stopped", winnerVariantId: variants[1].id });
    const promoted = await auditOf(experiment.id, "experiment.promoted");
    expect(promoted).toHaveLength(1);
    expect(promoted[0]).toMatchObject({ actor: "auto", detail: { variant: "B", price: 4000 } });
    expect(promoted[0].reason).toMatch(/^B has \d+(\.\d+)?% chance to be best/);
    const fee = await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, community.id) });
    expect(fee!.feeAmount).toBe(4000);
  });

  it("never promotes while the traffic split looks wrong, when not allowed, or when paused", async () => {
    const now = today();
    const srm = await feeExperiment({ autoPromote: true });
    await seedCounters(srm.experiment, srm.variants, [{ exposures: 5500, conversions: 100 }, { exposures: 4500, conversions: 300 }], { days: 10, now });
    const manual = await feeExperiment();
    await seedCounters(manual.experiment, manual.variants, WINNER, { days: 10, now });
    const paused = await feeExperiment({ autoPromote: true });
    await seedCounters(paused.experiment, paused.variants, WINNER, { days: 10, now });
    for (const made of [srm, manual, paused]) await startedDaysAgo(made.experiment.id, 10, now);
    await pauseExperiment(tools().deps, paused.community, paused.experiment.id, OWNER);
    await runCron(now);
    expect((await experimentRow(srm.experiment.id)).status).toBe("running");
    expect((await experimentRow(manual.experiment.id)).status).toBe("running");
    expect((await experimentRow(paused.experiment.id)).status).toBe("paused");
    for (const made of [srm, manual, paused]) expect((await experimentRow(made.experiment.id)).winnerVariantId).toBeNull();
  });

  it("stops as 'no clear difference' at the maximum duration", async () => {
    const now = today();
    const { experiment, variants, community } = await feeExperiment({ autoPromote: true, maxDurationDays: 14 });
    // Both 80 cents per visitor.
    await seedCounters(experiment, variants, [{ exposures: 3000, conversions: 96 }, { exposures: 3000, conversions: 60 }], { days: 14, now });
    await startedDaysAgo(experiment.id, 13, now);
    await runCron(now);
    expect((await experimentRow(experiment.id)).status).toBe("running");
    await runCron(new Date(+now + DAY));
    expect(await experimentRow(experiment.id)).toMatchObject({ status: "stopped", winnerVariantId: null });
    const [stop] = await auditOf(experiment.id, "experiment.stopped");
    expect(stop).toMatchObject({ actor: "auto" });
    expect(stop.reason).toBe("No clear difference: reached the maximum duration of 14 days and no variant met the stopping rule");
    expect((await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, community.id) }))!.feeAmount).toBe(2500);
  });

  it("judges once per UTC day: evidence that arrives later that day waits for the next day's look", async () => {
    const now = new Date(Math.floor(Date.now() / DAY) * DAY + 60_000); // 00:01 UTC today
    const { experiment, variants } = await feeExperiment({ autoPromote: true });
    await seedCounters(experiment, variants, [{ exposures: 2000, conversions: 100 }, { exposures: 2000, conversions: 62 }], { days: 10, now });
    await startedDaysAgo(experiment.id, 10, now);
    await runCron(now);
    expect((await experimentRow(experiment.id)).status).toBe("running");
    const { db } = tools().deps;
    await db.update(experimentVariants).set({ conversions: 150, revenue: 150 * 4000 }).where(eq(experimentVariants.id, variants[1].id));
    await runCron(new Date(+now + 6 * 3_600_000));
    expect((await experimentRow(experiment.id)).status).toBe("running");
    await runCron(new Date(+now + DAY));
    expect((await experimentRow(experiment.id)).winnerVariantId).toBe(variants[1].id);
  });
});
