import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, communities, experiments } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { planTest } from "../../src/experiments/stats";
import { makeCommunity, tools } from "../helpers";
import { seedCounters, startedDaysAgo } from "../experiments/helpers";
import { communityWithTier } from "../tiers/helpers";
import { api, expectError, json, rowCount, session } from "./helpers";
import { MODERATOR } from "./membership-helpers";

let owner: string, moderator: string, operator: string, outsider: string;
beforeAll(async () => {
  [owner, moderator, operator, outsider] = await Promise.all(["owner@example.com", MODERATOR, "operator@example.com", "outsider@example.com"].map(session));
});

const feeTest = { name: "Fee: $25 vs $40", target: "application_fee", variants: [{ price: 2500 }, { price: 4000 }] };

async function setup() {
  const { community } = await makeCommunity();
  await setStaffRole(tools().deps, community.id, MODERATOR, "moderator");
  return { community, slug: community.slug };
}

async function created(slug: string, body: unknown = feeTest) {
  const res = await api(`/communities/${slug}/experiments`, { method: "POST", auth: owner, body });
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  return out;
}

describe("access", () => {
  it("401 signed out, 403 for outsiders; moderators read, only owners and operators act", async () => {
    const { slug } = await setup();
    const { id, variants } = await created(slug);
    const base = `/communities/${slug}/experiments`;
    const reads = [base, `${base}/${id}`, `${base}/planner?baseline=0.03&lift=0.2&dailyVisitors=120`];
    const writes: [string, unknown?][] = [
      [base, feeTest],
      [`${base}/${id}/start`],
      [`${base}/${id}/pause`],
      [`${base}/${id}/stop`, { reason: "x" }],
      [`${base}/${id}/promote`, { variantId: variants[1].id }],
      [`${base}/${id}/promote`, { bogus: true }],
    ];
    for (const path of reads) {
      await expectError(await api(path), 401, "unauthenticated");
      await expectError(await api(path, { auth: outsider }), 403, "forbidden");
      expect((await api(path, { auth: moderator })).status, path).toBe(200);
    }
    for (const [path, body] of writes) {
      await expectError(await api(path, { method: "POST", body }), 401, "unauthenticated");
      await expectError(await api(path, { method: "POST", body, auth: outsider }), 403, "forbidden");
      await expectError(await api(path, { method: "POST", body, auth: moderator }), 403, "forbidden");
    }
    expect((await json(await api(`${base}/${id}`, { auth: owner }))).experiment.status).toBe("draft");
    // Operators act as owners everywhere.
    const started = await api(`${base}/${id}/start`, { method: "POST", auth: operator });
    expect((await json(started)).status).toBe("running");
  });
});

