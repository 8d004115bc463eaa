/**
 * A D1 binding that counts what goes through it: round trips (one per statement run alone, one
 * per batch), statements, rows SQLite read, and the bytes of the results (as JSON). Tests and
 * the benchmark wrap env.DB with it to pin and print the cost of a page or a job.
 */
export interface D1Stats {
  roundTrips: number;
  statements: number;
  rowsRead: number;
  bytes: number;
}

type Wrapped = D1PreparedStatement & { inner: D1PreparedStatement; query: Statement };

/** A statement as it was run: its SQL and bound values (for EXPLAIN QUERY PLAN). */
export interface Statement {
  sql: string;
  params: unknown[];
  /** Which round trip of the current count ran it (1-based; a batch's statements share one). */
  trip?: number;
}

export function countingD1(inner: D1Database): { db: D1Database; stats: D1Stats; log: Statement[]; reset(): D1Stats } {
  const stats: D1Stats = { roundTrips: 0, statements: 0, rowsRead: 0, bytes: 0 };
  const log: Statement[] = [];
  const sizeOf = (value: unknown) => (value == null ? 0 : JSON.stringify(value).length);
  const record = (result: D1Result | null | undefined) => {
    stats.rowsRead += result?.meta?.rows_read ?? 0;
    stats.bytes += sizeOf(result?.results);
  };
  const counted = async <T>(query: Statement, work: () => Promise<T>): Promise<T> => {
    stats.roundTrips += 1;
    stats.statements += 1;
    log.push({ ...query, trip: stats.roundTrips });
    return work();
  };
  const wrap = (stmt: D1PreparedStatement, query: Statement): Wrapped => {
    const one = <T>(work: () => Promise<T>) => counted(query, work);
    return {
      inner: stmt,
      query,
      bind: (...values: unknown[]) => wrap(stmt.bind(...values), { sql: query.sql, params: values }),
      first: (column?: string) =>
        one(async () => {
          const row = await (column ? stmt.first(column) : stmt.first());
          stats.bytes += sizeOf(row);
          return row;
        }),
      all: () => one(async () => {
        const r = await stmt.all();
        record(r);
        return r;
      }),
      run: () => one(async () => {
        const r = await stmt.run();
        record(r);
        return r;
      }),
      raw: (options?: { columnNames?: boolean }) =>
        one(async () => {
          const rows = await stmt.raw(options as { columnNames: true });
          stats.bytes += sizeOf(rows);
          return rows;
        }),
    } as unknown as Wrapped;
  };
  // The same counting over the binding itself and over each D1 session the app opens on it
  // (src/lib/d1-session.ts: every request runs in one).
  const over = (target: Pick<D1Database, "prepare" | "batch">) => ({
    prepare: (query: string) => wrap(target.prepare(query), { sql: query, params: [] }),
    batch: async (statements: Wrapped[]) => {
      stats.roundTrips += 1;
      stats.statements += statements.length;
      log.push(...statements.map((s) => ({ ...s.query, trip: stats.roundTrips })));
      const results = await target.batch(statements.map((s) => s.inner));
      for (const r of results) record(r);
      return results;
    },
  });
  const db = {
    ...over(inner),
    exec: (query: string) => counted({ sql: query, params: [] }, () => inner.exec(query)),
    dump: () => inner.dump(),
    withSession: (...args: Parameters<D1Database["withSession"]>) => {
      const session = inner.withSession(...args);
      return { ...over(session), getBookmark: () => session.getBookmark() };
    },
  } as unknown as D1Database;
  return {
    db,
    stats,
    log,
    reset() {
      const copy = { ...stats };
      Object.assign(stats, { roundTrips: 0, statements: 0, rowsRead: 0, bytes: 0 });
      return copy;
    },
  };
}

/**
 * EXPLAIN QUERY PLAN of each distinct recorded statement (reads and writes; `kinds` narrows it,
 * e.g. /^\s*(select|with)\b/i), run against `db` with the same bound values.
 */
export async function queryPlans(db: D1Database, log: Statement[], kinds = /^\s*(select|update|insert|delete|with)\b/i): Promise<{ sql: string; plan: string[] }[]> {
  const distinct = new Map(log.filter((q) => kinds.test(q.sql)).map((q) => [q.sql, q]));
  const out: { sql: string; plan: string[] }[] = [];
  for (const q of distinct.values()) {
    const { results } = await db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.params).all<{ detail: string }>();
    out.push({ sql: q.sql, plan: results.map((r) => r.detail) });
  }
  return out;
}
