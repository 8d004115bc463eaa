import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
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
  return db
    .select({
      email: memberPoints.email,
      points30d: memberPoints.points30d,
      points: memberPoints.points,
      level: memberPoints.level,
      membershipId: memberships.id,
      tierName: tiers.name,
      comped: memberships.comped,
      subscriptionId: memberships.stripeSubscriptionId,
    })
    .from(memberPoints)
    .innerJoin(memberships, and(eq(memberships.communityId, memberPoints.communityId), eq(memberships.email, memberPoints.email), sql`${memberships.status} in ('trialing', 'active', 'past_due', 'unpaid')`))
    .innerJoin(tiers, eq(tiers.id, memberships.tierId))
    .where(and(eq(memberPoints.communityId, communityId), gt(memberPoints.points30d, 0), lt(tiers.rank, target.rank)))
    .orderBy(desc(memberPoints.points30d), desc(memberPoints.email))
    .limit(limit);
}

export type Candidate = Awaited<ReturnType<typeof candidatesQuery>>[number];
