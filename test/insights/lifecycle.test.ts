import { describe, expect, it } from "vitest";
import { healthItems, lifecycleStage, type MonthPoint } from "../../src/insights/lifecycle";
import { layerOf, LEADER_MIN_REACTIONS } from "../../src/insights/layers";
import { funnelByWeek, median, moneyByMonth, moneySummary } from "../../src/insights/figures";
import type { InsightDay } from "../../drizzle";

/** The stage rule and the health summary on hand-made monthly series; the layer rule at its edges. */

const months = (members: number[], mau: number[], mrr: number[]): MonthPoint[] =>
  members.map((m, i) => ({ month: `2026-${String(i + 1).padStart(2, "0")}`, members: m, mau: mau[i]!, mrr: mrr[i]! }));

describe("lifecycle stage", () => {
  it("reads growth when members grew 10% or more and activity grew too", () => {
    // Averages: members 100 -> 120 (+20%), MAU 60 -> 70.
    const r = lifecycleStage(months([95, 100, 105, 115, 120, 125], [55, 60, 65, 65, 70, 75], [1, 1, 1, 1, 1, 1]), 8);
    expect(r.stage).toBe("growth");
    expect(r.trends.members).toBeCloseTo(0.2);
  });

  it("reads maturity for a flat history", () => {
    expect(lifecycleStage(months([200, 202, 198, 201, 199, 200], [120, 118, 121, 119, 120, 122], [5, 5, 5, 5, 5, 5]), 14).stage).toBe("maturity");
  });

  it("reads decline when members fall 5% or more, or activity falls while revenue does", () => {
    // Members 200 -> 186 (-7%).
    expect(lifecycleStage(months([200, 200, 200, 190, 186, 182], [120, 120, 120, 110, 110, 110], [5, 5, 5, 5, 5, 5]), 20).stage).toBe("decline");
    // Members flat, MAU 120 -> 90 (-25%) and MRR down.
    expect(lifecycleStage(months([200, 200, 200, 199, 199, 199], [120, 120, 120, 90, 90, 90], [50, 50, 50, 48, 48, 48]), 20).stage).toBe("decline");
    // The same activity drop with revenue holding is not decline.
    expect(lifecycleStage(months([200, 200, 200, 199, 199, 199], [120, 120, 120, 90, 90, 90], [50, 50, 50, 50, 50, 50]), 20).stage).toBe("maturity");
  });

  it("reads start for a young or small community", () => {
    expect(lifecycleStage(months([95, 100, 105, 115, 120, 125], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]), 2).stage).toBe("start");
    expect(lifecycleStage(months([5, 10, 12, 15, 20, 29], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]), 12).stage).toBe("start");
  });
});

describe("the health summary", () => {
  const calm = { activeShare: 0.7, atRisk: 0, involuntaryRecent: 0, medianDecisionHours: 10, reviewDays: 3, daysSinceLastDrop: 3, memberPostShare: 0.8, cadenceMiss: null, period: "week" as const, stage: "maturity" as const, money: true };

  it("is empty when all is well, and names at most two things, most urgent first", () => {
    expect(healthItems(calm)).toEqual([]);
    const items = healthItems({ ...calm, activeShare: 0.3, atRisk: 12, involuntaryRecent: 1, daysSinceLastDrop: 20, stage: "decline" });
    expect(items).toHaveLength(2);
    expect(items[0]!.title).toBe("30% of members were active in the last 30 days");
    expect(items[1]!.title).toBe("Members or activity are falling");
  });

  it("names a week that fell short of the drop plan, and not one that kept it", () => {
    const items = healthItems({ ...calm, cadenceMiss: { start: "2026-06-01", planned: 3, delivered: 1 } });
    expect(items.map((i) => [i.title, i.href])).toEqual([["1 of 3 planned drops went out in the week of 2026-06-01", "#cadence"]]);
    expect(healthItems({ ...calm, cadenceMiss: null })).toEqual([]);
  });

  it("leaves money out for moderators", () => {
    const items = healthItems({ ...calm, involuntaryRecent: 4, money: false });
    expect(items).toEqual([]);
  });
});

describe("figures", () => {
  it("the layer rule at its boundaries", () => {
    const zero = { threads: 0, replies: 0, reactions_given: 0, reactions_received: 0, votes: 0, events_attended: 0, views: 0, active_days: 1 };
    expect(layerOf({ ...zero, threads: 1, reactions_received: LEADER_MIN_REACTIONS })).toBe("leader");
    expect(layerOf({ ...zero, threads: 1, reactions_received: LEADER_MIN_REACTIONS - 1 })).toBe("participant");
    expect(layerOf({ ...zero, reactions_received: 10 })).toBe("reader");
    expect(layerOf({ ...zero, votes: 1 })).toBe("participant");
    expect(layerOf({ ...zero, events_attended: 1 })).toBe("participant");
    expect(layerOf({ ...zero, views: 3 })).toBe("reader");
    expect(layerOf(null)).toBe("dormant");
  });

  it("funnel weeks start on Monday and take the median decision time", () => {
    const day = (d: string, v: Partial<InsightDay>) => ({ day: d, visitors: 0, applications: 0, feesPaid: 0, approved: 0, rejected: 0, appsJoined: 0, retained30: 0, retained90: 0, decisionHours: [], ...v }) as InsightDay;
    const weeks = funnelByWeek([day("2026-06-01", { applications: 2, decisionHours: [10, 30] }), day("2026-06-07", { applications: 1, approved: 1, decisionHours: [20] }), day("2026-06-08", { applications: 4 })]);
    expect(weeks.map((w) => [w.week, w.applications, w.medianDecisionHours])).toEqual([["2026-06-01", 3, 20], ["2026-06-08", 4, null]]);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it("money by month: MRR at month end, ARPM, churn and a simple LTV", () => {
    const d = (day: string, v: Partial<InsightDay>) => ({ day, mrr: 0, paying: 0, members: 0, newMrr: 0, expansionMrr: 0, contractionMrr: 0, churnedMrr: 0, reactivatedMrr: 0, joined: 0, churnedVoluntary: 0, churnedInvoluntary: 0, recoveries: 0, subscriptionRevenue: 0, subscriptionRefunds: 0, feeRevenue: 0, feeRefunds: 0, ...v }) as InsightDay;
    const rows = [d("2026-01-31", { mrr: 10000, paying: 10 }), d("2026-02-28", { mrr: 9000, paying: 9, churnedVoluntary: 1, churnedMrr: 1000 }), d("2026-03-31", { mrr: 10000, paying: 10, feeRevenue: 5000, feeRefunds: 1000 })];
    const months = moneyByMonth(rows, rows, true);
    expect(months.map((m) => [m.month, m.mrr, m.arpm])).toEqual([["2026-01", 10000, 1000], ["2026-02", 9000, 1000], ["2026-03", 10000, 1000]]);
    expect(months[2]!.netRevenue).toBe(Math.round((10000 * 12) / 365) + 4000);
    const s = moneySummary(months);
    // One member lost in three months among 29/3 paying on average: churn 1/29 a month, LTV 1000 × 29.
    expect(s.monthlyChurn).toBeCloseTo(1 / 29);
    expect(s.ltv).toBe(29000);
  });
});
