import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { memberActivityDaily, membershipLedger, type Community } from "../../drizzle";
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
  for (const table of ["insight_days", "insight_months", "insight_member_months", "insight_cohorts", "insight_content_days", "insight_top_items", "insight_members", "insight_progress"]) {
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
