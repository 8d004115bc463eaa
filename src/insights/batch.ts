import { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../lib/db";

/**
 * The rollups write many statements, some of them raw SQL (INSERT ... SELECT with window
 * functions), which drizzle's own batch cannot carry. This sends any mix of raw SQL and drizzle
 * queries as one D1 batch: one round trip, all or nothing.
 */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteAsyncDialect();

/** Statements per D1 batch call (each call is atomic; the rollups are idempotent across calls). */
const BATCH_MAX = 200;

export async function runBatch<T = Record<string, unknown>>(db: Db, statements: Statement[]): Promise<T[][]> {
  const out: T[][] = [];
  for (let i = 0; i < statements.length; i += BATCH_MAX) {
    const prepared = statements.slice(i, i + BATCH_MAX).map((s) => {
      const q = s instanceof SQL ? dialect.sqlToQuery(s) : s.toSQL();
      return db.$client.prepare(q.sql).bind(...q.params);
    });
    if (!prepared.length) continue;
    const results = await db.$client.batch<T>(prepared);
    out.push(...results.map((r) => r.results ?? []));
  }
  return out;
}
