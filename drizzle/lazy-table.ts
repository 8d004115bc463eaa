import { sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * `sqliteTable`, built on first use. Each of our ~90 tables is a drizzle object with a column
 * object per column, and building them all was about a third of a Worker's own start-up code
 * (README, "Cold start"); a request uses a handful. The table files pass their columns as a
 * function, so nothing of a table is made until something reads it: a query, a `sql` fragment, or
 * drizzle-kit. What each table file exports is a stand-in that builds the drizzle table on its
 * first read and from then on answers every read, `instanceof` and key listing with that table's,
 * so drizzle (which recognises a table by its prototype and symbol-keyed properties) sees the
 * table itself.
 */
export const lazyTable = ((...args: Parameters<typeof sqliteTable>) => {
  let table: object | undefined;
  const real = (): object => (table ??= sqliteTable(...args));
  const standIn = new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(real(), key),
      has: (_, key) => Reflect.has(real(), key),
      set: (_, key, value) => Reflect.set(real(), key, value),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        // A proxy may only report properties its own (empty) target lacks as configurable.
        return descriptor && { ...descriptor, configurable: true };
      },
      defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
      deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    },
  );
  standIns.add(standIn);
  return standIn;
}) as typeof sqliteTable;

const standIns = new WeakSet<object>();

/** Whether `value` is one of our tables, told without building it (src/lib/db.ts). */
export function isLazyTable(value: unknown): boolean {
  return typeof value === "object" && value !== null && standIns.has(value);
}
