import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { experimentConversions, experiments, experimentSnapshots } from "../../drizzle";
import { experimentResults } from "../../src/experiments/results";
import { AppError } from "../../src/lib/errors";
import { makeCommunity, tools } from "../helpers";
import { analyze } from "../../src/experiments/stats";
import { DAY, feeExperiment, seedCounters, startedDaysAgo, tierExperiment } from "./helpers";

const now = new Date(Date.UTC(2026, 5, 15, 12));

/** A started $25 vs $40 fee test with counters written by hand, running for `days` days. */
async function seeded(data: { exposures: number; conversions: number }[], days: number, opts: { weights?: number[][]; maxDurationDays?: number } = {}) {
  const made = await feeExperiment({ maxDurationDays: opts.maxDurationDays });
  await startedDaysAgo(made.experiment.id, days, now);
  await seedCounters(made.experiment, made.variants, data, { days: Math.max(1, Math.ceil(days)), now, weights: opts.weights });
  const results = () => experimentResults(tools().deps, made.community.id, made.experiment.id, now);
  return { ...made, results };
}

describe("experimentResults: verdicts from hand-seeded counters", () => {
  it("names the winner: $40 at 7.5% beats $25 at 5% on revenue per visitor", async () => {
    const { results } = await seeded([{ exposures: 2000, conversions: 100 }, { exposures: 2000, conversions: 150 }], 10);
    const r = await results();
    expect(r.decision).toMatchObject({ verdict: "winner", winnerKey: "B", message: "Variant B wins" });
    const [a, b] = r.variants;
    expect(a).toMatchObject({ exposures: 2000, conversions: 100, revenue: 250_000, conversionRate: 0.05, rpv: 125 });
    expect(b).toMatchObject({ exposures: 2000, conversions: 150, revenue: 600_000, conversionRate: 0.075, rpv: 300 });
    expect(b.chanceToBeBest).toBeGreaterThan(0.998);
    expect(a.lift).toBeNull();
    // RPV 300 vs 125 observed: +140%. The price-response model shrinks so large a gap a little
    // towards no difference (its prior favours no price), to about +133%.
    expect(b.lift!.median).toBeGreaterThan(1.2);
    expect(b.lift!.median).toBeLessThan(1.4);
    expect(b.lift!.interval.lower).toBeGreaterThan(0.8);
    expect(b.rpvInterval.lower).toBeLessThan(300);
    expect(b.rpvInterval.upper).toBeGreaterThan(300);
    expect(r.srm.flagged).toBe(false);
    expect(r.daysRunning).toBeCloseTo(10, 6);
  });

  it("keeps running before 7 days, with the days left", async () => {
    const { results } = await seeded([{ exposures: 2000, conversions: 100 }, { exposures: 2000, conversions: 150 }], 3);
    const r = await results();
    expect(r.decision).toMatchObject({ verdict: "keep_running", estimatedDaysLeft: 4, message: "Keep running: about 4 more days at current traffic" });
  });

  it("keeps running while the evidence is short, estimating from the last week's traffic", async () => {
    const { results } = await seeded([{ exposures: 1400, conversions: 70 }, { exposures: 1400, conversions: 46 }], 14);
    const r = await results();
    expect(r.decision.verdict).toBe("keep_running");
    expect(r.decision.message).toMatch(/^Keep running: about \d+ more days? at current traffic$/);
    expect(r.decision.estimatedDaysLeft).toBeLessThanOrEqual(42 - 14);
  });

  it("says no clear difference at the maximum duration when RPV is the same", async () => {
    // $25 × 3.2% = $40 × 2% = 80 cents per visitor.
    const { results } = await seeded([{ exposures: 3000, conversions: 96 }, { exposures: 3000, conversions: 60 }], 42);
    const r = await results();
    expect(r.decision).toMatchObject({ verdict: "no_clear_difference", message: "No clear difference" });
    expect(r.variants[0].rpv).toBe(80);
    expect(r.variants[1].rpv).toBe(80);
  });

  it("says the traffic split looks wrong on 5,500 / 4,500 at 50/50, and takes no decision", async () => {
    const { results } = await seeded([{ exposures: 5500, conversions: 275 }, { exposures: 4500, conversions: 400 }], 10);
    const r = await results();
    expect(r.srm.flagged).toBe(true);
    expect(r.srm.pValue).toBeLessThan(0.001);
    expect(r.decision).toMatchObject({ verdict: "traffic_split_wrong", message: "Traffic split looks wrong" });
    expect(r.decision.winnerKey).toBeUndefined();
    expect(r.variants.map((v) => v.expectedExposures)).toEqual([5000, 5000]);
    const even = await seeded([{ exposures: 5000, conversions: 250 }, { exposures: 5000, conversions: 250 }], 10);
    expect((await even.results()).srm.flagged).toBe(false);
  });

  it("checks SRM against the weights in force each day (bandit), not today's", async () => {
    // Two days at 50/50, then two days at 90/10: 1,400 / 600 overall is exactly what those weights predict.
    const weights = [[0.5, 0.5], [0.5, 0.5], [0.9, 0.1], [0.9, 0.1]];
    const { results, variants } = await seeded([{ exposures: 1400, conversions: 70 }, { exposures: 600, conversions: 30 }], 4, { weights });
    const r = await results();
    expect(r.srm.flagged).toBe(false);
    expect(r.variants.map((v) => v.expectedExposures)).toEqual([1400, 600]);
    // The same split judged against one 50/50 period is a mismatch.
    expect(variants.every((v) => v.weight === 0.5)).toBe(true);
    const flat = await seeded([{ exposures: 1400, conversions: 70 }, { exposures: 600, conversions: 30 }], 4);
    expect((await flat.results()).srm.flagged).toBe(true);
  });

  it("is reproducible, gives cumulative daily series and the chance to be best over time", async () => {
    const { results, experiment, variants } = await seeded([{ exposures: 300, conversions: 12 }, { exposures: 300, conversions: 9 }], 3);
    await tools()
      .deps.db.insert(experimentSnapshots)
      .values([
        { experimentId: experiment.id, day: "2026-06-13", chanceToBeBest: { A: 0.4, B: 0.6 }, createdAt: now },
        { experimentId: experiment.id, day: "2026-06-14", chanceToBeBest: { A: 0.55, B: 0.45 }, createdAt: now },
      ]);
    const [first, second] = [await results(), await results()];
    expect(second.variants.map((v) => [v.chanceToBeBest, v.expectedLoss, v.rpvInterval])).toEqual(first.variants.map((v) => [v.chanceToBeBest, v.expectedLoss, v.rpvInterval]));
    expect(first.analysis.draws).toBe(10_000);
    expect(first.daily.map((d) => d.day)).toEqual(["2026-06-13", "2026-06-14", "2026-06-15"]);
    expect(first.daily.map((d) => d.exposures[variants[0].id])).toEqual([100, 200, 300]);
    expect(first.daily.at(-1)!.conversions).toEqual({ [variants[0].id]: 12, [variants[1].id]: 9 });
    expect(first.daily.at(-1)!.revenue).toEqual({ [variants[0].id]: 12 * 2500, [variants[1].id]: 9 * 4000 });
    expect(first.chanceOverTime).toEqual([
      { day: "2026-06-13", chanceToBeBest: { A: 0.4, B: 0.6 } },
      { day: "2026-06-14", chanceToBeBest: { A: 0.55, B: 0.45 } },
    ]);
    expect(first.computedAt).toEqual(now);
  });

  it("judges a stopped experiment as it stood when it stopped", async () => {
    const { results, experiment } = await seeded([{ exposures: 2000, conversions: 100 }, { exposures: 2000, conversions: 150 }], 3);
    await tools().deps.db.update(experiments).set({ status: "stopped", stoppedAt: new Date(+now - 1 * DAY) }).where(eq(experiments.id, experiment.id));
    const r = await results();
    expect(r.daysRunning).toBeCloseTo(2, 6);
    expect(r.decision.verdict).toBe("keep_running");
  });

  it("a draft has zero counters and no verdict yet; another community's experiment is not found", async () => {
    const { community, experiment } = await feeExperiment({ start: false });
    const r = await experimentResults(tools().deps, community.id, experiment.id, now);
    expect(r.variants.map((v) => v.exposures)).toEqual([0, 0]);
    expect(r.decision.verdict).toBe("keep_running");
    expect(r.daysRunning).toBe(0);
    const other = await makeCommunity();
    await expect(experimentResults(tools().deps, other.community.id, experiment.id, now)).rejects.toBeInstanceOf(AppError);
  });

  it("passes several amounts per variant to the model, and reports realised 30-day revenue for tier tests", async () => {
    const made = await tierExperiment({ prices: [2900, 4900] });
    const [a, b] = made.variants;
    await startedDaysAgo(made.experiment.id, 40, now);
    // A: 30 payers at $29. B: 30 at $49 a month and 3 who paid $490 for a year; one of B's
    // monthly payers is refunded in their first 30 days, another after it.
    const at = (daysAgo: number) => new Date(+now - daysAgo * DAY);
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => ({ variantId: a!.id, visitorId: `va${i}`, amount: 2900, createdAt: at(35) })),
      ...Array.from({ length: 30 }, (_, i) => ({ variantId: b!.id, visitorId: `vb${i}`, amount: 4900, createdAt: at(35) })),
      ...Array.from({ length: 3 }, (_, i) => ({ variantId: b!.id, visitorId: `vy${i}`, amount: 49000, createdAt: at(35) })),
      { variantId: b!.id, visitorId: "vb0", amount: -4900, createdAt: at(30) },
      { variantId: b!.id, visitorId: "vb1", amount: -4900, createdAt: at(1) },
    ];
    const { db } = tools().deps;
    const values = rows.map((r, i) => ({ ...r, id: `cnv_t${i}`, experimentId: made.experiment.id, source: `test:${made.experiment.id}:${i}` }));
    // D1 takes at most 100 bound values per statement: ten rows at a time.
    for (let i = 0; i < values.length; i += 10) await db.insert(experimentConversions).values(values.slice(i, i + 10));
    const revenueB = 30 * 4900 + 3 * 49000 - 2 * 4900;
    await seedCounters(made.experiment, made.variants, [{ exposures: 1000, conversions: 30 }, { exposures: 1000, conversions: 33, revenue: revenueB }], { days: 40, now });

    const r = await experimentResults(tools().deps, made.community.id, made.experiment.id, now);
    expect(r.variants.map((v) => v.realised30)).toEqual([
      { payers: 30, revenue: 30 * 2900 },
      { payers: 33, revenue: 30 * 4900 + 3 * 49000 - 4900 },
    ]);
    // The same analysis by hand, with B's two amounts scaled to its net revenue: identical draws.
    const net = revenueB / (30 * 4900 + 3 * 49000);
    const byHand = analyze({
      seed: made.experiment.id,
      variants: [
        { key: "A", exposures: 1000, conversions: 30, revenue: 30 * 2900, price: 2900 },
        { key: "B", exposures: 1000, conversions: 33, revenue: revenueB, price: revenueB / 33, outcomes: [{ value: 4900 * net, count: 30 }, { value: 49000 * net, count: 3 }] },
      ],
    });
    expect(r.variants.map((v) => v.chanceToBeBest)).toEqual(byHand.variants.map((v) => v.chanceToBeBest));
    expect(r.variants[1]!.rpvInterval).toEqual(byHand.variants[1]!.rpvInterval);
    // A fee test has no 30-day figure.
    const fee = await seeded([{ exposures: 100, conversions: 5 }, { exposures: 100, conversions: 5 }], 10);
    expect((await fee.results()).variants.map((v) => v.realised30)).toEqual([null, null]);
  });
});
