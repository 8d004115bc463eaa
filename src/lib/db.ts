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
import { RelationalQueryBuilder } from "drizzle-orm/sqlite-core/query-builders/query";
import * as schema from "../../drizzle";
import { isLazyTable } from "../../drizzle/lazy-table";
import { lazyFields, once } from "./lazy-fields";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

/**
 * `drizzle(d1, { schema })` walks every table and column of the schema to build the relational
 * query config, and then makes a query builder per table, on each call; we build a Db for every
 * request (each request has its own D1 session). Our tables are built on first use
 * (drizzle/lazy-table.ts), and that walk would build all ~90 of them on the first `db.query` of
 * an isolate. The schema has no relations, so a table's relational config depends on that table
 * alone: each is made when `db.query.<table>` is first read, once per isolate, and the query
 * builder for it once per Db. The Db is otherwise assembled the way drizzle() assembles it
 * (drizzle-orm/d1/driver.js: dialect, D1 session, database).
 */
type Relational = RelationalSchemaConfig<ExtractTablesWithRelations<typeof schema>>;
type TableConfig = ReturnType<typeof extractTablesRelationalConfig>["tables"][string];

const tableKeys = once(() => Object.keys(schema).filter((key) => isLazyTable(schema[key as keyof typeof schema])));

/** `{ [key]: make(key) }` for every table of the schema, each made on its first read and kept. */
function perTable<T>(make: (key: string) => T): Record<string, T> {
  return lazyFields(Object.fromEntries(tableKeys().map((key) => [key, () => make(key)])));
}

/** One table's relational config, as drizzle makes it for a schema of that table alone. */
const tableConfig = (key: string): TableConfig =>
  extractTablesRelationalConfig({ [key]: schema[key as keyof typeof schema] }, createTableRelationsHelpers).tables[key] as TableConfig;

/** Database name → key: only relations read it, and the schema has none; built if ever asked. */
const namesMap = once(() => extractTablesRelationalConfig(schema, createTableRelationsHelpers).tableNamesMap);
const tableNamesMap = new Proxy({} as Record<string, string>, { get: (_, name) => namesMap()[name as string] });
// Made on first read, like everything the relational API needs: most isolates never use it.
const tableConfigs = once(() => perTable(tableConfig));
const relational = {
  fullSchema: schema,
  get schema() {
    return tableConfigs();
  },
  tableNamesMap,
} as unknown as Relational;

export function createDb(d1: D1Database): Db {
  const dialect = new SQLiteAsyncDialect();
  const session = new SQLiteD1Session<typeof schema, ExtractTablesWithRelations<typeof schema>>(d1, dialect, relational, {});
  const db = new DrizzleD1Database<typeof schema>("async", dialect, session, undefined) as Db;
  db.$client = d1;
  Object.assign(db, { _: relational });
  // The builders drizzle's constructor makes for every table, made here when a table is first
  // used; most requests never read `db.query` at all.
  Object.defineProperty(db, "query", {
    configurable: true,
    get() {
      const query = perTable(
        (key) =>
          new RelationalQueryBuilder("async", schema, relational.schema, tableNamesMap, schema[key as keyof typeof schema] as never, tableConfigs()[key], dialect, session as never),
      );
      Object.defineProperty(db, "query", { value: query, configurable: true });
      return query;
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
