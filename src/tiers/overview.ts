import { and, asc, desc, eq, gt, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { memberships, tierInvites, tierPrices, tiers, type Tier, type TierInvite, type TierPrice } from "../../drizzle";
import type { Db } from "../lib/db";
import { pricesByInterval, type ActivePrices } from "./prices";
import { qualified } from "../lib/sql";
import { memberCountSql, seatHoldingSql, SEAT_HOLDING_STATUSES } from "./seats";

/**
 * Read models for the owner's pages, each a single D1 round trip. Joined queries inside db.batch
 * select one table's columns only: drizzle 0.45 maps batched join results by column name, so two
 * tables' `id`/`created_at` columns would collide and shift every value after them.
 */

export interface TierSummary {
  tier: Tier;
  prices: ActivePrices;
  seats: number;
  members: number;
  /** Invites that can still be used, newest first. */
  invites: TierInvite[];
}

/** Every tier of the community (archived last) with prices, seats, members and open invites. */
export async function tierOverview(db: Db, communityId: string, now: Date): Promise<TierSummary[]> {
  const inCommunity = eq(tiers.communityId, communityId);
  const [rows, priceRows, inviteRows] = await db.batch([
    db
      .select({ tier: tiers, seats: seatHoldingSql(now), members: memberCountSql() })
      .from(tiers)
      .where(inCommunity)
      .orderBy(sql`${tiers.archivedAt} is not null`, asc(tiers.rank), asc(tiers.createdAt)),
    db
      .select({ price: tierPrices })
      .from(tierPrices)
      .innerJoin(tiers, eq(tiers.id, tierPrices.tierId))
      .where(and(inCommunity, eq(tierPrices.active, true)))
      .orderBy(asc(tierPrices.createdAt), asc(tierPrices.id)),
    db
      .select({ invite: tierInvites })
      .from(tierInvites)
      .innerJoin(tiers, eq(tiers.id, tierInvites.tierId))
      .where(and(inCommunity, gt(tierInvites.expiresAt, now), lt(tierInvites.uses, tierInvites.maxUses)))
      .orderBy(desc(tierInvites.createdAt))
      .limit(200),
  ]);
  return rows.map((r) => ({
    tier: r.tier,
    seats: r.seats,
    members: r.members,
    prices: pricesByInterval(priceRows.map((p) => p.price).filter((p) => p.tierId === r.tier.id)),
    invites: inviteRows.map((i) => i.invite).filter((i) => i.tierId === r.tier.id),
  }));
}

export interface PriceStat {
  price: TierPrice;
  /** Members paying this price now. */
  members: number;
  /** Of those, how many have a migration scheduled, and the earliest date. */
  scheduled: number;
  nextMigrationAt: Date | null;
}

/** Who pays what in a tier: current prices, and older prices that members still pay. */
export async function priceStats(db: Db, tierId: string): Promise<PriceStat[]> {
  const onPrice = and(sql`${memberships.priceId} = ${qualified(tierPrices.id)}`, inArray(memberships.status, [...SEAT_HOLDING_STATUSES]));
  const rows = await db
    .select({
      price: tierPrices,
      members: sql<number>`(select count(*) from ${memberships} where ${onPrice})`.mapWith(Number),
      scheduled: sql<number>`(select count(*) from ${memberships} where ${onPrice} and ${isNotNull(memberships.pendingPriceId)})`.mapWith(Number),
      nextAt: sql<number | null>`(select min(${memberships.pendingPriceAt}) from ${memberships} where ${onPrice} and ${isNotNull(memberships.pendingPriceId)})`,
    })
    .from(tierPrices)
    .where(eq(tierPrices.tierId, tierId))
    .orderBy(asc(tierPrices.interval), desc(tierPrices.createdAt));
  return rows
    .filter((r) => r.price.active || r.members > 0)
    .map((r) => ({ price: r.price, members: r.members, scheduled: r.scheduled, nextMigrationAt: r.nextAt == null ? null : new Date(Number(r.nextAt)) }));
}
