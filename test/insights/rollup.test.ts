import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Community, Tier } from "../../drizzle";
import { rollUpRange } from "../../src/insights/rollup";
import { clearInsights, dumpInsights, handWorkedHistory } from "./helpers";
import { runCron } from "../jobs";
import { tools } from "../helpers";

let community: Community;
let member: Tier;
let core: Tier;

async function seed() {
  ({ community, member, core } = await handWorkedHistory());
}

const day = async (d: string, tier = "") =>
  (await env.DB.prepare("select * from insight_days where community_id = ? and day = ? and tier_id = ?").bind(community.id, d, tier).first()) as Record<string, number> | null;
const sumOver = async (column: string, from: string, to: string, tier = "") =>
  ((await env.DB.prepare(`select sum(${column}) as n from insight_days where community_id = ? and tier_id = ? and day between ? and ?`).bind(community.id, tier, from, to).first()) as { n: number }).n;

describe("rollups from a hand-worked history", () => {
  beforeAll(async () => {
    await seed();
    const db = tools().deps.db;
    for (const [from, to] of [["2026-01-01", "2026-01-31"], ["2026-02-01", "2026-02-28"], ["2026-03-01", "2026-03-31"]] as const) await rollUpRange(db, community.id, from, to);
  });

  it("counts new, expansion, contraction, churn and reactivation MRR", async () => {
    const jan5 = (await day("2026-01-05"))!;
    expect([jan5.new_mrr, jan5.joined, jan5.mrr, jan5.members]).toEqual([10800, 2, 10800, 2]);
    expect((await day("2026-01-07"))!.mrr).toBe(19500);
    const feb10 = (await day("2026-02-10"))!;
    expect([feb10.expansion_mrr, feb10.contraction_mrr, feb10.mrr]).toEqual([5000, 5000, 19500]);
    // Per tier, a move between tiers is the whole amount leaving one tier and arriving in the other.
    const feb10Member = (await day("2026-02-10", member.id))!;
    const feb10Core = (await day("2026-02-10", core.id))!;
    expect([feb10Member.contraction_mrr, feb10Member.expansion_mrr, feb10Member.mrr]).toEqual([2900, 2900, 4 * 2900]);
    expect([feb10Core.contraction_mrr, feb10Core.expansion_mrr, feb10Core.mrr]).toEqual([7900, 7900, 7900]);
    const feb15 = (await day("2026-02-15"))!;
    expect([feb15.churned_mrr, feb15.churned_voluntary, feb15.churned_involuntary, feb15.mrr]).toEqual([2900, 1, 0, 16600]);
    expect((await day("2026-02-20"))!.mrr).toBe(16600);
    expect((await day("2026-02-22"))!.recoveries).toBe(1);
    const feb27 = (await day("2026-02-27"))!;
    expect([feb27.churned_mrr, feb27.churned_voluntary, feb27.churned_involuntary, feb27.mrr]).toEqual([2900, 0, 1, 13700]);
    const mar3 = (await day("2026-03-03"))!;
    expect([mar3.reactivated_mrr, mar3.new_mrr, mar3.mrr, mar3.members]).toEqual([2900, 0, 16600, 4]);
    // The movements add up to the change in MRR.
    const net = (await sumOver("new_mrr + expansion_mrr + reactivated_mrr - contraction_mrr - churned_mrr", "2026-01-01", "2026-03-31"))!;
    expect(net).toBe((await day("2026-03-31"))!.mrr);
  });

  it("puts members in layers at the boundaries, and counts moves between months", async () => {
    const jan = (await env.DB.prepare("select * from insight_months where community_id = ? and month = '2026-01'").bind(community.id).first()) as Record<string, unknown>;
    expect([jan.members, jan.leaders, jan.participants, jan.readers, jan.dormant]).toEqual([5, 1, 2, 1, 1]);
    const layers = (await env.DB.prepare("select email, layer from insight_member_months where community_id = ? and month = '2026-01' order by email").bind(community.id).all()).results;
    expect(layers).toEqual([
      { email: "a", layer: "leader" },
      { email: "b", layer: "participant" },
      { email: "c", layer: "participant" },
      { email: "d", layer: "reader" },
    ]);
    const feb = (await env.DB.prepare("select * from insight_months where community_id = ? and month = '2026-02'").bind(community.id).first()) as Record<string, unknown>;
    expect([feb.members, feb.leaders, feb.participants, feb.readers, feb.dormant]).toEqual([3, 0, 1, 1, 1]);
    expect(JSON.parse(feb.moves as string)).toEqual({ "leader>reader": 1, "participant>participant": 1, "dormant>dormant": 1 });
  });

  it("builds the cohort triangle for membership and activity", async () => {
    const cells = (await env.DB.prepare("select cohort, age, size, members, active from insight_cohorts where community_id = ? order by cohort, age").bind(community.id).all()).results;
    expect(cells).toEqual([
      { cohort: "2026-01", age: 0, size: 5, members: 5, active: 4 },
      { cohort: "2026-01", age: 1, size: 5, members: 3, active: 2 },
      { cohort: "2026-01", age: 2, size: 5, members: 4, active: 0 },
    ]);
  });

  it("counts active members per day, week and month", async () => {
    const jan8 = (await day("2026-01-08"))!;
    expect([jan8.dau, jan8.wau, jan8.mau]).toEqual([2, 2, 2]);
    const jan12 = (await day("2026-01-12"))!;
    expect([jan12.dau, jan12.wau, jan12.mau]).toEqual([1, 4, 4]);
    const feb4 = (await day("2026-02-04"))!;
    expect([feb4.dau, feb4.wau, feb4.mau]).toEqual([1, 2, 4]);
  });
});

describe("the cron", () => {
  const T = new Date("2026-04-01T03:00:00Z");
  let once: Record<string, unknown[]>;

  beforeAll(async () => {
    if (!community) await seed();
    await clearInsights(community.id);
    await runCron(T);
    once = await dumpInsights(community.id);
  });

  it("backfills the whole history on its first run", () => {
    const days = once.insight_days!.filter((d) => (d as { tier_id: string }).tier_id === "") as { day: string; mrr: number }[];
    expect(days[0]!.day <= "2026-01-05").toBe(true);
    expect(days.find((d) => d.day === "2026-03-31")?.mrr).toBe(16600);
  });

  it("gives the same rollups run twice, late in the day, and after a missed week", async () => {
    await runCron(T);
    expect(await dumpInsights(community.id)).toEqual(once);
    await clearInsights(community.id);
    await runCron(new Date("2026-03-22T03:00:00Z"));
    await runCron(new Date("2026-03-23T03:00:00Z"));
    // A week without a run, then one late in the day.
    await runCron(new Date("2026-04-01T23:50:00Z"));
    expect(await dumpInsights(community.id)).toEqual(once);
  });
});
