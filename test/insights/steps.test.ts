import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Community } from "../../drizzle";
import { runInsightsJob, type InsightsJob } from "../../src/insights/jobs";
import { rollUpRange } from "../../src/insights/rollup";
import { tools } from "../helpers";
import { activity, clearInsights, dumpInsights, handWorkedHistory, ledger } from "./helpers";

/**
 * The per-member part of a rollup runs member range by member range, and the ranges' shares add
 * up to the same figures as one pass: rolled up in ranges of two members (a-b, c-d, e), the
 * hand-worked history gives exactly the rows of one range holding everyone, and so does the
 * queue's chain of steps with every message delivered twice.
 */

const T = new Date("2026-04-01T03:00:00Z");
let community: Community;
let once: Record<string, unknown[]>;

async function wholeHistory(membersPerRange?: number) {
  const db = tools().deps.db;
  for (const [from, to] of [["2026-01-01", "2026-01-31"], ["2026-02-01", "2026-02-28"], ["2026-03-01", "2026-03-31"]] as const) await rollUpRange(db, community.id, from, to, membersPerRange);
}

/** The queue's chain for one community, each message delivered `copies` times, in ranges of `membersPerRange`. */
async function chain(at: Date, membersPerRange: number, copies: number) {
  const { deps } = tools();
  const pending: InsightsJob[] = [{ kind: "insights-rollup", communityId: community.id, at: at.getTime() }];
  let steps = 0;
  while (pending.length) {
    const job = pending.shift()!;
    for (let i = 0; i < copies; i++) steps += await runInsightsJob(deps, job, async (jobs) => void pending.push(...jobs), membersPerRange);
  }
  return steps;
}

describe("member ranges", () => {
  beforeAll(async () => {
    ({ community } = await handWorkedHistory());
    await wholeHistory();
    once = await dumpInsights(community.id);
  });

  it("add up to the same rollups as one pass", async () => {
    expect((once.insight_months as { members: number }[]).map((m) => m.members)).toEqual([5, 3, 4]);
    await clearInsights(community.id);
    await wholeHistory(2);
    expect(await dumpInsights(community.id)).toEqual(once);
  });

  it("give the same rollups through the queue's steps, each message delivered twice", async () => {
    await clearInsights(community.id);
    const steps = await chain(T, 2, 2);
    const cron = await dumpInsights(community.id);
    // The chain starts at the history's first day (Jan 5) and runs to Mar 31: the same months, and the same days from Jan 5.
    expect(cron.insight_months).toEqual(once.insight_months);
    expect(cron.insight_cohorts).toEqual(once.insight_cohorts);
    expect(cron.insight_member_months).toEqual(once.insight_member_months);
    const money = (rows: unknown[]) => (rows as Record<string, unknown>[]).filter((d) => (d.day as string) >= "2026-01-05");
    expect(money(cron.insight_days!)).toEqual(money(once.insight_days!));
    // Three ranges per chunk, each step once: duplicates did nothing.
    const progress = (await env.DB.prepare("select * from insight_progress where community_id = ?").bind(community.id).first()) as Record<string, unknown>;
    expect(progress).toMatchObject({ rolled_through: "2026-03-31", chunk_from: null, cursor: null });
    const chunks = (await env.DB.prepare("select count(*) as n from insight_days where community_id = ? and tier_id = ''").bind(community.id).first()) as { n: number };
    expect(steps).toBe(3 * Math.ceil(chunks.n / 14));
    expect((await env.DB.prepare("select count(*) as n from insight_partials").first()) as { n: number }).toEqual({ n: 0 });
  });
});

describe("attending an event", () => {
  it("makes a member a participant, not a reader", async () => {
    const { community: c, member } = await handWorkedHistory();
    await ledger(c, "f", member.id, "active", 2900, "2026-01-02T10:00:00Z");
    await ledger(c, "g", member.id, "active", 2900, "2026-01-02T10:00:00Z");
    await activity(c, "f", "2026-01-20", { eventsAttended: 1 });
    await activity(c, "g", "2026-01-20", { threadViews: 1, visits: 1 });
    await rollUpRange(tools().deps.db, c.id, "2026-01-01", "2026-01-31");
    const layers = (await env.DB.prepare("select email, layer, events_attended from insight_member_months where community_id = ? and email in ('f', 'g') order by email").bind(c.id).all()).results;
    expect(layers).toEqual([
      { email: "f", layer: "participant", events_attended: 1 },
      { email: "g", layer: "reader", events_attended: 0 },
    ]);
    const jan = (await env.DB.prepare("select participants, readers from insight_months where community_id = ? and month = '2026-01'").bind(c.id).first()) as Record<string, number>;
    // The hand-worked January (2 participants, 1 reader) plus f and g.
    expect(jan).toEqual({ participants: 3, readers: 2 });
  });
});
