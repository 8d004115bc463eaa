import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../drizzle";

export type Db = ReturnType<typeof createDb>;

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export { schema };

/**
 * Case-insensitive "contains" for staff search boxes. `instr`, not `LIKE '%q%'`: D1 refuses LIKE
 * patterns over 50 bytes (a 49-character search was a 500), and `%`/`_` in the term need no escaping.
 * Callers cap the term (100 characters) at the edge.
 */
export function containsText(column: SQLWrapper, term: string): SQL {
  return sql`instr(lower(${column}), ${term.toLowerCase()}) > 0`;
}
