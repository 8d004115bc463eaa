import { eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { memberships, tiers, tierWaitlist } from "../../drizzle";
import type { Db } from "../lib/db";
import { qualified } from "../lib/sql";

/** Statuses that hold a seat for as long as they last (a Checkout in progress holds one until its hold lapses). */
export const SEAT_HOLDING_STATUSES = ["trialing", "active", "past_due", "unpaid"] as const;

/**
 * The number of seats taken in a tier at `now`, as one SQL expression: memberships in a
 * seat-holding status, Checkout holds that have not lapsed, and waitlist offers still open.
 *
 * `tierId` defaults to the `tiers.id` column of the enclosing query, so the count can guard a
 * conditional insert, e.g.
 *   db.insert(memberships).select(
 *     db.select({...}).from(tiers).where(and(eq(tiers.id, id), sql`${seatHoldingSql(now)} < ${tiers.capacity}`)))
 * Pass a tier id string to count one tier outside such a query.
 */
export function seatHoldingSql(now: Date, tierRef: string | SQLWrapper = tiers.id): SQL<number> {
  const at = now.getTime();
  const tierId = qualified(tierRef);
  return sql<number>`((select count(*) from ${memberships} where ${memberships.tierId} = ${tierId} and (${inArray(memberships.status, [...SEAT_HOLDING_STATUSES])} or (${memberships.status} = 'incomplete' and ${memberships.seatHoldUntil} > ${at})))
 + (select count(*) from ${tierWaitlist} where ${tierWaitlist.tierId} = ${tierId} and ${tierWaitlist.status} = 'offered' and ${tierWaitlist.offerExpiresAt} > ${at}))`.mapWith(Number);
}

/** Seats taken in one tier at `now` (0 for an unknown tier). */
export async function seatsTaken(db: Db, tierId: string, now: Date): Promise<number> {
  const row = await db.select({ taken: seatHoldingSql(now) }).from(tiers).where(eq(tiers.id, tierId)).get();
  return row?.taken ?? 0;
}

/** Members who count as members right now (not Checkout holds or offers), for the owner's pyramid. */
export function memberCountSql(tierRef: string | SQLWrapper = tiers.id): SQL<number> {
  const tierId = qualified(tierRef);
  return sql<number>`(select count(*) from ${memberships} where ${memberships.tierId} = ${tierId} and ${inArray(memberships.status, [...SEAT_HOLDING_STATUSES])})`.mapWith(Number);
}
