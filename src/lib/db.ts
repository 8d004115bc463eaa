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
 * query config, and then makes a query builder per table, on each call; we build a Db for every
 * request (each request has its own D1 session). The config depends only on the schema, so it is
 * built once per isolate, and only when something first uses `db.query` (the landing page, the
 * sign-in page and most reads never do: a new isolate's first request skips it); the per-table
 * builders are made when a request first uses `db.query`. The Db is otherwise assembled the way
 * drizzle() assembles it (drizzle-orm/d1/driver.js: dialect, D1 session, database).
 */
type Relational = RelationalSchemaConfig<ExtractTablesWithRelations<typeof schema>>;
let relational: Relational | undefined;

function relationalConfig(): Relational {
  if (!relational) {
    const { tables, tableNamesMap } = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
    relational = { fullSchema: schema, schema: tables as Relational["schema"], tableNamesMap };
  }
  return relational;
}

export function createDb(d1: D1Database): Db {
  const dialect = new SQLiteAsyncDialect();
  const session = new SQLiteD1Session<typeof schema, ExtractTablesWithRelations<typeof schema>>(d1, dialect, undefined, {});
  const db = new DrizzleD1Database<typeof schema>("async", dialect, session, undefined) as Db;
  db.$client = d1;
  Object.defineProperty(db, "query", {
    configurable: true,
    get() {
      const config = relationalConfig();
      (session as unknown as { schema: Relational }).schema = config;
      // The same fields and builders drizzle's constructor makes when given the schema.
      const full = new DrizzleD1Database<typeof schema>("async", dialect, session, config);
      Object.assign(db, { _: full._ });
      Object.defineProperty(db, "query", { value: full.query, configurable: true });
      return full.query;
    },
  });
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
