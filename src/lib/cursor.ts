import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { AppError } from "./errors";

/** A keyset position: the sort time (ms) and id of the last row of the previous page. */
export interface Keyset {
  at: number;
  id: string;
}

/** "<ms>.<id>": the position after which the next page starts. */
export const cursorOf = (at: Date | number, id: string): string => `${typeof at === "number" ? at : at.getTime()}.${id}`;

/** Reads a cursor made by `cursorOf`; a malformed one is a 400 naming `field`. */
export function parseCursor(raw: string | undefined | null, field: string): Keyset | null {
  if (!raw) return null;
  const m = /^(\d{1,15})\.([0-9a-z_]{1,64})$/.exec(raw);
  if (!m) throw AppError.validation([{ field, message: "Not a cursor from a previous page" }]);
  return { at: Number(m[1]), id: m[2]! };
}

/**
 * "Past the cursor" for a keyset page in (sort, id) order, as one row-value comparison:
 * `(sort, id) > (at, id)` for a list read ascending, `<` for one read descending. SQLite seeks
 * the index that ends in (sort, id) straight to the position. Written as `sort < at or (sort = at
 * and id < id)` it cannot: the plan reads `(community_id=?)` instead of
 * `(community_id=? AND (created_at,id)<(?,?))`, and a deep page walks every entry before it.
 * `at` is the sort value as stored: milliseconds for a timestamp column.
 */
export function pastCursor(order: "asc" | "desc", sort: SQLWrapper, id: SQLWrapper, at: number | string, key: string): SQL {
  return order === "asc" ? sql`(${sort}, ${id}) > (${at}, ${key})` : sql`(${sort}, ${id}) < (${at}, ${key})`;
}
