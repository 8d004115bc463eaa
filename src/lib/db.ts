import {
  createTableRelationsHelpers,
  eq,
  extractTablesRelationalConfig,
  inArray,
  sql,
  type Column,
  type ExtractTablesWithRelations,
  type RelationalSchemaConfig,
  type SQL,
  type SQLWrapper,
} from "drizzle-orm";
import { DrizzleD1Database, SQLiteD1Session } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "../../drizzle";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

/**
 * `drizzle(d1, { schema })` walks every table and column of the schema to build the relational
 * query config, on each call, and we build a Db for every request (each request has its own D1
 * session): about 0.4 ms of every request, and 2 ms of a new isolate's first one. The config
 * depends only on the schema, so it is built once per isolate and the Db is assembled here the
 * way drizzle() assembles it (drizzle-orm/d1/driver.js: dialect, D1 session, database).
 */
type Relational = RelationalSchemaConfig<ExtractTablesWithRelations<typeof schema>>;
let relational: Relational | undefined;

export function createDb(d1: D1Database): Db {
  if (!relational) {
    const { tables, tableNamesMap } = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
    relational = { fullSchema: schema, schema: tables as Relational["schema"], tableNamesMap };
  }
  const dialect = new SQLiteAsyncDialect();
  const db = new DrizzleD1Database<typeof schema>("async", dialect, new SQLiteD1Session(d1, dialect, relational, {}), relational) as Db;
  db.$client = d1;
  return db;
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

/**
 * `column = id`, or `column in (subquery)` when the id is read by a subquery in the same
 * statement, so statements of one batch can all be keyed by a slug or token.
 */
export function idIs(column: Column, id: string | SQLWrapper): SQL {
  return typeof id === "string" ? eq(column, id) : inArray(column, id);
}

export type BatchItem = Parameters<Db["batch"]>[0][number];

/** `db.batch` for a list that may be empty (D1 refuses an empty batch). */
export async function batchAll<T extends BatchItem>(db: Db, items: T[]): Promise<Awaited<T>[]> {
  const [first, ...rest] = items;
  if (!first) return [];
  return (await db.batch([first, ...rest])) as Awaited<T>[];
}

/** Slices of at most `size`: D1 caps bound parameters per statement, so bulk writes go in slices. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows one cron job handles per run. The cron finds due work with indexed, LIMITed queries so
 * that one invocation stays far under D1's 1,000 queries; what is left waits 15 minutes.
 */
export const CRON_BATCH = 100;
