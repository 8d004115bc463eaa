import { Column, getTableName, is, sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * A column as `"table"."column"`, for a correlated subquery's reference to the enclosing row.
 * drizzle writes the columns of a one-table select's `sql` fields bare ("posts"."community_id"
 * becomes "community_id"), and inside `(select ... from member_profiles where community_id = <it>)`
 * a bare name is the subquery's own column: the condition holds for every row. A value, or an
 * expression already spelled out, passes through.
 */
export function qualified(ref: SQLWrapper): SQLWrapper;
export function qualified(ref: string | SQLWrapper): string | SQLWrapper;
export function qualified(ref: string | SQLWrapper): string | SQLWrapper {
  return is(ref, Column) ? sql`${sql.identifier(getTableName(ref.table))}.${sql.identifier(ref.name)}` : ref;
}

/**
 * An id to compare a column with: a value, or a subquery yielding it, in parentheses. The
 * session's batch knows a community only by its slug, so the reads it carries for a space, a
 * post, a drop or an event name their community by `(select id from communities where slug = ?)`.
 */
export function idOrSubquery(id: string | SQLWrapper): SQL {
  return typeof id === "string" ? sql`${id}` : sql`(${id})`;
}
