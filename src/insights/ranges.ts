import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../lib/db";

/**
 * Member ranges: the per-member part of a rollup (ledger states, member months, layers, cohorts)
 * walks the community's members in keyset ranges of email, so one step reads at most
 * MEMBERS_PER_RANGE members' rows whatever the community's size. A range is the emails after
 * `after` up to and including `upto`; the last one (`upto` null) runs to the end, so the ranges
 * cover every email, also one that has activity but no ledger entry.
 */

export const MEMBERS_PER_RANGE = 2000;

export interface MemberRange {
  after: string;
  upto: string | null;
}

/** Every member at once (a rollup of a small community, or a test). */
export const ALL_MEMBERS: MemberRange = { after: "", upto: null };

/** The range that starts after `after`: the next `size` people in the ledger, by its (community, email) index. */
export async function nextRange(db: Db, communityId: string, after: string, size = MEMBERS_PER_RANGE): Promise<MemberRange> {
  const [row] = await db.all<{ email: string }>(sql`
    select email from membership_ledger where community_id = ${communityId} and email > ${after}
    group by email order by email limit 1 offset ${size - 1}`);
  return { after, upto: row?.email ?? null };
}

/** `column` within the range, as SQL. */
export function inRange(column: SQL, range: MemberRange): SQL {
  return range.upto === null ? sql`${column} > ${range.after}` : sql`${column} > ${range.after} and ${column} <= ${range.upto}`;
}
