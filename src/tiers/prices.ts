import { and, asc, eq } from "drizzle-orm";
import { tierPrices, type BillingInterval, type TierPrice } from "../../drizzle";
import type { Db } from "../lib/db";

export type ActivePrices = Partial<Record<BillingInterval, TierPrice>>;

/**
 * The prices a newcomer is offered, per interval. Should two ever be active for one interval
 * (two owners saving at once), the newest wins, the same answer for every caller.
 */
export async function activePrices(db: Db, tierId: string): Promise<ActivePrices> {
  const rows = await db
    .select()
    .from(tierPrices)
    .where(and(eq(tierPrices.tierId, tierId), eq(tierPrices.active, true)))
    .orderBy(asc(tierPrices.createdAt), asc(tierPrices.id));
  return pricesByInterval(rows);
}

/** Active rows (oldest first) -> the newest per interval. */
export function pricesByInterval(rows: TierPrice[]): ActivePrices {
  const out: ActivePrices = {};
  for (const row of rows) if (row.active) out[row.interval] = row;
  return out;
}
