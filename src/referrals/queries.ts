import { and, desc, eq, sql } from "drizzle-orm";
import { referralLinks, referrals, referrerTotals, type ReferrerTotals } from "../../drizzle";
import type { Db } from "../lib/db";

/** The people a member brought (newest first, a page) with their own live link and totals, in one round trip. */
export async function memberReferrals(db: Db, communityId: string, email: string, limit = 50) {
  const who = email.toLowerCase();
  const [links, rows, totals] = await db.batch([
    db.select().from(referralLinks).where(and(eq(referralLinks.communityId, communityId), eq(referralLinks.email, who), sql`${referralLinks.revokedAt} is null`)).limit(1),
    db.select().from(referrals).where(and(eq(referrals.communityId, communityId), eq(referrals.referrerEmail, who))).orderBy(desc(referrals.createdAt)).limit(limit),
    db.select().from(referrerTotals).where(and(eq(referrerTotals.communityId, communityId), eq(referrerTotals.email, who))).limit(1),
  ]);
  return { link: links[0] ?? null, referrals: rows, totals: totals[0] ?? null };
}

export interface ProgramTotals {
  referrers: number;
  brought: number;
  joined: number;
  discountTotal: number;
  creditTotal: number;
  revenue: number;
}

/**
 * The owner's leaderboard (most joined, then most brought) and what referrals cost and earned,
 * read from the per-referrer totals the reward writes keep, never from the referrals themselves.
 */
export async function referralLeaderboard(db: Db, communityId: string, limit = 20): Promise<{ leaders: ReferrerTotals[]; totals: ProgramTotals }> {
  const [leaders, sums] = await db.batch([
    db.select().from(referrerTotals).where(eq(referrerTotals.communityId, communityId)).orderBy(desc(referrerTotals.joined), desc(referrerTotals.brought)).limit(limit),
    db
      .select({
        referrers: sql<number>`count(*)`,
        brought: sql<number>`coalesce(sum(${referrerTotals.brought}), 0)`,
        joined: sql<number>`coalesce(sum(${referrerTotals.joined}), 0)`,
        discountTotal: sql<number>`coalesce(sum(${referrerTotals.discountTotal}), 0)`,
        creditTotal: sql<number>`coalesce(sum(${referrerTotals.creditTotal}), 0)`,
        revenue: sql<number>`coalesce(sum(${referrerTotals.revenue}), 0)`,
      })
      .from(referrerTotals)
      .where(eq(referrerTotals.communityId, communityId)),
  ]);
  const s = sums[0]!;
  return { leaders, totals: { referrers: Number(s.referrers), brought: Number(s.brought), joined: Number(s.joined), discountTotal: Number(s.discountTotal), creditTotal: Number(s.creditTotal), revenue: Number(s.revenue) } };
}
