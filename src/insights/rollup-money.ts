import { sql } from "drizzle-orm";
import { insightDays, membershipLedger, subscriptionInvoices } from "../../drizzle";
import type { Db } from "../lib/db";
import { dayEndMs, dayStartMs } from "./days";
import type { LedgerEntry, MemberState, MoneyDay } from "./movements";
import { inRange, type MemberRange } from "./ranges";

/** Reading the membership ledger for one range of days and one range of members (src/insights/rollup-members.ts). */

const EMAIL = sql.raw("email");

/** Each person's state at `before` (ms): their latest ledger entry, and whether they ever paid. */
export async function statesAt(db: Db, communityId: string, before: number, range: MemberRange): Promise<Map<string, MemberState>> {
  const rows = await db.all<{ email: string; tier_id: string; status: string; mrr: number; ever: number }>(sql`
    select email, tier_id, status, mrr, ever from (
      select email, tier_id, status, mrr,
        max(mrr) over (partition by email) as ever,
        row_number() over (partition by email order by at desc, id desc) as rn
      from ${membershipLedger} where community_id = ${communityId} and ${inRange(EMAIL, range)} and at < ${before}
    ) where rn = 1`);
  return new Map(rows.map((r) => [r.email, { tierId: r.tier_id, status: r.status, mrr: r.mrr, everPaid: r.ever > 0 }]));
}

export async function entriesBetween(db: Db, communityId: string, from: string, to: string, range: MemberRange): Promise<LedgerEntry[]> {
  const rows = await db.all<{ email: string; tier_id: string; status: string; mrr: number; at: number }>(sql`
    select email, tier_id, status, mrr, at from ${membershipLedger}
    where community_id = ${communityId} and ${inRange(EMAIL, range)} and at >= ${dayStartMs(from)} and at < ${dayEndMs(to)}
    order by at, id`);
  return rows.map((r) => ({ email: r.email, tierId: r.tier_id, status: r.status, mrr: r.mrr, at: r.at }));
}

/** Month ("YYYY-MM") of each person's first day as a member (trials included), up to `before`. */
export async function firstJoins(db: Db, communityId: string, before: number, range: MemberRange): Promise<Map<string, string>> {
  const rows = await db.all<{ email: string; first: number }>(sql`
    select email, min(at) as first from ${membershipLedger}
    where community_id = ${communityId} and ${inRange(EMAIL, range)} and at < ${before} and status in ('trialing', 'active', 'past_due')
    group by email`);
  return new Map(rows.map((r) => [r.email, new Date(r.first).toISOString().slice(0, 7)]));
}

const MONEY_COLUMNS = [
  "members",
  "paying",
  "mrr",
  "newMrr",
  "expansionMrr",
  "contractionMrr",
  "churnedMrr",
  "reactivatedMrr",
  "joined",
  "churnedVoluntary",
  "churnedInvoluntary",
  "recoveries",
] as const satisfies (keyof MoneyDay)[];

type DayColumn = keyof typeof insightDays.$inferInsert;

/** An upsert of some columns of one insight_days row, leaving the others as they are. */
export function upsertDay(db: Db, key: { communityId: string; day: string; tierId: string }, values: Partial<Record<DayColumn, unknown>>) {
  const columns = Object.keys(values) as DayColumn[];
  const set = Object.fromEntries(columns.map((c) => [c, sql.raw(`excluded."${insightDays[c as keyof typeof insightDays.$inferSelect].name}"`)]));
  return db
    .insert(insightDays)
    .values({ ...key, ...values } as typeof insightDays.$inferInsert)
    .onConflictDoUpdate({ target: [insightDays.communityId, insightDays.tierId, insightDays.day], set });
}

/** The money columns of one day and tier, as an upsert. */
export function moneyDayStatement(db: Db, communityId: string, day: string, tierId: string, m: MoneyDay) {
  return upsertDay(db, { communityId, day, tierId }, Object.fromEntries(MONEY_COLUMNS.map((c) => [c, m[c]])));
}

/**
 * Subscription invoices paid on each day of `from`..`to`, and subscription payments refunded on
 * each day, summed per tier (read by the (community_id, paid_at) and (community_id, refunded_at)
 * indexes: a row per day and tier comes back, not per invoice).
 */
type InvoiceDay = { day: string; tier_id: string; amount: number; refunded: number };

export function invoiceDaysQuery(db: Db, communityId: string, from: string, to: string) {
  const start = dayStartMs(from);
  const end = dayEndMs(to);
  return db.all<InvoiceDay>(sql`
    select day, tier_id, sum(amount) as amount, sum(refunded) as refunded from (
      select date(paid_at / 1000, 'unixepoch') as day, tier_id, amount, 0 as refunded from ${subscriptionInvoices}
      where community_id = ${communityId} and paid_at >= ${start} and paid_at < ${end}
      union all
      select date(refunded_at / 1000, 'unixepoch'), tier_id, 0, refunded from ${subscriptionInvoices}
      where community_id = ${communityId} and refunded_at >= ${start} and refunded_at < ${end}
    ) group by 1, 2`);
}

/** The tier rows' subscription revenue and refunds, for the days a tier had either (the all-tiers row takes `invoiceTotals`). */
export function invoiceDayStatements(db: Db, communityId: string, rows: InvoiceDay[]) {
  return rows.map((r) => upsertDay(db, { communityId, day: r.day, tierId: r.tier_id }, { subscriptionRevenue: r.amount, subscriptionRefunds: r.refunded }));
}

export function invoiceTotals(rows: InvoiceDay[], day: string) {
  const ofDay = rows.filter((r) => r.day === day);
  return { subscriptionRevenue: ofDay.reduce((a, r) => a + r.amount, 0), subscriptionRefunds: ofDay.reduce((a, r) => a + r.refunded, 0) };
}
