import { and, desc, eq, gt, sql } from "drizzle-orm";
import { memberPoints, memberships, tiers, type Tier } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * Who is rising: current members below the target tier (the core), by points gained in the last
 * 30 days. Read from the 30-day index, stopping at `limit` candidates; promoting one is the
 * member management's own "move to tier" (src/members/moves.ts), one click from the list.
 */

export const CANDIDATES = 20;

/** The tier candidates would join: the one asked for, else the highest-ranked live tier. */
export function targetTierOf(list: Tier[], wanted: string | undefined): Tier | null {
  const live = list.filter((t) => !t.archivedAt);
  return live.find((t) => t.id === wanted) ?? live.reduce<Tier | null>((top, t) => (!top || t.rank > top.rank ? t : top), null);
}

export function candidatesQuery(db: Db, communityId: string, target: Pick<Tier, "rank">, limit = CANDIDATES) {
  // Driven by the 30-day index (the order and the LIMIT), the membership and tier looked up per
  // row: a join would let SQLite start from memberships and sort the whole community. The outer
  // column is named in full: drizzle writes a one-table query's columns bare.
  const live = sql`from ${memberships} m join ${tiers} t on t.id = m.tier_id
    where m.community_id = ${communityId} and m.email = "member_points"."email" and m.status in ('trialing', 'active', 'past_due', 'unpaid')`;
  return db
    .select({
      email: memberPoints.email,
      points30d: memberPoints.points30d,
      points: memberPoints.points,
      level: memberPoints.level,
      membershipId: sql<string>`(select m.id ${live} limit 1)`,
      tierName: sql<string>`(select t.name ${live} limit 1)`,
      comped: sql<number>`(select m.comped ${live} limit 1)`,
      subscriptionId: sql<string | null>`(select m.stripe_subscription_id ${live} limit 1)`,
    })
    .from(memberPoints)
    .where(and(eq(memberPoints.communityId, communityId), gt(memberPoints.points30d, 0), sql`exists (select 1 ${live} and t.rank < ${target.rank})`))
    .orderBy(desc(memberPoints.points30d), desc(memberPoints.email))
    .limit(limit);
}

export type Candidate = Awaited<ReturnType<typeof candidatesQuery>>[number];