describe("lifecycle", () => {
  it("creates a draft, starts, pauses, resumes, promotes; every change in the audit log", async () => {
    const { community, slug } = await setup();
    const exp = await created(slug, { ...feeTest, variants: [{ price: 2500, weight: 3 }, { price: 4000, weight: 1 }], autoPromote: true });
    expect(exp).toMatchObject({ status: "draft", target: "application_fee", mode: "fixed", conversionWindowDays: 14, maxDurationDays: 42, autoPromote: true, refundToLowest: false });
    expect(exp.variants.map((v: any) => [v.key, v.price, v.weight, v.isControl])).toEqual([
      ["A", 2500, 0.75, true],
      ["B", 4000, 0.25, false],
    ]);
    expect(exp).not.toHaveProperty("seed");
    const base = `/communities/${slug}/experiments/${exp.id}`;
    const act = async (verb: string, body?: unknown) => {
      const res = await api(`${base}/${verb}`, { method: "POST", auth: owner, body });
      const out = await json(res);
      expect(res.status, JSON.stringify(out)).toBe(200);
      return out;
    };
    await expectError(await api(`${base}/pause`, { method: "POST", auth: owner }), 409, "conflict");
    const started = await act("start");
    expect(started.status).toBe("running");
    expect((await act("pause")).status).toBe("paused");
    expect((await act("pause")).status).toBe("paused");
    // Resuming keeps the original start: the test's clock does not restart.
    expect(await act("start")).toMatchObject({ status: "running", startedAt: started.startedAt });

    await expectError(await api(`${base}/promote`, { method: "POST", auth: owner, body: { variantId: "var_nope" } }), 400, "validation_failed");
    const promoted = await act("promote", { variantId: exp.variants[1].id, reason: "B earns more" });
    expect(promoted).toMatchObject({ status: "stopped", winnerVariantId: exp.variants[1].id });
    expect((await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, community.id) }))!.feeAmount).toBe(4000);
    expect((await act("promote", { variantId: exp.variants[0].id })).winnerVariantId).toBe(exp.variants[1].id);
    expect((await act("stop")).status).toBe("stopped");

    const audit = await tools().deps.db.select().from(auditLog).where(and(eq(auditLog.communityId, community.id), eq(auditLog.subject, exp.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["experiment.created", "experiment.promoted", "experiment.resumed", "experiment.started", "experiment.paused"].sort());
    expect(audit.find((a) => a.action === "experiment.promoted")).toMatchObject({ actor: "owner@example.com", reason: "B earns more" });

    const list = await json(await api(`/communities/${slug}/experiments`, { auth: moderator }));
    expect(list.experiments.map((e: any) => e.id)).toEqual([exp.id]);
  });

  it("tests a tier's monthly price, one experiment per price at a time", async () => {
    const { community, tier } = await communityWithTier();
    const body = { name: "Member price", target: "tier_price", tierId: tier.id, interval: "month", variants: [{ price: 2900 }, { price: 3900 }, { price: 4900 }] };
    const exp = await created(community.slug, body);
    expect(exp).toMatchObject({ target: "tier_price", tierId: tier.id, interval: "month" });
    await expectError(await api(`/communities/${community.slug}/experiments`, { method: "POST", auth: owner, body }), 409, "conflict");
    expect((await json(await api(`/communities/${community.slug}/experiments/${exp.id}/start`, { method: "POST", auth: owner }))).status).toBe("running");
  });
});

describe("validation", () => {
  it("names each bad field and writes nothing", async () => {
    const { community, slug } = await setup();
    const post = (body: unknown) => api(`/communities/${slug}/experiments`, { method: "POST", auth: owner, body });
    expect(await expectError(await post({ ...feeTest, variants: [{ price: 2500 }] }), 400, "validation_failed")).toEqual(["variants"]);
    expect(await expectError(await post({ ...feeTest, variants: [{ price: 2500 }, { price: 2500 }] }), 400, "validation_failed")).toEqual(["variants"]);
    expect(await expectError(await post({ ...feeTest, target: "tier_price" }), 400, "validation_failed")).toEqual(expect.arrayContaining(["tierId", "interval"]));
    expect(await expectError(await post({ ...feeTest, variants: [{ price: -1 }, { price: 2.5, weight: 0 }] }), 400, "validation_failed")).toEqual(
      expect.arrayContaining(["variants.0.price", "variants.1.price", "variants.1.weight"]),
    );
    expect(await expectError(await post({ ...feeTest, seed: "mine", status: "running" }), 400, "validation_failed")).toEqual(["seed", "status"]);
    expect(await expectError(await post({ ...feeTest, tierId: "tier_elsewhere", target: "tier_price", interval: "month", variants: [{ price: 2900 }, { price: 3900 }] }), 400, "validation_failed")).toEqual(["tierId"]);
    expect(await rowCount("experiments", "community_id = ?", community.id)).toBe(0);
    await expectError(await api(`/communities/${slug}/experiments/exp_missing`, { auth: owner }), 404, "not_found");
    const other = await setup();
    const theirs = await created(other.slug);
    await expectError(await api(`/communities/${slug}/experiments/${theirs.id}`, { auth: owner }), 404, "not_found");
    await expectError(await api(`/communities/${slug}/experiments/${theirs.id}/start`, { method: "POST", auth: owner }), 404, "not_found");
  });
});

