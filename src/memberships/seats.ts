import { sql, type SQL } from "drizzle-orm";
import { memberships, tierWaitlist } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * Seats a tier has given out at a moment: live memberships, seat holds of people in Checkout that
 * have not lapsed, and open waitlist offers. One SQL expression, so the capacity check and the
 * seat grab can happen in a single statement.
 */
export function seatsTakenSql(tierId: string, now: Date): SQL<number> {
  const ms = now.getTime();
  return sql<number>`((select count(*) from ${memberships} where ${memberships.tierId} = ${tierId}
      and (${memberships.status} in ('trialing', 'active', 'past_due', 'unpaid')
        or (${memberships.status} = 'incomplete' and ${memberships.seatHoldUntil} > ${ms})))
    + (select count(*) from ${tierWaitlist} where ${tierWaitlist.tierId} = ${tierId}
      and ${tierWaitlist.status} = 'offered' and ${tierWaitlist.offerExpiresAt} > ${ms}))`;
}

export async function seatsTaken(db: Db, tierId: string, now: Date): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`select ${seatsTakenSql(tierId, now)} as n`);
  return Number(row?.n ?? 0);
}
