import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { applications, communityStaff } from "../../drizzle";

/**
 * The name other people see for an author, as a column expression so that lists read it in the
 * same statement as the posts (no second round trip, no N+1). Never any part of an email: the
 * name the person gave when applying, "Team" for staff without one, else "Member". A name that
 * looks like an email address is not shown either.
 *
 * The one place spaces name people: the profiles feature replaces this with display names.
 */
export function authorName(communityId: SQLWrapper, email: SQLWrapper): SQL<string> {
  const applied = sql`(select a.name from ${applications} a where a.community_id = ${communityId} and a.email = ${email} and instr(a.name, '@') = 0 order by a.created_at desc limit 1)`;
  const staff = sql`(select 'Team' from ${communityStaff} s where s.community_id = ${communityId} and s.email = ${email} limit 1)`;
  return sql<string>`coalesce(nullif(trim(${applied}), ''), ${staff}, 'Member')`;
}