describe("results and planner", () => {
  it("returns the results with the verdict, computed from the counters", async () => {
    const { slug } = await setup();
    const exp = await created(slug);
    await api(`/communities/${slug}/experiments/${exp.id}/start`, { method: "POST", auth: owner });
    const now = new Date();
    const row = (await tools().deps.db.query.experiments.findFirst({ where: eq(experiments.id, exp.id) }))!;
    const variants = await tools().deps.db.query.experimentVariants.findMany({ where: (v, { eq }) => eq(v.experimentId, exp.id), orderBy: (v, { asc }) => [asc(v.position)] });
    await seedCounters(row, variants, [{ exposures: 2000, conversions: 100 }, { exposures: 2000, conversions: 150 }], { days: 10, now });
    await startedDaysAgo(exp.id, 10, now);
    const res = await api(`/communities/${slug}/experiments/${exp.id}`, { auth: moderator });
    expect(res.headers.get("cache-control")).toContain("no-store");
    const { experiment, results } = await json(res);
    expect(experiment.variants.map((v: any) => [v.exposures, v.conversions, v.revenue])).toEqual([[2000, 100, 250_000], [2000, 150, 600_000]]);
    expect(results.decision).toMatchObject({ verdict: "winner", message: "Variant B wins", winnerKey: "B", winnerVariantId: variants[1].id, estimatedDaysLeft: null });
    expect(results.variants[1]).toMatchObject({ key: "B", rpv: 300, conversionRate: 0.075, expectedExposures: 2000 });
    expect(results.variants[1].chanceToBeBest).toBeGreaterThan(0.998);
    expect(results.variants[0].lift).toBeNull();
    expect(results.variants[1].lift.interval.lower).toBeGreaterThan(0);
    expect(results.srm).toMatchObject({ flagged: false, df: 1 });
    expect(results.draws).toBe(10_000);
    expect(results.daily).toHaveLength(10);
    expect(results.daily.at(-1).exposures).toEqual({ A: 2000, B: 2000 });
    // Money figures: the test's cost against the best price, and no 30-day figure for a fee test.
    expect(results.hasData).toBe(true);
    expect(results.testCost).toBeGreaterThan(0);
    expect(results.bestRpvMean).toBeGreaterThanOrEqual(Math.max(...results.variants.map((v: any) => v.rpvMean)));
    expect(results.variants.map((v: any) => v.realised30)).toEqual([null, null]);
    const again = await json(await api(`/communities/${slug}/experiments/${exp.id}`, { auth: owner }));
    expect(again.results.variants.map((v: any) => v.chanceToBeBest)).toEqual(results.variants.map((v: any) => v.chanceToBeBest));
  });

  it("plans sample size and days at the owner's traffic", async () => {
    const { slug } = await setup();
    const plan = async (q: string) => api(`/communities/${slug}/experiments/planner?${q}`, { auth: owner });
    const body = await json(await plan("baseline=0.03&lift=0.2&dailyVisitors=120&variants=2"));
    expect(body).toMatchObject({ baseline: 0.03, lift: 0.2, dailyVisitors: 120, variants: 2 });
    expect(body.perVariant).toBeGreaterThan(12_600);
    expect(body.perVariant).toBeLessThan(12_800);
    expect(body.totalVisitors).toBe(body.perVariant * 2);
    expect(body.days).toBe(Math.ceil((body.perVariant * 2) / 120));
    expect(body.message).toBe(`About ${body.days} days at 120 visitors a day: ${body.perVariant.toLocaleString("en-US")} visitors per price point.`);
    // The stopping rule simulated at this traffic: the same seeded figures the planner page shows.
    const rows = planTest({ visitorsPerDay: 120, conversion: 0.03, variants: 2 });
    expect(body.simulated).toEqual(rows.map((r: (typeof rows)[number]) => ({ lift: r.lift, decidedBy: { days14: r.by[14], days28: r.by[28], days42: r.by[42] }, wrongRate: r.wrong })));
    expect(body.simulated.map((r: any) => r.lift)).toEqual([0.1, 0.25, 0.5]);
    expect((await json(await plan("baseline=0.03&lift=0.2&dailyVisitors=120"))).variants).toBe(2);
    expect((await expectError(await plan("baseline=3&lift=0&dailyVisitors=-1&variants=9"), 400, "validation_failed")).sort()).toEqual(["baseline", "dailyVisitors", "lift", "variants"]);
    expect(await expectError(await plan("baseline=abc&lift=0.2&dailyVisitors=10"), 400, "validation_failed")).toEqual(["baseline"]);
    expect(await expectError(await plan("baseline=0.03&lift=0.2&dailyVisitors=10&extra=1"), 400, "validation_failed")).toEqual(["extra"]);
  });
});
