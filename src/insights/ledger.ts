import { sql, type SQL } from "drizzle-orm";
import { membershipLedger, memberships, tierPrices } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";

/**
 * The membership ledger: every state a membership has been in, so MRR movements (new, expansion,
 * contraction, churn, reactivation) can be read back for any day. The membership row keeps only
 * the present; this keeps the past. Writers call `ledgerSnapshot` after (or in the batch of)
 * each change: it copies the membership's tier, status and monthly amount, and writes nothing
 * when none of them changed since the last entry, so calling it twice is harmless.
 */

/** Statuses whose subscription counts in MRR: paying now, or in the grace period of a failed payment. */
export const MRR_STATUSES = ["active", "past_due"] as const;
/** Statuses that make someone a member (trials included, no money yet). */
export const MEMBER_STATUSES = ["trialing", "active", "past_due"] as const;

/** The monthly amount a membership row pays, as SQL over `m` (memberships) and `p` (its price). */
const MRR_SQL = sql.raw(`case when m.status in ('active', 'past_due') and m.comped = 0 and p.amount is not null
  then case p.interval when 'year' then cast(round(p.amount / 12.0) as integer) else p.amount end else 0 end`);

/** A statement recording the membership's current state in the ledger if it changed; batch it with the change. */
export function ledgerSnapshot(db: Db, membershipId: string, at: Date) {
  return db.insert(membershipLedger).select(sql`select ${newId("led")}, m.community_id, lower(m.email), m.id, m.tier_id, m.status, ${MRR_SQL}, ${at.getTime()}
    from ${memberships} m left join ${tierPrices} p on p.id = m.price_id
    where m.id = ${membershipId} and m.status not in ('incomplete', 'expired')
      and not exists (
        select 1 from ${membershipLedger} last
        where last.membership_id = m.id and last.at = (select max(at) from ${membershipLedger} x where x.membership_id = m.id)
          and last.tier_id = m.tier_id and last.status = m.status and last.mrr = ${MRR_SQL}
      )`);
}

/**
 * History for memberships that predate the ledger (the first rollup of a community): a joining
 * entry at `joined_at` with today's tier and price, and an ending entry at `ended_at`. Ids are
 * derived from the membership, so running it again inserts nothing.
 */
export function ledgerBackfill(communityId: string): SQL[] {
  const noHistory = sql.raw(`not exists (select 1 from membership_ledger l where l.membership_id = m.id and l.at <= m.joined_at)`);
  return [
    sql`insert or ignore into ${membershipLedger} (id, community_id, email, membership_id, tier_id, status, mrr, at)
      select 'bf_join_' || m.id, m.community_id, lower(m.email), m.id, m.tier_id, 'active',
        case when m.comped = 0 and p.amount is not null then case p.interval when 'year' then cast(round(p.amount / 12.0) as integer) else p.amount end else 0 end,
        m.joined_at
      from ${memberships} m left join ${tierPrices} p on p.id = m.price_id
      where m.community_id = ${communityId} and m.joined_at is not null and ${noHistory}`,
    sql`insert or ignore into ${membershipLedger} (id, community_id, email, membership_id, tier_id, status, mrr, at)
      select 'bf_end_' || m.id, m.community_id, lower(m.email), m.id, m.tier_id, m.status, 0, m.ended_at
      from ${memberships} m
      where m.community_id = ${communityId} and m.joined_at is not null and m.ended_at is not null
        and m.status in ('canceled', 'removed', 'unpaid')
        and not exists (select 1 from membership_ledger l where l.membership_id = m.id and l.at >= m.ended_at and l.id <> 'bf_join_' || m.id)`,
  ];
}
