import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { memberActivityDaily, membershipLedger, type Community, type Tier } from "../../drizzle";
import { tools } from "../helpers";
import { communityWithTiers } from "../memberships/helpers";

/**
 * A community whose history is written as the app records it: ledger entries as the webhooks
 * leave them (src/insights/ledger.ts), activity counters as the writes leave them. The figures
 * the tests expect are worked out by hand from these rows.
 */
export async function historyCommunity() {
  const { community, member, core } = await communityWithTiers();
  return { community, member, core };
}

/**
 * A hand-worked history (Member 29.00 a month, Core 79.00 a month):
 *   a joins Member Jan 5, upgrades to Core Feb 10          b joins Core Jan 5, downgrades to Member Feb 10
 *   c joins Member Jan 6, cancels Feb 15, rejoins Mar 3     d joins Member Jan 6, payment fails Feb 20, ends Feb 27
 *   e joins Member Jan 7, payment fails Feb 20, recovers Feb 22
 * Activity in January: a starts a thread that gets 3 reactions (leader), b one with 2 (participant:
 * one short of leading), c replies once (participant), d only reads, e does nothing (dormant).
 * February: a only reads, b votes.
 */
export async function handWorkedHistory(): Promise<{ community: Community; member: Tier; core: Tier }> {
  const { community, member, core } = await historyCommunity();
  const L = (email: string, tier: Tier, status: string, mrr: number, at: string) => ledger(community, email, tier.id, status, mrr, at);
  await L("a", member, "active", 2900, "2026-01-05T10:00:00Z");
  await L("b", core, "active", 7900, "2026-01-05T11:00:00Z");
  await L("c", member, "active", 2900, "2026-01-06T10:00:00Z");
  await L("d", member, "active", 2900, "2026-01-06T12:00:00Z");
  await L("e", member, "active", 2900, "2026-01-07T10:00:00Z");
  await L("a", core, "active", 7900, "2026-02-10T09:00:00Z");
  await L("b", member, "active", 2900, "2026-02-10T09:30:00Z");
  await L("c", member, "canceled", 0, "2026-02-15T08:00:00Z");
  await L("d", member, "past_due", 2900, "2026-02-20T08:00:00Z");
  await L("e", member, "past_due", 2900, "2026-02-20T08:00:00Z");
  await L("e", member, "active", 2900, "2026-02-22T08:00:00Z");
  await L("d", member, "canceled", 0, "2026-02-27T08:00:00Z");
  await L("c", member, "active", 2900, "2026-03-03T08:00:00Z");
  await activity(community, "a", "2026-01-08", { posts: 1, visits: 1 });
  await activity(community, "a", "2026-01-09", { reactionsReceived: 3 });
  await activity(community, "b", "2026-01-08", { posts: 1, reactionsReceived: 2, visits: 1 });
  await activity(community, "c", "2026-01-10", { replies: 1, visits: 1 });
  await activity(community, "d", "2026-01-12", { threadViews: 4, visits: 1 });
  await activity(community, "a", "2026-02-03", { threadViews: 2, visits: 1 });
  await activity(community, "b", "2026-02-04", { votes: 1, visits: 1 });
  return { community, member, core };
}

let seq = 0;
export async function ledger(community: Community, email: string, tierId: string, status: string, mrr: number, at: string) {
  const { deps } = tools();
  await deps.db.insert(membershipLedger).values({ id: `led_t${++seq}`, communityId: community.id, email, membershipId: `mem_${email}`, tierId, status, mrr, at: new Date(at) });
}

export async function activity(community: Community, email: string, day: string, counters: Partial<typeof memberActivityDaily.$inferInsert>) {
  const { deps } = tools();
  await deps.db.insert(memberActivityDaily).values({ communityId: community.id, email, day, ...counters });
}

/** Every insights row of a community, in a stable order, for comparing two ways of rolling up. */
export async function dumpInsights(communityId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of [
    ["insight_days", "day, tier_id"],
    ["insight_months", "month"],
    ["insight_member_months", "month, email"],
    ["insight_cohorts", "cohort, age"],
    ["insight_content_days", "day, kind, key"],
    ["insight_top_items", "month, kind, ref_id"],
    ["insight_members", "email"],
  ] as const) {
    out[table] = (await env.DB.prepare(`select * from ${table} where community_id = ? order by ${order}`).bind(communityId).all()).results;
  }
  return out;
}

export async function clearInsights(communityId: string) {
  const { deps } = tools();
  for (const table of ["insight_days", "insight_months", "insight_member_months", "insight_cohorts", "insight_content_days", "insight_top_items", "insight_members", "insight_progress", "insight_partials"]) {
    await deps.db.run(sql.raw(`delete from ${table} where community_id = '${communityId}'`));
  }
}

/**
 * Marks every community's insights as rolled up to yesterday, so a cron run in a test about
 * something else (drop emails, say) queues only that work.
 */
export async function insightsUpToDate(now: Date = tools().deps.now()) {
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  await env.DB.prepare(
    `insert into insight_progress (community_id, rolled_through) select id, ?1 from communities where true
     on conflict (community_id) do update set rolled_through = ?1, queued_at = null`,
  )
    .bind(yesterday)
    .run();
}
