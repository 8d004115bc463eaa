import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/communities/seed";
import { findCommunityBySlug } from "../../src/communities/service";
import { call, signIn, tools } from "../helpers";

/** The demo community opens Insights on months of history: money moving, layers filled, cohorts aging. */

describe("the demo community's insights", () => {
  it("has several months of rollups with every kind of movement, once", { timeout: 60_000 }, async () => {
    const { deps } = tools();
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    const q = (sql: string) => env.DB.prepare(sql).bind(demo.id).first() as Promise<Record<string, number>>;
    const totals = await q(`select count(distinct substr(day, 1, 7)) as months, sum(new_mrr) as new_mrr, sum(expansion_mrr) as expansion, sum(contraction_mrr) as contraction,
      sum(churned_voluntary) as voluntary, sum(churned_involuntary) as involuntary, sum(recoveries) as recoveries, sum(reactivated_mrr) as reactivated, sum(applications) as applications, max(mau) as mau
      from insight_days where community_id = ? and tier_id = ''`);
    expect(totals.months).toBeGreaterThanOrEqual(12);
    for (const k of ["new_mrr", "expansion", "contraction", "voluntary", "involuntary", "recoveries", "reactivated", "applications", "mau"]) expect(totals[k], k).toBeGreaterThan(0);
    const layers = await q(`select sum(leaders) as leaders, sum(participants) as participants, sum(readers) as readers, sum(dormant) as dormant from insight_months where community_id = ?`);
    for (const k of ["leaders", "participants", "readers", "dormant"]) expect(layers[k], k).toBeGreaterThan(0);
    expect((await q(`select count(*) as n from insight_cohorts where community_id = ?`)).n).toBeGreaterThan(50);
    const before = await q(`select count(*) as n, sum(mrr) as mrr from insight_days where community_id = ?`);
    await seedDemo(deps);
    expect(await q(`select count(*) as n, sum(mrr) as mrr from insight_days where community_id = ?`)).toEqual(before);

    const owner = await signIn("owner@example.com");
    const page = await call("/c/demo/admin/insights", { cookie: owner });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Leaders:");
  });
});
