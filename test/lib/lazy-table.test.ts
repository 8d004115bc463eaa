import { env } from "cloudflare:workers";
import { eq, getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { alias, getTableConfig, index, integer, sqliteTable, SQLiteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { communities } from "../../drizzle";
import { isLazyTable, lazyTable } from "../../drizzle/lazy-table";
import { createDb } from "../../src/lib/db";

// drizzle/lazy-table.ts: the schema's tables are built on their first read (README, "Cold start").

let built = 0;
const probeColumns = () => {
  built += 1;
  return { id: text("id").primaryKey(), name: text("name").notNull(), n: integer("n").notNull().default(0), parent: text("parent") };
};
const probeIndexes = (t: { n: unknown }) => [index("lazy_probe_n").on(t.n as never)];
const probe = lazyTable("lazy_probe", probeColumns, probeIndexes as never);

describe("lazyTable", () => {
  it("builds nothing until first read, then is the table sqliteTable builds, for drizzle and drizzle-kit alike", () => {
    expect(built).toBe(0);
    expect(isLazyTable(probe)).toBe(true);
    expect(built).toBe(0);
    expect(is(probe, SQLiteTable)).toBe(true);
    expect(probe instanceof Table).toBe(true);
    expect(built).toBe(1);
    expect(getTableName(probe)).toBe("lazy_probe");
    expect(Object.keys(getTableColumns(probe))).toEqual(["id", "name", "n", "parent"]);

    const eager = sqliteTable("lazy_probe", probeColumns(), probeIndexes as never);
    expect(isLazyTable(eager)).toBe(false);
    const shape = (t: SQLiteTable) => {
      const config = getTableConfig(t);
      return {
        name: config.name,
        columns: config.columns.map((c) => [c.name, c.columnType, c.notNull, c.primary, c.default]),
        indexes: config.indexes.map((i) => i.config.name),
      };
    };
    expect(shape(probe)).toEqual(shape(eager));
    expect(built).toBe(2); // the eager copy's columns; the stand-in built its table once
  });

  it("reads and writes D1 through the stand-in: insert, select, update, an alias join and db.query", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS lazy_probe (id TEXT PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, parent TEXT)");
    const db = createDb(env.DB);
    await db.insert(probe).values([
      { id: "a", name: "Ada" },
      { id: "b", name: "Ben", n: 2, parent: "a" },
    ]);
    await db.update(probe).set({ n: 5 }).where(eq(probe.id, "a"));
    expect(await db.select({ id: probe.id, n: probe.n }).from(probe).orderBy(probe.id)).toEqual([
      { id: "a", n: 5 },
      { id: "b", n: 2 },
    ]);
    const parent = alias(probe, "parent_probe");
    expect(await db.select({ child: probe.name, parent: parent.name }).from(probe).innerJoin(parent, eq(probe.parent, parent.id))).toEqual([
      { child: "Ben", parent: "Ada" },
    ]);
    // The schema's tables through the relational API, each made on its first use.
    expect(isLazyTable(communities)).toBe(true);
    expect(await db.query.communities.findFirst({ where: eq(communities.slug, "no-such-community") })).toBeUndefined();
    expect(Object.keys(db.query)).toContain("applications");
  });
});
