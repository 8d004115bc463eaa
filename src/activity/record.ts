import { inArray, sql, type SQLWrapper } from "drizzle-orm";
import { LIVE_MEMBERSHIP_STATUSES, memberActivityDaily, memberships } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * The activity record insights read: one row per member, community and UTC day, incremented by
 * the write that does the thing (in the same batch where there is one). Reading a member's month
 * or a community's day is an index range, whatever the size of the history.
 */

export type ActivityField = "posts" | "replies" | "reactionsGiven" | "reactionsReceived" | "votes" | "threadViews" | "dropViews" | "signIns" | "visits" | "eventsAttended";

const COLUMN: Record<ActivityField, string> = {
  posts: "posts",
  replies: "replies",
  reactionsGiven: "reactions_given",
  reactionsReceived: "reactions_received",
  votes: "votes",
  threadViews: "thread_views",
  dropViews: "drop_views",
  signIns: "sign_ins",
  visits: "visits",
  eventsAttended: "events_attended",
};

/** "YYYY-MM-DD" of a moment, in UTC. */
export function activityDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A statement adding `by` (may be negative, e.g. a reaction taken back) to one counter; batch it with the write. */
export function recordActivity(db: Db, communityId: string, email: string, at: Date, field: ActivityField, by = 1) {
  const column = sql.raw(`"${COLUMN[field]}"`);
  return db
    .insert(memberActivityDaily)
    .values({ communityId, day: activityDay(at), email: email.toLowerCase(), [field]: Math.max(0, by) })
    .onConflictDoUpdate({
      target: [memberActivityDaily.communityId, memberActivityDaily.day, memberActivityDaily.email],
      set: { [field]: sql`max(0, ${column} + ${by})` },
    });
}

/**
 * A statement marking that the member opened a page inside the community today: `visits` is 1
 * for each day with a visit, however many pages they open (the basis of daily and monthly active
 * members). Repeat visits on the same day write nothing. Batch it with the page's reads.
 */
export function recordVisit(db: Db, communityId: string, email: string, at: Date) {
  return db
    .insert(memberActivityDaily)
    .values({ communityId, day: activityDay(at), email: email.toLowerCase(), visits: 1 })
    .onConflictDoUpdate({
      target: [memberActivityDaily.communityId, memberActivityDaily.day, memberActivityDaily.email],
      set: { visits: 1 },
      setWhere: sql`${memberActivityDaily.visits} = 0`,
    });
}

/** Communities one sign-in is recorded in at most (a person is a member of a handful). */
const SIGN_IN_COMMUNITIES = 50;

/**
 * A completed sign-in, counted once in every community where the person holds a live membership
 * (one statement, bounded): sign-ins are per person, not per community, but insights read them per
 * community like every other counter.
 */
export async function recordSignIn(db: Db, email: string | SQLWrapper, at: Date): Promise<void> {
  const who = typeof email === "string" ? email.toLowerCase() : email;
  await db.run(sql`insert into ${memberActivityDaily} (community_id, day, email, sign_ins)
    select m.community_id, ${activityDay(at)}, ${who}, 1 from (
      select distinct community_id from ${memberships} where ${memberships.email} = ${who} and ${inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])} limit ${SIGN_IN_COMMUNITIES}
    ) m where true
    on conflict (community_id, day, email) do update set sign_ins = sign_ins + 1`);
}
