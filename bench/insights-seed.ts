/**
 * Insights benchmark communities: members as rows, and two years of rollups as the cron would
 * have left them (every day of insight_days per tier, months, cohorts, content mix, top items,
 * each member's month and last active day). Filled with set-based inserts over a recursive
 * counter, so 100,000 members cost seconds. The page must cost the same at both sizes.
 */
import { env } from "cloudflare:workers";
import type { Community, Tier } from "../drizzle";
import { createTier } from "../src/tiers/service";
import { bulkMembers } from "../test/bulk";
import { makeCommunity, tools } from "../test/helpers";

const DAY = 86_400_000;
const DAYS = 731;

function counter(n: number) {
  return `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(0, Math.floor(n)) - 1})`;
}

export interface InsightsBench {
  community: Community;
  member: Tier;
}

export async function seedInsights(label: string, members: number): Promise<InsightsBench> {
  const { deps } = tools();
  const { community } = await makeCommunity({ name: `Insights ${label}`, feeAmount: 0 }, []);
  const base = { description: "", perks: [], visibility: "public" as const, trialDays: 0, currency: "usd" as const, capacity: null };
  const member = await createTier(deps, community.id, { ...base, name: "Member", rank: 1, monthlyAmount: 2900, yearlyAmount: 29000 }, "owner@example.com");
  const core = await createTier(deps, community.id, { ...base, name: "Core", rank: 2, monthlyAmount: 7900, yearlyAmount: null }, "owner@example.com");
  const now = deps.now().getTime();
  const yesterday = new Date(now - DAY).toISOString().slice(0, 10);
  const prefix = `i${label}-`;
  const email = (i: string) => `'${prefix}' || printf('%06d', ${i}) || '@example.com'`;
  await bulkMembers(env.DB, { communityId: community.id, tierId: member.id, count: members, prefix, joinedAt: new Date(now - DAYS * DAY) });
  const c = community.id;
  const M = members;
  // Day i days before yesterday; members grow from half to all over the two years.
  const day = `date('${yesterday}', '-' || i || ' days')`;
  const size = `cast(${M} * (1.0 - i / ${DAYS * 2}.0) as integer)`;
  const statements = [
    ...[["", 1], [member.id, 0.8], [core.id, 0.2]].map(([tier, share]) =>
      env.DB.prepare(`${counter(DAYS)} INSERT INTO insight_days (community_id, day, tier_id, members, paying, mrr, new_mrr, expansion_mrr, contraction_mrr, churned_mrr, reactivated_mrr,
          joined, churned_voluntary, churned_involuntary, recoveries, visitors, applications, fees_paid, approved, rejected, apps_joined, retained_30, retained_90, decision_hours,
          fee_revenue, fee_refunds, dau, wau, mau, threads, replies, staff_posts, hours)
        SELECT '${c}', ${day}, '${tier}', cast(${size} * ${share} as integer), cast(${size} * ${share} * 0.9 as integer), cast(${size} * ${share} * 3500 as integer),
          ${M} * 3, ${M}, ${M} / 2, ${M} * 2, ${M} / 4, ${M} / 300 + 1, ${M} / 900, ${M} / 2000, ${M} / 3000,
          ${M} / 10 + 5, ${M} / 200 + 2, ${M} / 250 + 1, ${M} / 300 + 1, ${M} / 1000, ${M} / 300, ${M} / 330, ${M} / 400, '[4.5,12,30,52]',
          (${M} / 250 + 1) * 2500, 2500, ${size} / 8, ${size} / 3, ${size} * 6 / 10, ${M} / 100 + 1, ${M} / 20 + 3, ${M} / 500,
          '[0,0,0,0,0,0,1,3,6,9,12,10,8,9,11,12,10,8,9,12,14,9,4,1]'
        FROM n`),
    ),
    env.DB.prepare(`${counter(24)} INSERT INTO insight_months (community_id, month, members, leaders, participants, readers, dormant, moves)
      SELECT '${c}', substr(date('${yesterday}', 'start of month', '-' || i || ' months'), 1, 7), ${M}, ${M} / 100, ${M} * 9 / 100, ${M} / 2, ${M} * 4 / 10,
        '{"reader>participant":${Math.ceil(M / 50)},"participant>leader":${Math.ceil(M / 400)},"participant>reader":${Math.ceil(M / 60)},"reader>dormant":${Math.ceil(M / 40)}}' FROM n`),
    env.DB.prepare(`${counter(24 * 24)} INSERT INTO insight_cohorts (community_id, cohort, age, size, members, active)
      SELECT '${c}', substr(date('${yesterday}', 'start of month', '-' || (i / 24) || ' months'), 1, 7), i % 24, ${M} / 30 + 1, (${M} / 30 + 1) * (30 - i % 24) / 30, (${M} / 30 + 1) * (24 - i % 24) / 40
      FROM n WHERE i % 24 <= i / 24`),
    env.DB.prepare(`${counter(DAYS * 8)} INSERT INTO insight_content_days (community_id, day, kind, key, label, count)
      SELECT '${c}', date('${yesterday}', '-' || (i / 8) || ' days'), CASE WHEN i % 8 < 5 THEN 'space' ELSE 'topic' END, 'k' || (i % 8), 'Stream ' || (i % 8), ${M} / 500 + (i % 7) FROM n`),
    env.DB.prepare(`${counter(24 * 10)} INSERT INTO insight_top_items (community_id, month, kind, ref_id, title, readers, replies, reactions)
      SELECT '${c}', substr(date('${yesterday}', 'start of month', '-' || (i / 10) || ' months'), 1, 7), CASE WHEN i % 2 = 0 THEN 'drop' ELSE 'thread' END, 'ref' || i, 'Item ' || i, ${M} / 10 + i, i % 40, i % 25 FROM n`),
    // This month and last: 60% of members active, 1 in 100 a leader, 9 participants, the rest readers.
    ...[0, 1].map((back) =>
      env.DB.prepare(`${counter(Math.floor(M * 0.6))} INSERT INTO insight_member_months (community_id, month, email, threads, replies, reactions_given, reactions_received, votes, views, active_days, layer)
        SELECT '${c}', substr(date('${yesterday}', 'start of month', '-${back} months'), 1, 7), ${email("i + 1")}, i % 100 = 0, i % 10, i % 7, i % 100 = 0, 0, 5, 1 + i % 20,
          CASE WHEN i % 100 = 0 THEN 'leader' WHEN i % 100 < 10 THEN 'participant' ELSE 'reader' END FROM n`),
    ),
    env.DB.prepare(`${counter(M)} INSERT INTO insight_members (community_id, email, last_active_day) SELECT '${c}', ${email("i + 1")}, date('${yesterday}', '-' || (i % 120) || ' days') FROM n`),
    env.DB.prepare(`INSERT INTO insight_progress (community_id, rolled_through) VALUES ('${c}', '${yesterday}')`),
  ];
  await env.DB.batch(statements);
  return { community, member };
}
