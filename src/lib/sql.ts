import { Column, getTableName, is, sql, type SQLWrapper } from "drizzle-orm";

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
